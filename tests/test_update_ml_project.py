"""`mlscaffold update` on the real ml-project template: earlier versions, answers, its tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold.cli import main
from mlscaffold.create import create_project
from mlscaffold.engines import CopierEngine, VersionedTemplate
from mlscaffold.git import init_and_commit
from mlscaffold.template_versions import load_history, materialise_repository, source_url
from mlscaffold.templates import get_builtin_template
from tests.conftest import write_messy_classification_csv
from tests.e2e.helpers import run
from tests.toy_template import answers, commit_all, git

HISTORY = load_history(get_builtin_template("ml-project").path)
LATEST = HISTORY.numbers[-1]
# The first version, and the one before the latest: the updates people make most.
EARLIER = sorted({1, LATEST - 1} - {0, LATEST})


def make_project_at(version: int, destination: Path, **given: str) -> Path:
    """A project as an earlier mlscaffold made it: that version rendered, then committed."""
    repository = materialise_repository(HISTORY, destination.parent / f"v{version}.git")
    template = VersionedTemplate(source_url("ml-project"), repository)
    defaults = {"project_name": "penguin-classifier", **given}
    CopierEngine().render_version(template, str(version), destination, defaults)
    init_and_commit(destination, "start", fallback_name="t", fallback_email="t@t")
    return destination


def files_of(project: Path) -> dict[str, bytes]:
    # Update leaves its result uncommitted: new template files are untracked, so list those too.
    listed = git(project, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return {p: (project / p).read_bytes() for p in listed.split("\0") if (project / p).is_file()}


def run_update(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["update", str(project), *args])
    return result.exit_code, result.output


@pytest.mark.skipif(not EARLIER, reason="only one ml-project version is recorded")
@pytest.mark.parametrize("version", EARLIER)
def test_a_project_from_an_earlier_version_updates_to_the_current_one(
    tmp_path: Path, version: int
) -> None:
    project = make_project_at(version, tmp_path / "old")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nMy notes.\n", encoding="utf-8")
    commit_all(project)

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["_commit"] == str(LATEST)
    assert readme.read_text().endswith("\nMy notes.\n")
    # Apart from my notes, the project is what the current version makes from scratch.
    fresh = create_project(tmp_path / "fresh", use_defaults=True).destination
    updated = files_of(project)
    updated["README.md"] = updated["README.md"].removesuffix(b"\nMy notes.\n")
    assert updated == files_of(fresh)


def test_changing_the_model_re_renders_what_it_affects(tmp_path: Path) -> None:
    project = create_project(tmp_path / "demo", use_defaults=True).destination
    config = project / "src" / "penguin_classifier" / "config.py"
    assert 'MODEL: Final[Literal["auto"' in config.read_text()

    code, output = run_update(project, "-d", "model=gradient_boosting")

    assert code == 0, output
    assert '= "gradient_boosting"' in config.read_text()
    assert answers(project)["model"] == "gradient_boosting"
    assert answers(project)["_commit"] == str(LATEST)
    changed = git(project, "diff", "--name-only").split()
    assert "src/penguin_classifier/config.py" in changed
    assert len(changed) < 10, changed  # only what the answer touches


def test_a_csv_project_updates_where_its_csv_is_gone(tmp_path: Path) -> None:
    """Another machine: the CSV it was made from is not there (its copy is in data/raw/)."""
    csv = write_messy_classification_csv(tmp_path / "customers.csv")
    project = create_project(
        tmp_path / "churn", data={"dataset": "csv", "csv_path": str(csv), "target": "churned"},
        use_defaults=True,
    ).destination  # fmt: skip
    csv.unlink()

    code, output = run_update(project, "-d", "model=linear")

    assert code == 0, output
    assert answers(project)["model"] == "linear"


@pytest.mark.slow
def test_an_updated_project_still_passes_its_own_tests(tmp_path: Path) -> None:
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = make_project_at(EARLIER[0] if EARLIER else LATEST, tmp_path / "old")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nMy notes.\n", encoding="utf-8")
    commit_all(project)
    assert run_update(project, "-d", "model=random_forest")[0] == 0

    run(project, "make", "setup")
    run(project, "uv", "run", "pytest", "-q")
