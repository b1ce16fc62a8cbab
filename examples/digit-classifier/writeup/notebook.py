"""The exploration notebook, executed in place so that it is committed with its outputs.

`execute_notebook` runs notebooks/exploration.ipynb top to bottom in a fresh kernel of
this environment, from the project root, and writes the outputs back into the file.
Nothing that changes from one run to the next is kept (no timings, no timestamps, a
fixed hash seed), so a re-run on the same data leaves the file as it was, and a diff of
it shows what the data changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets.config import Config

from .paths import WRITEUP_PATHS, WriteupPaths
from .project import ProjectError

EXPLORATION_NOTEBOOK = WRITEUP_PATHS.root / "notebooks" / "exploration.ipynb"
KERNEL = "python3"
# The notebook's first cell reads it: the directory of the train.csv and cleaning.json
# to explore, in place of the project's data/processed/.
DATA_DIR_VARIABLE = "EXPLORATION_DATA_DIR"
CELL_TIMEOUT_S = 600
# Cell metadata that says when or for how long a cell ran; Jupyter and its extensions
# add it when the notebook is run by hand.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime")


def execute_notebook(
    path: Path = EXPLORATION_NOTEBOOK, *, paths: WriteupPaths = WRITEUP_PATHS
) -> Path:
    """Run every cell of `path` on `paths.run`'s processed data; save it with its outputs.

    The file is rewritten only when every cell ran; a failure raises ProjectError naming
    the code cell (its In [n]) and the error, and leaves the file as it was.
    """
    for required in (paths.run.cleaning_report, paths.run.train_csv):
        if not required.is_file():
            raise ProjectError(f"{required} is missing; run make data first")
    notebook = _read(path)
    running = _CurrentCell()
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        record_timing=False,
        resources={"metadata": {"path": str(paths.root)}},
        on_cell_execute=running.update,
        # Encrypt the kernel's channels when the kernel supports it (CurveZMQ keys that
        # jupyter_client makes); ipykernel warns about unencrypted TCP otherwise.
        config=Config({"KernelManager": {"transport_encryption": "auto"}}),
    )
    env = {
        **os.environ,
        DATA_DIR_VARIABLE: str(paths.run.processed_dir),
        # Python randomises the order of sets of strings per process; fix it, so that
        # nothing the notebook prints depends on the run.
        "PYTHONHASHSEED": "0",
    }
    try:
        client.execute(env=env)
    except CellExecutionError as err:
        summary = f"{err.ename}: {err.evalue}".strip().splitlines()[0]
        raise ProjectError(f"{path.name}: {running.describe(notebook)} failed: {summary}") from err
    except CellTimeoutError as err:
        raise ProjectError(
            f"{path.name}: {running.describe(notebook)} ran longer than {CELL_TIMEOUT_S} s"
        ) from err
    except DeadKernelError as err:
        raise ProjectError(f"{path.name}: the kernel died in {running.describe(notebook)}") from err
    except NoSuchKernel as err:
        raise ProjectError(
            f"no {KERNEL!r} Jupyter kernel in this environment; install ipykernel (make setup)"
        ) from err
    _strip_volatile_metadata(notebook)
    nbformat.write(notebook, path)  # type: ignore[no-untyped-call]
    return path


class _CurrentCell:
    """The index of the cell being run, for the message when it fails."""

    def __init__(self) -> None:
        self.index = 0

    def update(self, *, cell_index: int, **_: object) -> None:
        self.index = cell_index

    def describe(self, notebook: nbformat.NotebookNode) -> str:
        # Counted as Jupyter numbers them (In [n]): code cells only, from 1.
        cells = notebook.cells[: self.index + 1]
        return f"code cell {sum(cell.cell_type == 'code' for cell in cells)}"


def _read(path: Path) -> nbformat.NotebookNode:
    if not path.is_file():
        raise ProjectError(f"{path} is missing")
    try:
        # nbformat's read and write carry no annotations (hence the ignores).
        notebook: nbformat.NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    except (ValueError, nbformat.ValidationError) as err:  # NotJSONError is a ValueError
        raise ProjectError(f"{path} is not a readable notebook: {err}") from err
    return notebook


def _strip_volatile_metadata(notebook: nbformat.NotebookNode) -> None:
    for cell in notebook.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    # The kernel reports its Python's patch version, which differs from one machine
    # (or CI runner) to the next; the language's name is what Jupyter and GitHub use.
    notebook.metadata.get("language_info", {}).pop("version", None)
