"""`mlscaffold update` on the real ml-project template: earlier versions, answers, its tests."""

from __future__ import annotations

import json
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


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _project_at_4_with_my_edits(tmp_path: Path) -> Path:
    """A version-4 project with the user's edits: the README, a tooling file, dataset.py.

    Edits that keep the project's own tests true, so that they can pass after the update.
    """
    project = make_project_at(4, tmp_path / "old")
    package = project / "src" / "penguin_classifier"
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nMy notes.\n", encoding="utf-8")
    _edit(
        package / "reporting" / "model_card.py",
        "Who is this model for",
        "Who is this penguin model for",
    )
    _edit(package / "dataset.py", "MAX_CATEGORIES = 50", "MAX_CATEGORIES = 50  # my own note")
    commit_all(project)
    return project


@pytest.mark.skipif(4 not in HISTORY.numbers or LATEST < 5, reason="needs versions 4 and 5")
def test_edits_to_a_moved_file_follow_it_to_its_new_place(tmp_path: Path) -> None:
    project = _project_at_4_with_my_edits(tmp_path)

    code, output = run_update(project)

    assert code == 0, output
    moved = "src/penguin_classifier/reporting/model_card.py -> writeup/model_card.py"
    assert moved in output
    assert "Who is this penguin model for" in (project / "writeup" / "model_card.py").read_text()
    assert not (project / "src" / "penguin_classifier" / "reporting").exists()
    dataset = project / "src" / "penguin_classifier" / "dataset.py"
    assert "MAX_CATEGORIES = 50  # my own note" in dataset.read_text()
    assert (project / "README.md").read_text().endswith("\nMy notes.\n")


@pytest.mark.skipif(4 not in HISTORY.numbers or LATEST < 5, reason="needs versions 4 and 5")
def test_an_edit_that_clashes_with_the_move_is_a_conflict_not_a_loss(tmp_path: Path) -> None:
    project = make_project_at(4, tmp_path / "old")
    sections = project / "src" / "penguin_classifier" / "reporting" / "sections.py"
    # Version 5 rewrote this function; the user rewrote it too.
    _edit(sections, 'return f"{100 * share:.{decimals}f}%"', 'return f"{share * 100:.1f} %"')
    commit_all(project)

    code, output = run_update(project)

    assert code == 1, output
    assert "writeup/sections.py" in output.split("conflict(s) to resolve:")[1]
    merged = (project / "writeup" / "sections.py").read_text()
    assert 'return f"{share * 100:.1f} %"' in merged
    assert "<<<<<<< yours" in merged


@pytest.mark.skipif(4 not in HISTORY.numbers or LATEST < 5, reason="needs versions 4 and 5")
def test_a_readme_the_old_report_filled_is_a_conflict_that_keeps_its_text(
    tmp_path: Path,
) -> None:
    project = make_project_at(4, tmp_path / "old")
    readme = project / "README.md"
    text = readme.read_text()
    start, end = "<!-- mlscaffold:results:start -->", "<!-- mlscaffold:results:end -->"
    filled = (
        text[: text.index(start) + len(start)] + "\nMy run's results.\n" + text[text.index(end) :]
    )
    readme.write_text(filled, encoding="utf-8")
    commit_all(project)

    code, output = run_update(project)

    assert code == 1, output
    assert "README.md" in output.split("conflict(s) to resolve:")[1]
    merged = readme.read_text()
    assert "My run's results." in merged
    assert "<!-- report:results:start -->" in merged


@pytest.mark.slow
@pytest.mark.skipif(4 not in HISTORY.numbers or LATEST < 5, reason="needs versions 4 and 5")
def test_a_version_4_project_with_edits_runs_after_the_update(tmp_path: Path) -> None:
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = _project_at_4_with_my_edits(tmp_path)
    assert run_update(project)[0] == 0

    run(project, "make", "setup", "data", "train", "evaluate", "report")
    run(project, "uv", "run", "pytest", "-q")

    # The edited prompt of the moved model-card writer reaches the card it writes.
    assert "Who is this penguin model for" in (project / "reports" / "model_card.md").read_text()
    assert (project / "reports" / "report.json").is_file()


