"""The report of an image model: images, candidates, uploads, and what it was not tested on."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess

import pytest

from digit_classifier.config import DATA_PROVENANCE, IMAGE_SIZE
from writeup.bench import service
from writeup.blocks import block_content
from writeup.findings import capitalized
from writeup.paths import WriteupPaths
from writeup.project import ModelMetadata, RunMetrics
from writeup.report import write_report
from writeup.sections import number, spread_cell

README = "\n".join(
    f"<!-- report:{name}:start -->\n<!-- report:{name}:end -->"
    for name in ("demo", "results", "api-example")
)


@pytest.fixture
def paths(writeup_paths: WriteupPaths) -> WriteupPaths:
    """A project of its own for each test, with a README that has the report's blocks."""
    writeup_paths.readme.write_text(f"# Mine\n\n{README}\n", encoding="utf-8")
    return writeup_paths


def _metrics(paths: WriteupPaths) -> RunMetrics:
    return RunMetrics.load(paths.run.metrics_file)


def _rewrite(paths: WriteupPaths, **fields: object) -> RunMetrics:
    """Save metrics.json with `fields` replaced, as another evaluation might have written it."""
    metrics = _metrics(paths)
    updated = RunMetrics.model_validate({**metrics.model_dump(), **fields})
    updated.save(paths.run.metrics_file)
    return updated


def _block(paths: WriteupPaths, name: str) -> str:
    content = block_content(paths.readme.read_text(encoding="utf-8"), name)
    assert content is not None, name
    return content


def _candidate(name: str, mean: float, std: float, seconds: float) -> dict[str, object]:
    return {
        "name": name,
        "description": f"the {name} candidate",
        "test": {"balanced_accuracy": mean},
        "cv": {"balanced_accuracy": {"mean": mean, "std": std}},
        "fit_seconds": seconds,
    }


def test_the_results_speak_of_test_images_and_name_every_candidate_with_its_scores(
    paths: WriteupPaths,
) -> None:
    write_report(paths)

    metrics, results = _metrics(paths), _block(paths, "results")
    headline = metrics.headline_metric
    assert f"On {metrics.data.n_test:,} test images it never saw" in results
    assert "ignores the image" in results
    assert metrics.candidates, "training records the candidates it compared"
    for candidate in metrics.candidates:
        described = capitalized(candidate.description)
        row = next(line for line in results.splitlines() if described in line)
        assert spread_cell(candidate.cv[headline]) in row, candidate.name
        assert number(candidate.test[headline] or 0.0) in row, candidate.name
        assert ("**(served)**" in row) == (candidate.name == metrics.model), candidate.name


def test_the_demo_is_the_services_page_not_a_browser_model(paths: WriteupPaths) -> None:
    write_report(paths)

    demo = _block(paths, "demo")
    assert "make serve" in demo
    assert "upload an image" in demo
    assert "runs in your browser" not in demo


def test_the_api_example_uploads_the_example_image_and_shows_its_real_answer(
    paths: WriteupPaths,
) -> None:
    write_report(paths)

    api, metrics = _block(paths, "api-example"), _metrics(paths)
    field = next(iter(metrics.example.record))
    assert f"curl -s -F {field}=@models/example.png http://127.0.0.1:8000/v1/predict" in api
    assert "application/json" not in api
    assert "-d '" not in api
    answer = json.loads(re.findall(r"```json\n(.*?)\n```", api, re.DOTALL)[0])
    assert answer["prediction"] == metrics.example.prediction
    assert answer["model_version"] == metrics.model_version
    assert (paths.root / "models" / "example.png").is_file()


def test_the_curl_example_works_as_written(paths: WriteupPaths) -> None:
    if shutil.which("curl") is None:
        pytest.skip("no curl on this machine")
    write_report(paths)
    command = re.findall(r"```bash\n(curl .*?)\n```", _block(paths, "api-example"))[0]

    with service(paths) as base_url:
        argv = shlex.split(command.replace("http://127.0.0.1:8000", base_url))
        answered = subprocess.run(
            argv, cwd=paths.root, capture_output=True, text=True, check=True, timeout=60
        )

    assert json.loads(answered.stdout)["prediction"] == _metrics(paths).example.prediction


