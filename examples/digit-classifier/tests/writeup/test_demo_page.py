"""The demo page in a real headless browser: pick an image or try the example, see the answer."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from writeup.bench import service
from writeup.paths import WriteupPaths
from writeup.project import PACKAGE, ModelMetadata, Paths, RunMetrics
from writeup.screenshot import BROWSER_ARGS, find_browser


@pytest.fixture(scope="module")
def demo(project_paths: Paths, evaluation: RunMetrics) -> Iterator[tuple[Any, str]]:
    """One service and one browser for the module: each test opens its own page in it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = find_browser()
    if browser_path is None:
        pytest.skip("no Chromium on this machine (apt install chromium)")
    with service(WriteupPaths(project_paths)) as base_url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=list(BROWSER_ARGS))
        yield browser, base_url
        browser.close()


@pytest.fixture
def page(demo: tuple[Any, str]) -> Iterator[Any]:
    browser, base_url = demo
    page = browser.new_page()
    # Every request the page makes, to check that it reaches this service only.
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base_url}/")
    page.get_by_role("button", name="Predict").wait_for()
    yield page
    assert requested, "the page made requests"
    # blob: and data: URLs are the page's own bytes (the preview, the icon), not requests.
    network = [urlsplit(url) for url in requested if not url.startswith(("blob:", "data:"))]
    assert {url.netloc for url in network} == {urlsplit(base_url).netloc}
    page.close()


def _metrics(writeup_paths: WriteupPaths) -> RunMetrics:
    return RunMetrics.load(writeup_paths.run.metrics_file)


def _field(writeup_paths: WriteupPaths) -> str:
    """The form field the API reads an upload from: the example record's one key."""
    return next(iter(ModelMetadata.load(writeup_paths.run.metadata_file).example_record))


def test_the_image_is_picked_with_a_file_input_labelled_with_the_form_field(
    page: Any, writeup_paths: WriteupPaths
) -> None:
    picker = page.get_by_label(_field(writeup_paths), exact=True)

    assert picker.get_attribute("type") == "file"
    assert picker.get_attribute("accept") == "image/*"


def test_a_picked_image_is_shown_and_predict_answers_as_the_api_does(
    page: Any, writeup_paths: WriteupPaths
) -> None:
    example = writeup_paths.run.models_dir / "example.png"

    page.get_by_label(_field(writeup_paths), exact=True).set_input_files(str(example))
    page.locator("#preview").wait_for(state="visible")
    page.get_by_role("button", name="Predict").click()

    page.locator("#result").wait_for(state="visible")
    assert page.locator("#prediction").text_content() == _metrics(writeup_paths).example.prediction
    assert "example.png" in (page.locator("#chosen figcaption").text_content() or "")
    assert page.locator("#error").is_hidden()


def test_try_the_example_fetches_the_test_image_and_predicts_it(
    page: Any, writeup_paths: WriteupPaths
) -> None:
    metadata = ModelMetadata.load(writeup_paths.run.metadata_file)

    page.get_by_role("button", name="Try the example").click()

    page.locator("#result").wait_for(state="visible")
    assert page.locator("#prediction").text_content() == _metrics(writeup_paths).example.prediction
    bars = page.locator("#probabilities .bar")
    assert bars.count() == len(metadata.classes or ())
    caption = page.locator("#chosen figcaption").text_content() or ""
    assert metadata.example_record[_field(writeup_paths)] in caption


def test_a_file_that_is_not_an_image_shows_the_api_message(
    page: Any, writeup_paths: WriteupPaths
) -> None:
    field = _field(writeup_paths)
    page.get_by_label(field, exact=True).set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not an image"}
    )
    page.get_by_role("button", name="Predict").click()

    error = page.locator("#error")
    error.wait_for(state="visible")
    assert f"{field}: not an image" in (error.text_content() or "")
    assert page.locator("#result").is_hidden()


def test_a_file_over_the_size_limit_shows_the_413_message(
    page: Any, writeup_paths: WriteupPaths
) -> None:
    limit = importlib.import_module(f"{PACKAGE}.settings").Settings().max_image_bytes
    page.get_by_label(_field(writeup_paths), exact=True).set_input_files(
        {"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (limit + 1)}
    )
    page.get_by_role("button", name="Predict").click()

    error = page.locator("#error")
    error.wait_for(state="visible")
    assert f"larger than {limit:,} bytes (MAX_IMAGE_BYTES)" in (error.text_content() or "")


def test_predict_without_an_image_asks_for_one(page: Any) -> None:
    page.get_by_role("button", name="Predict").click()

    error = page.locator("#error")
    error.wait_for(state="visible")
    assert "Choose an image first" in (error.text_content() or "")
