"""The monitor and simulate commands: help, exit statuses, one line each, no traceback."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from penguin_classifier.__main__ import MONITOR_ERROR, main
from penguin_classifier.config import PATHS, MonitorRule, Paths
from penguin_classifier.monitoring import monitor
from penguin_classifier.monitoring import simulate as simulate_module
from penguin_classifier.monitoring.simulate import SimulationSummary

LogWriter = Callable[[Path, Sequence[Any]], Path]
RowMaker = Callable[..., list[Any]]


@pytest.fixture(autouse=True)
def project_reports_untouched() -> Iterator[None]:
    """The project's own reports/ is the user's: no test may write its monitoring files."""
    before = _monitoring_files()
    yield
    assert _monitoring_files() == before


def _monitoring_files() -> dict[Path, int]:
    return {
        path: path.stat().st_mtime_ns
        for pattern in ("monitoring*", "figures/monitoring*")
        for path in PATHS.reports_dir.glob(pattern)
    }


@pytest.fixture
def session_project(
    project_paths: Paths, rule: MonitorRule, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point `monitor` and `simulate` at the session's project and rule."""
    monkeypatch.setattr(
        monitor,
        "run_monitor",
        functools.partial(monitor.run_monitor, paths=project_paths, rule=rule),
    )
    monkeypatch.setattr(
        simulate_module,
        "simulate",
        functools.partial(simulate_module.simulate, paths=project_paths),
    )


