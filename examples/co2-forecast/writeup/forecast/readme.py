"""The README's generated blocks: the results, the data, the API example.

The README itself is the author's; only the `results`, `data` and `api-example` blocks
are rewritten on every report.
"""

from __future__ import annotations

from . import text
from .run import ForecastRun

RESULTS = "results"
DATA = "data"
API_EXAMPLE = "api-example"


def readme_blocks(facts: ForecastRun) -> dict[str, str]:
    return {
        RESULTS: results_section(facts),
        DATA: "\n".join(text.data_lines(facts)),
        API_EXAMPLE: api_example(facts),
    }


def results_section(facts: ForecastRun) -> str:
    growth = text.error_growth_sentence(facts)
    return "\n".join(
        [
            "<!-- written by `make report` from reports/metrics.json; "
            "edits between the markers are overwritten -->",
            f"{text.verdict_sentence(facts)} {text.intervals_sentence(facts)}",
            "",
            text.scores_table(facts),
            "",
            text.backtest_sentence(facts),
            "",
            "### Figures",
            "",
            "\n\n".join(text.figures_lines(facts.figures, prefix="reports/")),
            "",
            *([growth, ""] if growth else []),
            "More: the [model card](reports/model_card.md), the [write-up draft]"
            "(reports/writeup.md) and [reports/metrics.json](reports/metrics.json).",
        ]
    )


def api_example(facts: ForecastRun) -> str:
    return "\n".join(
        [
            "With the service running (`make serve`), forecast the next "
            f"{text.steps(facts, len(facts.example))}:",
            "",
            text.curl_example(facts),
            "",
            "It answers with one row per step, the interval's bounds and the model version "
            "(this run's forecast, numbers rounded here):",
            "",
            text.forecast_json(facts),
        ]
    )
