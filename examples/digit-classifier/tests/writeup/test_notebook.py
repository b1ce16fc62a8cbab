"""The exploration notebook, executed for real by its runner on the session's data."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from digit_classifier.config import TARGET
from digit_classifier.dataset import Images
from writeup.notebook import EXPLORATION_NOTEBOOK, VOLATILE_CELL_METADATA, execute_notebook
from writeup.paths import WriteupPaths
from writeup.project import Paths, ProjectError

# Fewer rows than the real training split has: the notebook must report these, which
# shows it explores the data it is pointed at, not the project's data/processed/.
SUBSET_ROWS = 40


@pytest.fixture(scope="module")
def notebook_paths(
    project_paths: Paths, train_split: Images, tmp_path_factory: pytest.TempPathFactory
) -> WriteupPaths:
    """A project root holding a copy of the notebook and part of the session's training split."""
    root = tmp_path_factory.mktemp("notebook")
    run = dataclasses.replace(Paths.under(root), raw_dir=project_paths.raw_dir)
    run.processed_dir.mkdir(parents=True)
    shutil.copy(project_paths.cleaning_report, run.cleaning_report)
    subset = train_split.take(np.arange(SUBSET_ROWS))
    subset.save(run.train_images)
    # The same images as a table, as the data step writes it beside them.
    pd.DataFrame({"file": subset.files, TARGET: subset.labels}).to_csv(run.train_csv, index=False)
    notebook = root / "notebooks" / EXPLORATION_NOTEBOOK.name
    notebook.parent.mkdir()
    shutil.copy(EXPLORATION_NOTEBOOK, notebook)
    return WriteupPaths(run)


@pytest.fixture(scope="module")
def executed(notebook_paths: WriteupPaths) -> Path:
    """The notebook copy, executed once for the tests of this module."""
    return execute_notebook(
        notebook_paths.root / "notebooks" / EXPLORATION_NOTEBOOK.name, paths=notebook_paths
    )


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _outputs(path: Path) -> list[nbformat.NotebookNode]:
    return [output for cell in _code_cells(path) for output in cell.outputs]


def test_every_code_cell_runs_cleanly_in_order(executed: Path) -> None:
    cells = _code_cells(executed)

    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    outputs = _outputs(executed)
    assert not [output for output in outputs if output.output_type == "error"]
    # Warnings land on stderr; a committed notebook should show none.
    assert not [
        output.text
        for output in outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]


def test_it_explores_the_data_it_is_pointed_at(executed: Path) -> None:
    printed = "".join(
        output.text for output in _outputs(executed) if output.output_type == "stream"
    )

    assert f"{SUBSET_ROWS} training images" in printed


def test_it_draws_figures(executed: Path) -> None:
    images = [output for output in _outputs(executed) if "image/png" in output.get("data", {})]

    assert images


def test_a_second_run_on_the_same_data_leaves_the_file_as_it_was(
    executed: Path, notebook_paths: WriteupPaths
) -> None:
    first = executed.read_bytes()

    execute_notebook(executed, paths=notebook_paths)

    assert executed.read_bytes() == first
    notebook = nbformat.read(executed, as_version=4)
    assert not [
        key for cell in notebook.cells for key in VOLATILE_CELL_METADATA if key in cell.metadata
    ]
    assert "version" not in notebook.metadata.language_info


def test_missing_data_is_reported_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="run make data first"):
        execute_notebook(EXPLORATION_NOTEBOOK, paths=WriteupPaths(Paths.under(tmp_path)))


def test_a_failing_cell_is_named_with_its_error_and_the_file_is_kept(
    notebook_paths: WriteupPaths, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ipynb"
    cells = [new_markdown_cell("# Broken"), new_code_cell("x = 1"), new_code_cell("{}['price']")]
    nbformat.write(new_notebook(cells=cells), broken)
    before = broken.read_bytes()

    failed = r"^broken\.ipynb: code cell 2 failed: KeyError: 'price'$"
    with pytest.raises(ProjectError, match=failed):
        execute_notebook(broken, paths=notebook_paths)

    assert broken.read_bytes() == before
