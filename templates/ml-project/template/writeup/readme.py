"""The README's generated blocks: the results section and the API example.

The README itself is the author's; only the `results` and `api-example` blocks are
rewritten on every report.
"""

from __future__ import annotations

from . import findings, sections
from .run import RunFacts

RESULTS = "results"
API_EXAMPLE = "api-example"
DEMO = "demo"


def readme_blocks(facts: RunFacts) -> dict[str, str]:
    return {
        DEMO: demo_section(facts),
        RESULTS: results_section(facts),
        API_EXAMPLE: api_example(facts),
    }


def demo_section(facts: RunFacts) -> str:
    """The link to the live demo on GitHub Pages, with the screenshot when there is one."""
    if sections.reads_text(facts):
        # A text model's tokenizer runs in Python only: its demo is the service's page.
        lines = ["**Demo**: run the service (`make serve`) and open http://127.0.0.1:8000/."]
    else:
        url = pages_demo_url(facts.about.repository_url)
        link = (
            f"**[Try the live demo]({url})**: the model runs in your browser, no server needed."
            if url
            else "**Demo**: `make site` builds it into `_site/demo/` (the model runs in the "
            "browser)."
        )
        lines = [link, "Or run the service (`make serve`) and open http://127.0.0.1:8000/."]
    if facts.demo_screenshot:
        lines += ["", f"![The demo page with a prediction]({facts.demo_screenshot})"]
    return "\n".join(lines)


def pages_demo_url(repository_url: str) -> str:
    """https://github.com/OWNER/REPO -> https://owner.github.io/REPO/demo/ ("" otherwise)."""
    prefix = "https://github.com/"
    owner, _, repository = repository_url.removeprefix(prefix).rstrip("/").partition("/")
    if not repository_url.startswith(prefix) or not owner or not repository:
        return ""
    return f"https://{owner.lower()}.github.io/{repository}/demo/"


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
        *(_text_findings(facts) if sections.reads_text(facts) else _relies_on(facts)),
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


def _relies_on(facts: RunFacts) -> list[str]:
    return ["### What the model relies on", "", sections.top_features(facts), ""]


def _text_findings(facts: RunFacts) -> list[str]:
    """Start small, then scale up: the candidates compared, and what the model gets wrong."""
    return [
        "### Candidates, from small to large",
        "",
        findings.candidates_table(facts),
        "",
        findings.transfer_sentence(facts),
        "",
        "### Read your predictions",
        "",
        "The test texts the served model got wrong with the most confidence, where a "
        "reader learns most about it:",
        "",
        findings.mistakes_table(facts),
        "",
        "The words and word pairs that weigh most towards each class in the TF-IDF model:",
        "",
        *findings.top_terms_lines(facts),
        "",
    ]


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
