"""Third-party templates built inline: a cookiecutter and a copier template, each in a
local git repository with two commits, and helpers to run mlscaffold on them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from mlscaffold.cli import main

SLUG = "{{cookiecutter.project_slug}}"

COOKIECUTTER_JSON = {
    "project_name": "My Project",
    # a computed default: the recorded context keeps the value it computed
    "project_slug": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
    "use_docker": ["no", "yes"],
}
# The conditional file: the post-generation hook removes the Dockerfile unless asked for.
POST_GEN_HOOK = """\
import pathlib

if "{{ cookiecutter.use_docker }}" != "yes":
    pathlib.Path("Dockerfile").unlink()
pathlib.Path("hook.txt").write_text("written by the post-gen hook\\n")
"""
SETTINGS_V1 = "A = 1\nB = 2\nC = 3\nD = 4\nE = 5\nF = 6\nG = 7\n"
README_V1 = "# {{cookiecutter.project_name}}\n\nIntro.\n\nSome text.\n\nUsage: run it.\n"

COOKIECUTTER_V1: dict[str, str] = {
    "cookiecutter.json": json.dumps(COOKIECUTTER_JSON, indent=2),
    "hooks/post_gen_project.py": POST_GEN_HOOK,
    f"{SLUG}/README.md": README_V1,
    f"{SLUG}/settings.py": SETTINGS_V1,
    f"{SLUG}/notes.txt": "notes\n",
    f"{SLUG}/legacy.py": "OLD = True\n",
    f"{SLUG}/Dockerfile": "FROM python:3.11-slim\n",
    f"{SLUG}/{SLUG}/__init__.py": '"""{{ cookiecutter.project_name }}."""\n',
}
# v2: a line added to the README's end, B changed, notes changed, legacy.py gone,
# added.py new, the Dockerfile's base image changed.
COOKIECUTTER_V2: dict[str, str] = {
    **{path: text for path, text in COOKIECUTTER_V1.items() if path != f"{SLUG}/legacy.py"},
    f"{SLUG}/README.md": README_V1 + "\nInstall: pip install.\n",
    f"{SLUG}/settings.py": SETTINGS_V1.replace("B = 2", "B = 20"),
    f"{SLUG}/notes.txt": "notes, revised\n",
    f"{SLUG}/added.py": "NEW = True\n",
    f"{SLUG}/Dockerfile": "FROM python:3.12-slim\n",
}

COPIER_YML = """\
_answers_file: .copier-answers.yml
project_name:
  type: str
  default: demo
model:
  type: str
  default: linear
  choices: [linear, forest]
"""
COPIER_V1: dict[str, str] = {
    "copier.yml": COPIER_YML,
    "{{_copier_conf.answers_file}}.jinja": (
        "# Changes here will be overwritten by Copier\n{{ _copier_answers|to_nice_yaml -}}\n"
    ),
    "README.md.jinja": "# {{ project_name }}\n\nIntro.\n\nSome text.\n\nUsage: run it.\n",
    "model.py.jinja": 'MODEL = "{{ model }}"\n',
    "settings.py": SETTINGS_V1,
}
COPIER_V2: dict[str, str] = {
    **COPIER_V1,
    "README.md.jinja": COPIER_V1["README.md.jinja"] + "\nInstall: pip install.\n",
    "settings.py": SETTINGS_V1.replace("B = 2", "B = 20"),
    "added.py": "NEW = True\n",
}


def git(cwd: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return completed.stdout


class TemplateRepository:
    """A template in a local git repository; each `commit` replaces its files."""

    def __init__(self, path: Path, folder: str = "") -> None:
        self.path = path
        self.folder = folder  # the template's folder inside the repository
        path.mkdir(parents=True)
        git(path, "init", "-q", "--initial-branch=main")

    def commit(self, files: Mapping[str, str], message: str, tag: str | None = None) -> str:
        root = self.path / self.folder
        for old in git(self.path, "ls-files").splitlines():
            (self.path / old).unlink()
        for relative, text in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "-m", message)
        if tag:
            git(self.path, "tag", tag)
        return git(self.path, "rev-parse", "HEAD").strip()


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.output


def commit_all(project: Path, message: str = "my edits") -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project, .git's HEAD and refs included (not its objects or index)."""
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
        and "objects" not in path.parts
        and "logs" not in path.parts
        and path.name != "index"
    }


def leftovers(parent: Path, name: str) -> list[str]:
    """What `new` left at or beside the destination (itself, or a staging directory)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((name, f".{name}")))
