"""The README's generated blocks: the demo, the results, the API example, the monitoring drill.

The README itself is the author's; only the `demo`, `results`, `api-example` and
`monitoring` blocks are rewritten on every report.
"""

from __future__ import annotations

from . import findings, image_facts, sections
from .monitoring_text import monitoring_section
from .run import RunFacts

RESULTS = "results"
API_EXAMPLE = "api-example"
DEMO = "demo"
MONITORING = "monitoring"


def readme_blocks(facts: RunFacts) -> dict[str, str]:
    return {
        DEMO: demo_section(facts),
        RESULTS: results_section(facts),
        API_EXAMPLE: api_example(facts),
        MONITORING: monitoring_section(facts),
    }


def demo_section(facts: RunFacts) -> str:
    """The link to the live demo on GitHub Pages, with the screenshot when there is one."""
    if sections.reads_images(facts):
        # Uploads are prepared by Pillow in the service: its demo is the service's page.
        lines = [
            "**Demo**: run the service (`make serve`) and open http://127.0.0.1:8000/: "
            "upload an image, or try one from the test split."
        ]
    elif sections.reads_text(facts):
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
        *_findings(facts),
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


def _findings(facts: RunFacts) -> list[str]:
    if sections.reads_images(facts):
        return _image_findings(facts)
    return _text_findings(facts) if sections.reads_text(facts) else _relies_on(facts)


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


def _image_findings(facts: RunFacts) -> list[str]:
    """The candidates from the linear floor to transfer learning, and the images that fooled it."""
    depth = findings.depth_sentence(facts)
    training = findings.training_sentence(facts)
    mistakes_figure = [path for path in facts.figures if path.endswith("mistakes.png")]
    compared = len(facts.metrics.candidates) > 1
    return [
        "### Candidates: the linear floor, a CNN, transfer learning"
        if compared
        else "### The one candidate trained",
        "",
        findings.candidates_table(facts),
        "",
        *([depth, ""] if depth else []),
        *([] if compared else [findings.single_candidate_sentence(facts), ""]),
        *([f"{training} See the training curves below.", ""] if training else []),
        "### Read your predictions",
        "",
        "The test images the served model got wrong with the most confidence, where a "
        "reader learns most about it"
        + (" (the *Surest mistakes* figure below shows them):" if mistakes_figure else ":"),
        "",
        findings.mistakes_table(facts),
        "",
    ]


def api_example(facts: RunFacts) -> str:
    if sections.reads_images(facts):
        return _image_api_example(facts)
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
            f"It answers with {answer} and the model version (numbers rounded here), and a "
            "`request_id` that names the prediction for feedback (see *Monitoring*):",
            "",
            sections.prediction_json(facts),
            "",
            '`POST /v1/predict/batch` takes `{"records": [...]}`; every route, with its '
            "request schema, is documented at http://127.0.0.1:8000/docs.",
        ]
    )


def _image_api_example(facts: RunFacts) -> str:
    field = image_facts.upload_field(facts)
    example = facts.metrics.example.record.get(field, "")
    return "\n".join(
        [
            "With the service running (`make serve`, or `make docker-run`), upload an image as "
            f"the form field `{field}`; `{image_facts.EXAMPLE_IMAGE}` is a real one from the test "
            f"split (`{example}`):",
            "",
            sections.curl_example(facts),
            "",
            "It answers with the predicted class, the probability of each class and the model "
            "version (numbers rounded here), and a `request_id` that names the prediction for "
            "feedback (see *Monitoring*):",
            "",
            sections.prediction_json(facts),
            "",
            "`POST /v1/predict/batch` takes several images as repeated `files` fields "
            "(`-F files=@a.png -F files=@b.png`) and `GET /v1/example` returns the test image "
            "above. A file too large gets a 413, a body that is not a form upload a 415, and a "
            "file that is not a readable image a 422, each with a message that names the "
            "problem. Every route is documented at http://127.0.0.1:8000/docs.",
        ]
    )
