"""Fuzzing a generated project's served API against its own OpenAPI description.

Schemathesis generates requests from `/openapi.json` (valid and invalid bodies) and
checks that the server never answers 5xx and that every response matches the schema.
Bounded in examples and time; traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlscaffold.create import create_project
from tests.e2e.helpers import run, serving

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 60


@pytest.mark.parametrize("dataset", ["penguins", "diabetes"])
def test_served_api_survives_schema_based_fuzzing(tmp_path: Path, dataset: str) -> None:
    result = create_project(tmp_path / dataset, data={"dataset": dataset}, use_defaults=True)
    project, package = result.destination, str(result.answers["package_name"])
    run(project, "make", "setup", "data", "train")
    with serving(project, package) as base_url:
        schemathesis = Path(sys.executable).with_name("st")
        fuzz = subprocess.run(
            [
                str(schemathesis), "run", f"{base_url}/openapi.json",
                "--checks", "not_a_server_error,response_schema_conformance",
                "--max-examples", str(MAX_EXAMPLES), "--request-timeout", "10",
                "--seed", "42",
            ],
            cwd=tmp_path,  # schemathesis keeps a .schemathesis/ cache in its working dir
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert fuzz.returncode == 0, f"{fuzz.stdout[-6000:]}\n{fuzz.stderr[-2000:]}"
        # A run that selected nothing would pass too: every operation must have been tested.
        tested = re.search(r"Tested: (\d+)", fuzz.stdout)
        assert tested and int(tested[1]) >= 5, fuzz.stdout[-3000:]