@pytest.mark.parametrize("command", ["monitor", "simulate"])
def test_the_commands_have_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])

    assert exit_info.value.code == 0
    assert "Example:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("shift", "rows", "status", "starts"),
    [(False, None, 0, "ok: "), (True, None, 1, "retrain: "), (False, 3, 2, "insufficient: ")],
)
@pytest.mark.usefixtures("session_project")
def test_monitor_exits_with_its_decision_and_prints_one_line(
    shift: bool,
    rows: int | None,
    status: int,
    starts: str,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = write_log(tmp_path / "log.db", make_rows(shift=shift)[:rows])

    code = main(["monitor", "--log", str(log), "--report-dir", str(tmp_path / "reports")])

    printed = capsys.readouterr()
    assert code == status
    assert printed.out.startswith(starts)
    assert printed.out.count("\n") == 1
    assert printed.err == ""
    assert (tmp_path / "reports" / "monitoring.json").is_file()


@pytest.mark.usefixtures("session_project")
def test_monitor_judges_the_window_it_is_given(
    make_rows: RowMaker, write_log: LogWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Traffic as in training, then a shift: the newest records alone show it."""
    shifted = make_rows(shift=True)
    log = write_log(tmp_path / "log.db", [*make_rows(), *shifted])

    code = main(
        ["monitor", "--log", str(log), "--last", str(len(shifted)), "--report-dir", str(tmp_path)]
    )

    assert code == 1
    assert f"judged {len(shifted)} of this model's {2 * len(shifted)}" in capsys.readouterr().out


@pytest.mark.usefixtures("session_project")
def test_monitor_since_a_time_after_the_log_has_nothing_to_judge(
    make_rows: RowMaker, write_log: LogWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path / "log.db", make_rows())

    code = main(
        ["monitor", "--log", str(log), "--since", "2999-01-01", "--report-dir", str(tmp_path)]
    )

    assert code == 2
    assert capsys.readouterr().out.startswith("insufficient: 0 predictions of model ")


@pytest.mark.usefixtures("session_project")
def test_monitor_reads_prediction_log_from_dot_env_as_the_service_does(
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = write_log(tmp_path / "log.db", make_rows())
    (tmp_path / ".env").write_text(f"PREDICTION_LOG={log}\n")
    monkeypatch.delenv("PREDICTION_LOG", raising=False)
    monkeypatch.chdir(tmp_path)

    assert main(["monitor", "--report-dir", str(tmp_path / "reports")]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_monitor_without_a_log_says_how_to_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PREDICTION_LOG", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here

    code = main(["monitor"])

    assert code == MONITOR_ERROR == 3
    assert capsys.readouterr().err == (
        "error: no prediction log given: pass --log PATH, or set PREDICTION_LOG as for the "
        "service\n"
    )


@pytest.mark.usefixtures("session_project")
def test_a_file_that_is_not_a_log_is_an_error_not_a_retraining(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "notes.db"
    log.write_text("not a database")

    code = main(["monitor", "--log", str(log), "--report-dir", str(tmp_path)])

    assert code == MONITOR_ERROR
    assert capsys.readouterr().err.startswith(f"error: {log} cannot be read as a prediction log")


@pytest.mark.usefixtures("session_project")
def test_a_report_dir_that_is_a_file_is_an_error_not_a_retraining(
    make_rows: RowMaker, write_log: LogWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path / "log.db", make_rows())
    not_a_folder = tmp_path / "reports"
    not_a_folder.write_text("")

    code = main(["monitor", "--log", str(log), "--report-dir", str(not_a_folder)])

    error = capsys.readouterr().err
    assert code == MONITOR_ERROR
    assert error.startswith(f"error: cannot write the monitoring report in {not_a_folder}")
    assert error.count("\n") == 1


def test_an_unforeseen_failure_is_the_monitors_error_not_a_retraining(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(monitor, "run_monitor", fail)

    code = main(["monitor", "--log", str(tmp_path / "log.db")])

    assert code == MONITOR_ERROR
    assert capsys.readouterr().err == "error: monitor failed: RuntimeError: the disk went away\n"


@pytest.mark.parametrize("options", [["--last", "0"], ["--since", "yesterday"], ["--bogus"]])
def test_a_wrong_monitor_option_is_the_monitors_error_not_too_little_to_judge(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["monitor", "--log", "log.db", *options])

    assert exit_info.value.code == MONITOR_ERROR
    assert "error: " in capsys.readouterr().err


def test_a_missing_log_is_one_line_on_stderr_without_a_traceback(tmp_path: Path) -> None:
    """Run as a program, as a scheduler runs it."""
    missing = tmp_path / "missing.db"

    result = subprocess.run(
        [sys.executable, "-m", "penguin_classifier", "monitor", "--log", str(missing)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == MONITOR_ERROR
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {missing} does not exist")
    assert result.stderr.count("\n") == 1


def test_a_directory_given_as_the_log_is_named_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["monitor", "--log", str(tmp_path), "--report-dir", str(tmp_path)])

    assert code == MONITOR_ERROR
    assert capsys.readouterr().err.startswith(f"error: {tmp_path} is a directory")


def test_simulate_refuses_a_limit_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", "--limit", "-3"])

    assert exit_info.value.code == 2
    assert "'-3' is not a positive whole number" in capsys.readouterr().err


@pytest.mark.usefixtures("session_project")
def test_simulate_with_a_malformed_url_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", "--url", "http://[::1", "--limit", "1"])

    error = capsys.readouterr().err
    assert code == 1
    assert error.startswith("error: http://[::1 is not a URL")
    assert error.count("\n") == 1


def test_simulate_fails_when_the_service_refused_requests(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log then lacks records the monitor should judge: the run did not do its job."""
    refusal = 'POST /v1/predict: 422 {"detail": "bill_length_mm: not a number"}'
    summary = SimulationSummary(
        url="http://127.0.0.1:8000",
        shift=None,
        sent=10,
        predicted=8,
        refused=2,
        feedback_sent=8,
        feedback_refused=0,
        first_error=refusal,
        seconds=0.1,
    )
    monkeypatch.setattr(simulate_module, "simulate", lambda *args, **kwargs: summary)

    code = main(["simulate"])

    printed = capsys.readouterr()
    assert code == 1
    assert printed.out.startswith("sent 10 test records")
    assert printed.err == f"error: the service refused 2; the first: {refusal}\n"
