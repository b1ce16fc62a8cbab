"""A small copier template with recorded versions, built inline in tmp dirs.

`ToyTemplate` stands in for a built-in template: it lives in its own templates root
(mlscaffold's `templates_root` is pointed at it), and each `release(files)` writes
the template's files and records them as the next version, as a developer would.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from mlscaffold.create import create_project
from mlscaffold.template_versions import record_version

NAME = "toy"
ANSWERS = ".copier-answers.yml"

COPIER_YML = """\
_subdirectory: template
_templates_suffix: .jinja
_answers_file: .copier-answers.yml
project_name:
  type: str
  default: demo
model:
  type: str
  default: linear
  choices: [linear, forest]
"""

V1: dict[str, str] = {
    "copier.yml": COPIER_YML,
    "template/{{_copier_conf.answers_file}}.jinja": (
        "# Changes here will be overwritten by copier\n{{ _copier_answers|to_nice_yaml -}}\n"
    ),
    "template/README.md.jinja": "# {{ project_name }}\n\nIntro.\n\nSome text.\n\nUsage: run it.\n",
    "template/model.py.jinja": 'MODEL = "{{ model }}"\n',
    "template/settings.py": "A = 1\nB = 2\nC = 3\nD = 4\nE = 5\nF = 6\nG = 7\n",
    "template/notes.txt": "notes\n",
    "template/legacy.py": "OLD = True\n",
}

# v2: a line added to the README's end, B changed, notes changed, legacy.py gone, added.py new.
V2: dict[str, str] = {
    **{path: text for path, text in V1.items() if path != "template/legacy.py"},
    "template/README.md.jinja": (
        "# {{ project_name }}\n\nIntro.\n\nSome text.\n\nUsage: run it.\n\nInstall: pip install.\n"
    ),
    "template/settings.py": "A = 1\nB = 20\nC = 3\nD = 4\nE = 5\nF = 6\nG = 7\n",
    "template/notes.txt": "notes, revised\n",
    "template/added.py": "NEW = True\n",
}


class ToyTemplate:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / NAME

    def release(self, files: Mapping[str, str]) -> int:
        """Replaces the template's files (not its history) and records the next version."""
        for child in self.path.glob("*") if self.path.is_dir() else ():
            if child.is_dir() and child.name != "history":
                shutil.rmtree(child)
            elif child.is_file():
                child.unlink()
        for relative, text in files.items():
            path = self.path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        number = record_version(self.path)
        assert number is not None
        return number

    def new_project(self, destination: Path, **answers: str) -> Path:
        return create_project(
            destination, template=NAME, data=answers, use_defaults=True
        ).destination


def use_toy_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ToyTemplate:
    root = tmp_path / "templates"
    root.mkdir()
    monkeypatch.setattr("mlscaffold.templates.templates_root", lambda: root)
    return ToyTemplate(root)


def git(project: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=project, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return completed.stdout


def commit_all(project: Path, message: str = "my edits") -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


def answers(project: Path) -> dict[str, object]:
    loaded = yaml.safe_load((project / ANSWERS).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def snapshot(project: Path, *, index: bool = True) -> dict[str, bytes]:
    """Every file of the project, .git's HEAD and refs included, and its index unless not asked.

    (Putting files back rewrites the index's file times even when it ends up the same.)
    """
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
        and "objects" not in path.parts
        and "logs" not in path.parts
        and (index or path.name != "index")
    }