def test_whether_the_deep_models_were_worth_their_cost_follows_the_numbers(
    paths: WriteupPaths,
) -> None:
    _rewrite(
        paths,
        candidates=[
            _candidate("linear", 0.900, 0.010, 10.0),
            _candidate("cnn", 0.970, 0.010, 100.0),
            _candidate("transfer", 0.850, 0.020, 20.0),
        ],
    )

    write_report(paths)

    results = _block(paths, "results")
    assert "beats logistic regression on the pixels by **0.070**" in results
    assert "for 100 s of training against 10 s: worth its cost here" in results
    assert "does not beat logistic regression on the pixels in cross-validation (0.850" in results

    _rewrite(
        paths,
        candidates=[
            _candidate("linear", 0.900, 0.010, 10.0),
            _candidate("cnn", 0.905, 0.010, 100.0),
        ],
    )
    write_report(paths)

    results = _block(paths, "results")
    assert "edges logistic regression on the pixels by 0.005" in results
    assert "not clearly worth its cost on this data" in results
    assert "worth its cost here" not in results


def test_the_training_curves_are_told_from_the_cnns_history(paths: WriteupPaths) -> None:
    epochs = [
        {"epoch": epoch, "train_loss": 1.0 / epoch, "valid_loss": loss, "valid_accuracy": accuracy}
        for epoch, loss, accuracy in [(1, 0.9, 0.6), (2, 0.5, 0.8), (3, 0.3, 0.9), (4, 0.4, 0.9)]
    ]
    history = paths.run.models_dir / "history.json"
    history.write_text(json.dumps({"best_epoch": 3, "epochs": epochs}), encoding="utf-8")

    write_report(paths)

    results = _block(paths, "results")
    assert "The CNN trained for 4 epochs and kept the weights of epoch 3" in results
    assert "(0.300; accuracy there 0.900)" in results
    assert "the 1 epoch after it did not improve on it" in results

    history.unlink()
    write_report(paths)

    assert "The CNN trained for" not in _block(paths, "results")


def test_the_cleaning_notes_say_which_files_were_skipped_and_what_was_changed(
    paths: WriteupPaths,
) -> None:
    data = _metrics(paths).data.model_dump()
    data["dropped"] = [
        {"rows": 2, "reason": "skipped, not an image: cat/notes.txt, dog/x.bin"},
        {"rows": 1797, "reason": "kept, converted to RGB from 1790 L, 7 P"},
    ]
    _rewrite(paths, data=data)

    write_report(paths)

    results = _block(paths, "results")
    assert "  - 2 files skipped, not an image: cat/notes.txt, dog/x.bin" in results
    assert (
        "  - 1,797 images kept, converted to RGB from 1790 L, 7 P "
        "(Pillow's modes; L: greyscale; P: palette)"
    ) in results


def test_the_surest_mistakes_name_their_files(paths: WriteupPaths) -> None:
    mistake = {"text": "cat/0001.png", "actual": "cat", "predicted": "dog", "probability": 0.97}
    metrics = _rewrite(paths, mistakes=[mistake])

    write_report(paths)

    results = _block(paths, "results")
    assert "| `cat/0001.png` | cat | dog | 97% |" in results
    if "figures/mistakes.png" in metrics.figures:
        assert "![Surest mistakes](reports/figures/mistakes.png)" in results
    caveats = block_content(paths.model_card.read_text(encoding="utf-8"), "caveats") or ""
    assert "put 97% on the wrong class" in caveats


def test_the_model_card_says_where_the_images_come_from_and_what_was_not_tested(
    paths: WriteupPaths,
) -> None:
    write_report(paths)

    card = paths.model_card.read_text(encoding="utf-8")
    assert DATA_PROVENANCE in card
    assert f"resized to {IMAGE_SIZE} x {IMAGE_SIZE} pixels" in card
    assert "| Feature | Type |" not in card  # an image has no columns to list
    caveats = block_content(card, "caveats") or ""
    assert f"sees every image as {IMAGE_SIZE} x {IMAGE_SIZE} pixels" in caveats
    for untested in (
        "photos unlike the training images",
        "other sizes or resolutions",
        "other writers, cameras or scanners",
    ):
        assert untested in caveats, untested


def test_the_drafts_speak_of_images_and_candidates(paths: WriteupPaths) -> None:
    write_report(paths)

    metadata = ModelMetadata.load(paths.run.metadata_file)
    writeup = paths.writeup.read_text(encoding="utf-8")
    problem = block_content(writeup, "problem") or ""
    assert f"Given an image, which class is `{metadata.target}`?" in problem
    assert f"**{_metrics(paths).example.prediction}**" in problem
    approach = block_content(writeup, "approach") or ""
    for candidate in _metrics(paths).candidates:
        assert candidate.description in approach, candidate.name
    post = paths.social_post.read_text(encoding="utf-8")
    assert f"predicts {metadata.target} from an image" in post
    assert "a baseline that ignores the image" in post
    assert "#ComputerVision" in post
