"""The demo, in a real headless Chromium: the service's page at `/` and the Pages site's copy.

For each project kind present, the page is opened over 127.0.0.1, the example is
filled in and Predict pressed; the page must show what POST /v1/predict answers for
the same record, with the model running in the service (`/`) or in the browser
(`_site/demo/`). A forecast project's page draws its history and forecast as an SVG
chart and lists the steps; a new horizon redraws both with what POST /v1/forecast
answers. A bad value shows the API's own message. Any request to an address other
than 127.0.0.1 fails the test (and is not sent).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from mlscaffold.create import create_project
from tests.e2e.helpers import free_port, run, wait_until_ready

pytestmark = pytest.mark.slow

playwright_api = pytest.importorskip("playwright.sync_api")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CASES = {"penguins": "classification", "diabetes": "regression"}


def chromium_or_fail() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Chromium is needed for the demo tests (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def serving(args: list[str], cwd: Path, port: int, env: dict[str, str]) -> Iterator[str]:
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize("dataset", CASES)
def test_the_demo_predicts_what_the_api_predicts(tmp_path: Path, dataset: str) -> None:
    browser_path = chromium_or_fail()
    result = create_project(tmp_path / dataset, data={"dataset": dataset}, use_defaults=True)
    project, package = result.destination, str(result.answers["package_name"])
    run(project, "make", "setup", "data", "train", "site")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    api_port, site_port = free_port(), free_port()
    api_env = {**env, "PORT": str(api_port), "HOST": "127.0.0.1", "LOG_LEVEL": "warning"}
    site_args = [sys.executable, "-m", "http.server", str(site_port), "--bind", "127.0.0.1"]
    with (
        serving(["uv", "run", "python", "-m", package, "serve"], project, api_port, api_env) as api,
        serving(site_args, project / "_site", site_port, env) as site,
        playwright_api.sync_playwright() as playwright,
    ):
        wait_until_ready(api)
        example = httpx.get(f"{api}/v1/model").json()["example"]
        expected = httpx.post(f"{api}/v1/predict", json=example).json()
        browser = playwright.chromium.launch(executable_path=browser_path, args=BROWSER_ARGS)
        try:
            for url in (f"{api}/", f"{site}/demo/"):
                shown = predict_in_page(browser, url, example)
                assert shown == displayed(expected, CASES[dataset]), url
            assert_bad_value_shows_the_api_message(browser, api, example)
        finally:
            browser.close()


def predict_in_page(browser: Any, url: str, example: dict[str, Any]) -> dict[str, Any]:
    page, blocked = open_page(browser, url)
    page.get_by_role("button", name="Example").click()
    for name, value in example.items():  # every field is labelled with its feature's name
        filled = page.get_by_label(name, exact=True).input_value()
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert float(filled) == value, name
        else:
            assert filled == ("" if value is None else str(value)), name
    page.get_by_role("button", name="Predict").click()
    page.locator("#result").wait_for(state="visible", timeout=30_000)
    bars = page.locator("#probabilities .bar").all()
    shown = {
        "prediction": page.locator("#prediction").text_content(),
        "probabilities": {
            bar.locator("span").first.text_content(): bar.locator("span").last.text_content()
            for bar in bars
        },
    }
    assert not blocked, f"{url} tried to load from other addresses: {blocked}"
    page.close()
    return shown


def open_page(browser: Any, url: str) -> tuple[Any, list[str]]:
    page = browser.new_page()
    blocked: list[str] = []

    def only_loopback(route: Any, request: Any) -> None:
        if urlsplit(request.url).hostname == "127.0.0.1" or request.url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(url)
    page.get_by_role("button", name="Predict").wait_for(timeout=30_000)
    return page, blocked


def displayed(answer: dict[str, Any], task: str) -> dict[str, Any]:
    """The API's answer as the page writes it: 3 decimals for numbers."""
    if task == "regression":
        return {"prediction": f"{answer['prediction']:.3f}", "probabilities": {}}
    return {
        "prediction": answer["prediction"],
        "probabilities": {label: f"{p:.3f}" for label, p in answer["probabilities"].items()},
    }


