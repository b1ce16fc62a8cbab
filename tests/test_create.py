"""`mlscaffold new`: what lands at DEST, and that bad input leaves nothing behind."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlscaffold.cli import main
from tests.conftest import CreateProject


def _run_new(tmp_path: Path, dest: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", str(dest), "--defaults", *args])
    return result.exit_code, result.output


def _leftovers(parent: Path, dest: Path) -> list[str]:
    """Anything that `new` left behind: the destination or a staging directory."""
    return sorted(
        p.name for p in parent.iterdir() if p.name.startswith((dest.name, f".{dest.name}"))
    )


def test_defaults_make_a_committed_project_with_answers(new_project: CreateProject) -> None:
    result = new_project("demo")
    project = result.destination
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["dataset"] == "penguins"
    assert answers["model"] == "auto"
    assert answers["_src_path"]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""  # everything is in the first commit
    branch = subprocess.run(
        ["git", "branch", "--show-current"], cwd=project, capture_output=True, text=True, check=True
    )
    assert branch.stdout.strip() == "main"
    assert (project / "src" / "penguin_classifier" / "__init__.py").is_file()


def test_a_project_name_in_any_script_gets_an_ascii_package(new_project: CreateProject) -> None:
    result = new_project("precios", project_name="Análisis de precios")
    project = result.destination
    assert result.answers["package_name"] == "analisis_de_precios"
    assert (project / "src" / "analisis_de_precios" / "__init__.py").is_file()
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "analisis-de-precios"' in pyproject
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "# Análisis de precios\n" in readme
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["project_name"] == "Análisis de precios"


def test_a_package_name_answer_replaces_an_unusable_derived_one(tmp_path: Path) -> None:
    code, output = _run_new(tmp_path, tmp_path / "demo", "-d", "project_name=json")
    assert code == 2
    assert "choose another package_name" in output
    code, output = _run_new(
        tmp_path, tmp_path / "demo", "-d", "project_name=json", "-d", "package_name=my_json"
    )
    assert code == 0, output
    assert (tmp_path / "demo" / "src" / "my_json").is_dir()


def test_a_local_csv_is_copied_with_its_sha256(new_project: CreateProject, messy_csv: Path) -> None:
    project = new_project(
        "churn", dataset="csv", csv_path=str(messy_csv), target="churned"
    ).destination
    copied = project / "data" / "raw" / "customers.csv"
    assert copied.read_bytes() == messy_csv.read_bytes()
    import hashlib

    expected = hashlib.sha256(messy_csv.read_bytes()).hexdigest()
    assert (project / "data" / "raw" / "customers.csv.sha256").read_text().strip() == expected


def test_an_empty_destination_directory_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = _run_new(tmp_path, tmp_path / "empty")
    assert code == 0, output
    assert (tmp_path / "empty" / ".copier-answers.yml").is_file()


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    code, output = _run_new(tmp_path, tmp_path / "a" / "b" / "demo")
    assert code == 0, output
    assert (tmp_path / "a" / "b" / "demo" / "Makefile").is_file()


def test_next_steps_are_printed(tmp_path: Path) -> None:
    code, output = _run_new(tmp_path, tmp_path / "demo")
    assert code == 0
    assert "Next steps" in output
    assert "make all" in output


BAD_ANSWERS = {
    "invalid project name": (["-d", "project_name=9 lives"], "invalid"),
    "emoji project name": (["-d", "project_name=🐧"], "letters (in any script)"),
    "untransliterable project name": (["-d", "project_name=\u02bc"], "add a Latin letter"),
    "keyword from project name": (["-d", "project_name=Class"], "choose another package_name"),
    "reserved package name": (["-d", "package_name=json"], "shadow"),
    "keyword package name": (["-d", "package_name=class"], "keyword"),
    "unknown data set": (["-d", "dataset=mnist"], "unknown dataset 'mnist'"),
    "unknown model": (["-d", "model=xgboost"], "unknown model 'xgboost'"),
    "unknown answer": (["-d", "datset=iris"], "unknown answer 'datset'"),
    "malformed pair": (["-d", "dataset"], "KEY=VALUE"),
    "missing csv": (["-d", "dataset=csv", "-d", "csv_path=/no/such.csv"], "does not exist"),
    "builtin with wrong task": (
        ["-d", "dataset=diabetes", "-d", "task=classification"], "regression task"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_ANSWERS, ids=list(BAD_ANSWERS))
def test_bad_answers_exit_2_with_one_line_and_leave_nothing(tmp_path: Path, case: str) -> None:
    args, message = BAD_ANSWERS[case]
    code, output = _run_new(tmp_path, tmp_path / "demo", *args)
    assert code == 2
    assert message in output
    assert output.strip().count("\n") == 0, output
    assert "Traceback" not in output
    assert _leftovers(tmp_path, tmp_path / "demo") == []


def _csv_case(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


CSV_CASES = {
    "empty file": ("", "churned", "classification", "is empty"),
    "not csv": ("no separators here at all\n" * 30, "churned", "classification", "1 column"),
    "target not a column": (None, "price", "classification", "choose one of: customer_id"),
    "one class": ("x,y\n" + "1,a\n" * 30, "y", "classification", "1 distinct value"),
    "text target for regression": (None, "plan", "regression", "not numeric"),
}  # fmt: skip


@pytest.mark.parametrize("case", CSV_CASES, ids=list(CSV_CASES))
def test_bad_csv_input_exits_2_and_leaves_nothing(
    tmp_path: Path, messy_csv: Path, case: str
) -> None:
    content, target, task, message = CSV_CASES[case]
    path = messy_csv if content is None else _csv_case(tmp_path, "input.csv", content)
    dest = tmp_path / "out" / "demo"
    code, output = _run_new(
        tmp_path, dest, "-d", "dataset=csv", "-d", f"csv_path={path}",
        "-d", f"target={target}", "-d", f"task={task}",
    )  # fmt: skip
    assert code == 2, output
    assert message in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists() or _leftovers(tmp_path / "out", dest) == []


def test_unreadable_csv(tmp_path: Path, messy_csv: Path) -> None:
    messy_csv.chmod(0o000)
    try:
        if messy_csv.open("rb"):  # root can read anything: nothing to test then
            pytest.skip("running as root: file permissions do not stop reads")
    except PermissionError:
        code, output = _run_new(tmp_path, tmp_path / "demo", "-d", "dataset=csv",
                                "-d", f"csv_path={messy_csv}")  # fmt: skip
        assert code == 2
        assert "cannot be read" in output
    finally:
        messy_csv.chmod(0o644)


def test_non_empty_destination_is_refused_and_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = _run_new(tmp_path, dest)
    assert code == 2
    assert "not empty" in output
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


def test_destination_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "demo").write_text("x", encoding="utf-8")
    code, output = _run_new(tmp_path, tmp_path / "demo")
    assert code == 2
    assert "is a file" in output


def _assert_refused(code: int, output: str, *words: str) -> None:
    """Exit 2, one line of the form "cannot create DEST: <reason>; <what to do>"."""
    assert code == 2, output
    assert output.strip().count("\n") == 0, output
    assert "Traceback" not in output and "unexpected" not in output
    for word in words:
        assert word in output


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc on this system")
def test_a_destination_in_proc_is_refused_in_one_line(tmp_path: Path) -> None:
    code, output = _run_new(tmp_path, Path("/proc/mlscaffold-test/demo"))
    _assert_refused(code, output, "cannot create /proc/mlscaffold-test/demo", "/proc takes no")
    assert "choose a directory you can write to" in output
    assert not Path("/proc/mlscaffold-test").exists()


@pytest.mark.parametrize("below", ["demo", "a/b/demo"])
def test_a_destination_under_a_file_is_refused(tmp_path: Path, below: str) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = _run_new(tmp_path, tmp_path / "notes.txt" / below)
    _assert_refused(code, output, "notes.txt is a file, not a directory", "choose another")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_destination_name_too_long_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / ("n" * 300)
    code, output = _run_new(tmp_path, dest)
    _assert_refused(code, output, "too long", "choose a shorter one")
    assert list(tmp_path.iterdir()) == []


# Tests run as root, whom permissions do not stop: the file system's refusal is simulated.
REFUSALS = {
    "read-only file system": (errno.EROFS, "is on a read-only file system"),
    "permission denied": (errno.EACCES, "is not writable (permission denied)"),
    "any other reason": (errno.EIO, "refused a new directory (Input/output error)"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_a_directory_that_refuses_new_files_is_named_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    number, reason = REFUSALS[case]

    def refuse(*args: object, **kwargs: object) -> str:
        raise OSError(number, "Input/output error" if number == errno.EIO else "refused")

    monkeypatch.setattr("mlscaffold.destination.tempfile.mkdtemp", refuse)
    dest = tmp_path / "out" / "demo"
    code, output = _run_new(tmp_path, dest)
    _assert_refused(code, output, f"cannot create {dest}: {tmp_path} {reason}")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_while_rendering_is_refused_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("mlscaffold.create.git.init_and_commit", disk_full)
    code, output = _run_new(tmp_path, tmp_path / "demo")
    _assert_refused(code, output, f"{tmp_path} has no space left", "free some space")
    assert _leftovers(tmp_path, tmp_path / "demo") == []
