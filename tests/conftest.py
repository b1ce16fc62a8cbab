"""Shared fixtures: rendered projects and messy CSV files built in tmp dirs."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlscaffold.create import CreateResult, create_project

CreateProject = Callable[..., CreateResult]

# Modules whose tests share one module-scoped project that takes minutes to make (a
# `make all`): under `pytest -n`, each runs on one worker, which makes it once. Run
# apart, each worker would make its own; and the forecast module's doctor tests must
# run in order on one project. (pytest-xdist's own `xdist_group` mark stopped grouping
# with pytest 9.2: pytest-dev/pytest-xdist#1386.)
ONE_WORKER_MODULES = frozenset(
    f"tests/e2e/test_{name}.py"
    for name in ("forecast_project", "image_project", "monitoring", "text_project")
)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`-n`'s default scheduling, but each of ONE_WORKER_MODULES as one unit of work."""
    if config.getvalue("dist") != "load":
        return None  # a --dist the user asked for is theirs
    from xdist.scheduler import LoadScopeScheduling

    class SharedProjectScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return SharedProjectScheduling(config, log)


@pytest.fixture
def new_project(tmp_path: Path) -> CreateProject:
    """Creates a project from the built-in template without prompts (answers as keywords)."""

    def create(name: str = "demo", **answers: str) -> CreateResult:
        return create_project(tmp_path / name, data=answers, use_defaults=True)

    return create


def write_messy_classification_csv(path: Path, rows: int = 240, seed: int = 7) -> Path:
    """Real-world mess: missing features AND targets, an ID, a date, free text, a constant,
    imbalanced classes. The label depends on the features, so a model can learn it."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["customer_id", "signup_date", "age", "plan", "monthly_spend", "notes", "country",
             "churned"]
        )  # fmt: skip
        for i in range(rows):
            age = rng.randint(18, 80)
            plan = rng.choice(["basic", "plus", "pro"])
            spend = round(rng.uniform(5, 200), 2)
            churn_score = (spend < 40) + (plan == "basic") + (age < 30) + rng.random() * 0.8
            label = "yes" if churn_score >= 2 else "no"
            writer.writerow(
                [
                    f"C{10_000 + i}",
                    f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "" if rng.random() < 0.08 else age,
                    "" if rng.random() < 0.05 else plan,
                    spend,
                    f"free text note number {i} about {rng.choice(['billing', 'support', 'app'])}",
                    "NL",
                    "" if rng.random() < 0.04 else label,
                ]
            )
    return path


def write_regression_csv(path: Path, rows: int = 200, seed: int = 3) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rooms", "area_m2", "district", "built", "price"])
        for _ in range(rows):
            rooms = rng.randint(1, 6)
            area = round(rng.uniform(25, 220), 1)
            district = rng.choice(["north", "south", "centre"])
            price = 1500 * area + 9000 * rooms + (40_000 if district == "centre" else 0)
            writer.writerow(
                [rooms, "" if rng.random() < 0.05 else area, district, rng.randint(1900, 2020),
                 round(price + rng.gauss(0, 15_000), 2)]
            )  # fmt: skip
    return path


@pytest.fixture
def messy_csv(tmp_path: Path) -> Path:
    return write_messy_classification_csv(tmp_path / "customers.csv")


@pytest.fixture
def regression_csv(tmp_path: Path) -> Path:
    return write_regression_csv(tmp_path / "houses.csv")