@pytest.mark.slow
@pytest.mark.skipif(5 not in HISTORY.numbers or LATEST < 6, reason="needs versions 5 and 6")
def test_a_version_5_project_with_edits_runs_after_the_kinds_update(tmp_path: Path) -> None:
    """Version 6 moved the tabular files into the tabular kind's tree: same paths in the
    project, so the owner's edits stay where they were, and the project still runs."""
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = make_project_at(5, tmp_path / "old")
    package = project / "src" / "penguin_classifier"
    _edit(package / "dataset.py", "MAX_CATEGORIES = 50", "MAX_CATEGORIES = 50  # my own note")
    _edit(
        project / "writeup" / "model_card.py",
        "Who is this model for",
        "Who is this penguin model for",
    )
    commit_all(project)

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["kind"] == "tabular"
    assert "MAX_CATEGORIES = 50  # my own note" in (package / "dataset.py").read_text()
    run(project, "make", "setup", "data", "train", "evaluate", "report")
    run(project, "uv", "run", "pytest", "-q")
    assert "Who is this penguin model for" in (project / "reports" / "model_card.md").read_text()
    metrics = json.loads((project / "reports" / "metrics.json").read_text())
    assert metrics["candidates"] == [] and metrics["mistakes"] == []


@pytest.mark.slow
@pytest.mark.skipif(6 not in HISTORY.numbers or LATEST < 7, reason="needs versions 6 and 7")
def test_a_version_6_project_with_edits_runs_after_the_image_kind_update(tmp_path: Path) -> None:
    """Version 7 rendered api/main.py from a .jinja file and moved api/routes/predict.py and
    api/openapi.py into the non-image kinds' tree: same paths in the project, so the
    owner's edits to them stay, and the project still runs and passes its tests."""
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = make_project_at(6, tmp_path / "old")
    api = project / "src" / "penguin_classifier" / "api"
    _edit(api / "main.py", '"""Application wiring', '"""My application wiring')
    # The module docstring: the template has not touched it since version 6, unlike the
    # endpoint's own docstring, which version 9 moved next to new lines (a fair conflict).
    predict = api / "routes" / "predict.py"
    _edit(predict, "Predictions for one record", "Predictions for one penguin")
    _edit(api / "openapi.py", "Keep the example records", "Keep my example records")
    commit_all(project)

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["_commit"] == str(LATEST)
    assert (api / "main.py").read_text().startswith('"""My application wiring')
    assert "Predictions for one penguin" in predict.read_text()
    assert "Keep my example records" in (api / "openapi.py").read_text()
    run(project, "make", "setup", "data", "train", "evaluate", "report")
    run(project, "uv", "run", "pytest", "-q")


@pytest.mark.slow
@pytest.mark.skipif(7 not in HISTORY.numbers or LATEST < 8, reason="needs versions 7 and 8")
def test_a_version_7_project_with_edits_runs_after_the_serving_speed_update(
    tmp_path: Path,
) -> None:
    """Version 8 replaced the metrics library in api/main.py and pyproject.toml and slimmed
    the Dockerfile: the owner's own route, dependency and image label stay beside those
    changes, and the project still runs, passes its tests and exposes its metrics."""
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = make_project_at(7, tmp_path / "old")
    api = project / "src" / "penguin_classifier" / "api"
    _edit(
        api / "main.py",
        "def serve() -> None:",
        "def my_banner() -> str:\n    return 'penguins'\n\n\ndef serve() -> None:",
    )
    _edit(
        project / "pyproject.toml",
        '    "onnxruntime>=1.20",\n',
        '    "onnxruntime>=1.20",\n    "httpx>=0.27",\n',
    )
    _edit(
        project / "Dockerfile",
        "EXPOSE 8000",
        'LABEL org.opencontainers.image.title="penguins"\nEXPOSE 8000',
    )
    commit_all(project)

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["_commit"] == str(LATEST)
    main_py = (api / "main.py").read_text()
    assert "def my_banner() -> str:" in main_py
    assert "Instrumentator" not in main_py
    pyproject = (project / "pyproject.toml").read_text()
    assert '"httpx>=0.27"' in pyproject
    assert "prometheus-fastapi-instrumentator" not in pyproject
    dockerfile = (project / "Dockerfile").read_text()
    assert 'LABEL org.opencontainers.image.title="penguins"' in dockerfile
    assert "*/numpy/f2py" in dockerfile
    run(project, "make", "setup", "data", "train", "evaluate", "report")
    run(project, "uv", "run", "pytest", "-q")


