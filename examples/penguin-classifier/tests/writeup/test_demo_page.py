"""The demo page in a real headless browser: one labelled field per feature, as the schema says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from writeup.bench import service
from writeup.paths import WriteupPaths
from writeup.project import ModelMetadata, Paths, RunMetrics
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
    page.goto(f"{base_url}/")
    page.get_by_role("button", name="Predict").wait_for()
    yield page
    page.close()


def test_every_feature_has_a_field_labelled_with_its_name(
    page: Any, writeup_paths: WriteupPaths
) -> None:
    metadata = ModelMetadata.load(writeup_paths.run.metadata_file)

    for feature in metadata.features:
        field = page.get_by_label(feature.name, exact=True)
        if feature.kind == "numeric":
            assert field.get_attribute("type") == "number", feature.name
        else:
            options = field.locator("option").all_inner_texts()
            assert [str(c) for c in feature.categories or []] == options[1:], feature.name


def test_the_example_fills_the_form_and_predict_answers(page: Any) -> None:
    page.get_by_role("button", name="Example").click()
    page.get_by_role("button", name="Predict").click()

    page.locator("#result").wait_for(state="visible")
    assert page.locator("#prediction").text_content()
    assert page.locator("#error").is_hidden()
