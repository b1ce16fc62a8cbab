"""reports/demo.png: the demo page with a real prediction, as a headless browser shows it.

The service is started on 127.0.0.1 (as the bench does), Chromium opens its page,
fills in the example record (an image model's page fetches its example image)
and presses Predict; the page may load nothing from any other address. The model
version is kept in the PNG, so a new screenshot is taken only when the model
changed. Without Playwright or a Chromium on this machine the step is skipped, with
a note saying what to install.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PIL import Image, PngImagePlugin

from .bench import service
from .paths import WRITEUP_PATHS, WriteupPaths
from .project import ModelMetadata, ProjectError

if TYPE_CHECKING:
    from playwright.sync_api import Request, Route

# Where a system Chromium is found, in this order (Playwright's own download is not used).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags for a headless run that reaches nothing but the page (and works as root in CI).
BROWSER_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
WIDTH, HEIGHT = 900, 900  # CSS pixels; the page grows as tall as its content
VERSION_KEY = "model_version"


@dataclass(frozen=True)
class Screenshot:
    status: str  # "taken", "current" or "skipped"
    note: str = ""


def take_screenshot(paths: WriteupPaths = WRITEUP_PATHS) -> Screenshot:
    """Write reports/demo.png unless it already shows the current model."""
    metadata = ModelMetadata.load(paths.run.metadata_file)
    if _shown_version(paths) == metadata.model_version:
        return Screenshot("current")
    browser = find_browser()
    if browser is None:
        return Screenshot("skipped", "no Chromium found; install one (e.g. apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return Screenshot("skipped", "Playwright is not installed; run make setup")
    with service(paths) as base_url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser, args=list(BROWSER_ARGS))
        try:
            page = chromium.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.route("**/*", _only_from(base_url))
            page.goto(f"{base_url}/")
            page.get_by_role("button", name="Example").click()
            page.get_by_role("button", name="Predict").click()
            page.locator("#result").wait_for(state="visible", timeout=10_000)
            png = page.screenshot(full_page=True)
        finally:
            chromium.close()
    paths.demo_screenshot.write_bytes(_with_version(png, metadata.model_version))
    return Screenshot("taken")


def find_browser() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def _only_from(base_url: str) -> Callable[[Route, Request], None]:
    """A request handler that lets the page load only from the service it demonstrates."""
    allowed = urlsplit(base_url).netloc

    def handle(route: Route, request: Request) -> None:
        if urlsplit(request.url).netloc == allowed:
            route.continue_()
        else:
            route.abort()

    return handle


def _shown_version(paths: WriteupPaths) -> str | None:
    if not paths.demo_screenshot.is_file():
        return None
    try:
        with Image.open(paths.demo_screenshot) as image:
            return image.info.get(VERSION_KEY)
    except OSError as err:
        raise ProjectError(f"{paths.demo_screenshot} is not a PNG; delete it") from err


def _with_version(png: bytes, model_version: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text(VERSION_KEY, model_version)
    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        image.save(out, format="PNG", pnginfo=info, optimize=True)
    return out.getvalue()