def assert_bad_value_shows_the_api_message(browser: Any, api: str, example: dict[str, Any]) -> None:
    page, _ = open_page(browser, f"{api}/")
    page.get_by_role("button", name="Example").click()
    name = next(iter(example))  # a required feature, left empty
    field = page.get_by_label(name, exact=True)
    if field.evaluate("node => node.tagName") == "SELECT":
        field.select_option("")
    else:
        field.fill("")
    page.get_by_role("button", name="Predict").click()
    error = page.locator("#error")
    error.wait_for(state="visible", timeout=30_000)
    refused = httpx.post(f"{api}/v1/predict", json={**example, name: None})
    assert refused.status_code == 422
    assert error.text_content() == refused.json()["message"]
    page.close()


def test_the_forecast_demo_draws_what_the_api_forecasts(tmp_path: Path) -> None:
    """The forecast kind's page: history and forecast as an SVG chart, redrawn per horizon."""
    browser_path = chromium_or_fail()
    result = create_project(tmp_path / "series", data={"kind": "forecast"}, use_defaults=True)
    project, package = result.destination, str(result.answers["package_name"])
    run(project, "make", "setup", "data", "train")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    port = free_port()
    api_env = {**env, "PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "warning"}
    with (
        serving(["uv", "run", "python", "-m", package, "serve"], project, port, api_env) as api,
        playwright_api.sync_playwright() as playwright,
    ):
        wait_until_ready(api)
        model = httpx.get(f"{api}/v1/model").json()
        browser = playwright.chromium.launch(executable_path=browser_path, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            console_errors: list[str] = []
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda error: console_errors.append(str(error)))
            blocked = only_loopback_requests(page)
            page.goto(f"{api}/")

            # At first the page forecasts the whole trained horizon.
            wait_for_points(page, model["horizon"])
            assert shown_steps(page) == displayed_steps(api, model["horizon"])
            assert page.locator("svg#plot polyline.history").get_attribute("points").count(
                ","
            ) == len(model["history"])

            horizon = page.get_by_label("Horizon (steps ahead)")
            horizon.fill("3")
            horizon.press("Enter")
            wait_for_points(page, 3)
            assert shown_steps(page) == displayed_steps(api, 3)
            assert (
                page.locator("svg#plot polygon.interval").get_attribute("points").count(",")
                == 2 * 3
            )
            assert not console_errors, console_errors
            assert not blocked, f"the page tried to load from other addresses: {blocked}"

            # A horizon the model was not trained for shows the API's own message.
            horizon.fill(str(model["horizon"] + 1))
            horizon.dispatch_event("change")
            error = page.locator("#error")
            error.wait_for(state="visible", timeout=30_000)
            refused = httpx.post(f"{api}/v1/forecast", json={"horizon": model["horizon"] + 1})
            assert error.text_content() == refused.json()["message"]
        finally:
            browser.close()


def only_loopback_requests(page: Any) -> list[str]:
    blocked: list[str] = []

    def route(route: Any, request: Any) -> None:
        if urlsplit(request.url).hostname == "127.0.0.1" or request.url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    page.route("**/*", route)
    return blocked


def wait_for_points(page: Any, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('svg#plot circle.forecast-point').length === {count}"
        f" && document.querySelectorAll('#steps tbody tr').length === {count}",
        timeout=30_000,
    )


def shown_steps(page: Any) -> list[list[str]]:
    rows = page.locator("#steps tbody tr").all()
    return [[cell.text_content() for cell in row.locator("td").all()] for row in rows]


def displayed_steps(api: str, horizon: int) -> list[list[str]]:
    """POST /v1/forecast's steps as the page's table writes them: 3 decimals."""
    steps = httpx.post(f"{api}/v1/forecast", json={"horizon": horizon}).json()["steps"]
    return [
        [s["timestamp"], f"{s['forecast']:.3f}", f"{s['lower']:.3f}", f"{s['upper']:.3f}"]
        for s in steps
    ]
