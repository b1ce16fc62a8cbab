"""examples/: committed generated projects, complete and current with the template."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mlscaffold.doctor import doctor_project

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "regenerate_examples.py"


def load_script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate_examples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_script(monkeypatch)


@pytest.mark.parametrize("name", ["penguin-classifier", "diabetes-regressor", "co2-forecast"])
def test_an_example_is_complete_but_for_the_authors_answers(name: str) -> None:
    result = doctor_project(ROOT / "examples" / name)

    failing = {check.id for check in result.checks if not check.passed}
    # What only the author can write is left as prompts: examples show what you get.
    assert failing == {"prompts"}, result.checks
    for path in ("reports/metrics.json", "reports/social_post.md", "uv.lock"):
        assert (ROOT / "examples" / name / path).is_file(), path
    for ignored in (".venv", "models", "data/processed", ".git"):
        assert not (ROOT / "examples" / name / ignored).exists(), ignored


def test_volatile_values_are_normalised(script: ModuleType) -> None:
    text = (
        "- Trained in 4.0 s on 2026-11-21 (5-fold ...).\n"
        "- median 3.7 ms, 95th percentile 5.0 ms (measured 2026-11-21 on x86_64, 2 CPUs).\n"
        '"p50_ms": 3.66, "measured_at": "2026-11-21T06:18:01Z", "python": "3.11.7"\n'
        "Python 3.11.7, scikit-learn 1.9.1\n"
    )
    other = (
        text.replace("4.0 s", "5.2 s")
        .replace("3.7 ms", "2.1 ms")
        .replace("3.66", "2.08")
        .replace("x86_64, 2 CPUs", "arm64, 8 CPUs")
        .replace("3.11.7", "3.11.9")
        .replace("06:18:01", "07:00:00")
    )
    assert script.normalise(text) == script.normalise(other)
    assert "scikit-learn 1.9.1" in script.normalise(text)  # pinned by uv.lock: compared


def test_a_changed_number_or_file_is_stale(script: ModuleType, tmp_path: Path) -> None:
    committed, fresh = tmp_path / "committed", tmp_path / "fresh"
    for root in (committed, fresh):
        (root / "reports").mkdir(parents=True)
        (root / "README.md").write_text("Trained in 1.0 s. Accuracy 0.900\n")
        (root / "reports" / "a.png").write_bytes(b"\x89PNG-a")
    assert script.stale_files(committed, fresh) == []

    (fresh / "README.md").write_text("Trained in 9.9 s. Accuracy 0.950\n")
    (fresh / "reports" / "a.png").write_bytes(b"\x89PNG-b")
    (fresh / "reports" / "b.png").write_bytes(b"\x89PNG")

    problems = script.stale_files(committed, fresh)
    assert problems[0] == "missing from examples/: reports/b.png"
    assert problems[1].startswith("differs: README.md\n")
    assert "+Trained in <seconds> s. Accuracy 0.950" in problems[1]
    assert problems[2] == "differs: reports/a.png"


@pytest.mark.slow
def test_committed_examples_are_what_the_template_makes_now() -> None:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