@pytest.mark.slow
@pytest.mark.skipif(8 not in HISTORY.numbers or LATEST < 9, reason="needs versions 8 and 9")
def test_a_version_8_project_with_edits_runs_after_the_monitoring_update(
    tmp_path: Path,
) -> None:
    """Version 9 added the prediction log, feedback, monitor and the drill, through
    api/main.py, config.py, the Makefile and the README: the owner's route, constant,
    make target and README text stay beside them, and the whole loop runs."""
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = make_project_at(8, tmp_path / "old")
    package = project / "src" / "penguin_classifier"
    _edit(
        package / "api" / "main.py",
        "def serve() -> None:",
        "def my_banner() -> str:\n    return 'penguins'\n\n\ndef serve() -> None:",
    )
    _edit(
        package / "config.py",
        'DATASET: Final = "penguins"\n',
        'DATASET: Final = "penguins"\n# My own threshold.\nMY_THRESHOLD: Final = 0.5\n',
    )
    _edit(
        project / "Makefile",
        "clean: ##",
        "hello: ## Say hello\n\t@echo hello\n\nclean: ##",
    )
    _edit(
        project / "README.md",
        "## License",
        "## Why I care\n\nPenguins are my favourite birds.\n\n## License",
    )
    commit_all(project)

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["_commit"] == str(LATEST)
    main_py = (package / "api" / "main.py").read_text()
    assert "def my_banner() -> str:" in main_py
    assert "feedback.router" in main_py
    config = (package / "config.py").read_text()
    assert "MY_THRESHOLD: Final = 0.5" in config
    assert "MONITOR_RULE" in config
    makefile = (project / "Makefile").read_text()
    assert "hello: ## Say hello" in makefile
    assert "monitor:" in makefile
    run(project, "make", "setup", "data", "train", "evaluate", "report")
    readme = (project / "README.md").read_text()
    assert "Penguins are my favourite birds." in readme
    assert "Traffic like the training data passed" in readme
    run(project, "uv", "run", "pytest", "-q")


@pytest.mark.slow
@pytest.mark.skipif(9 not in HISTORY.numbers or LATEST < 10, reason="needs versions 9 and 10")
def test_a_version_9_project_with_edits_keeps_them_through_the_forecast_update(
    tmp_path: Path,
) -> None:
    """Version 10 added kind=forecast in files of its own: a tabular project's files
    come out of the update as its owner left them, only the answers' version moves on,
    and the project still passes its tests."""
    if shutil.which("uv") is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    project = make_project_at(9, tmp_path / "old")
    package = project / "src" / "penguin_classifier"
    _edit(
        package / "config.py",
        'DATASET: Final = "penguins"\n',
        'DATASET: Final = "penguins"\n# My own threshold.\nMY_THRESHOLD: Final = 0.5\n',
    )
    _edit(project / "Makefile", "clean: ##", "hello: ## Say hello\n\t@echo hello\n\nclean: ##")
    commit_all(project)
    before = files_of(project)

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["_commit"] == str(LATEST)
    after = files_of(project)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed == {".copier-answers.yml"}
    run(project, "make", "setup", "data", "train")
    run(project, "uv", "run", "pytest", "-q")
