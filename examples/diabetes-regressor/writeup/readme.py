"""The README's generated blocks: the results section and the API example.

The README itself is the author's; only the `results` and `api-example` blocks are
rewritten on every report.
"""

from __future__ import annotations

from . import sections
from .run import RunFacts

RESULTS = "results"
API_EXAMPLE = "api-example"


def readme_blocks(facts: RunFacts) -> dict[str, str]:
    return {RESULTS: results_section(facts), API_EXAMPLE: api_example(facts)}


def results_section(facts: RunFacts) -> str:
    lines = [
        "<!-- written by `make report` from reports/metrics.json; "
        "edits between the markers are overwritten -->",
        sections.headline_sentence(facts),
        "",
        sections.metrics_table(facts),
        "",
        "### Data",
        "",
        *sections.data_lines(facts),
        "",
        "### What the model relies on",
        "",
        sections.top_features(facts),
        "",
        "### Figures",
        "",
        sections.figures_grid(facts.figures, prefix="reports/"),
        "",
        "### Training and serving",
        "",
        f"- {sections.training_line(facts)}",
        f"- {sections.latency_line(facts)}",
        f"- Reproducibility: {sections.reproducibility_line(facts)}",
        "",
        "More: the [model card](reports/model_card.md), the [write-up draft]"
        "(reports/writeup.md) and [reports/metrics.json](reports/metrics.json).",
    ]
    return "\n".join(lines)


def api_example(facts: RunFacts) -> str:
    answer = (
        "the predicted class, the probability of each class"
        if facts.task == "classification"
        else "the predicted value"
    )
    return "\n".join(
        [
            "With the service running (`make serve`, or `make docker-run`), predict one record "
            "(a real one, from the test split):",
            "",
            sections.curl_example(facts),
            "",
            f"It answers with {answer} and the model version (numbers rounded here):",
            "",
            sections.prediction_json(facts),
            "",
            '`POST /v1/predict/batch` takes `{"records": [...]}`; every route, with its '
            "request schema, is documented at http://127.0.0.1:8000/docs.",
        ]
    )
