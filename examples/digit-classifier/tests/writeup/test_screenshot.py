"""The demo screenshot: a real headless browser, a real prediction, retaken for a new model."""

from __future__ import annotations

import pytest
from PIL import Image

from writeup.paths import WriteupPaths
from writeup.project import ModelMetadata
from writeup.screenshot import find_browser, take_screenshot


@pytest.fixture
def browser() -> str:
    pytest.importorskip("playwright")
    path = find_browser()
    if path is None:
        pytest.skip("no Chromium on this machine (apt install chromium)")
    return path


def test_the_demo_is_photographed_with_a_prediction(
    writeup_paths: WriteupPaths, browser: str
) -> None:
    shot = take_screenshot(writeup_paths)

    assert shot.status == "taken"
    metadata = ModelMetadata.load(writeup_paths.run.metadata_file)
    with Image.open(writeup_paths.demo_screenshot) as image:
        assert image.info["model_version"] == metadata.model_version
        assert image.width >= 800


def test_a_screenshot_of_the_current_model_is_kept(
    writeup_paths: WriteupPaths, browser: str
) -> None:
    take_screenshot(writeup_paths)
    before = writeup_paths.demo_screenshot.read_bytes()

    assert take_screenshot(writeup_paths).status == "current"
    assert writeup_paths.demo_screenshot.read_bytes() == before


def test_without_a_browser_the_step_is_skipped_with_a_note(
    writeup_paths: WriteupPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("writeup.screenshot.find_browser", lambda: None)

    shot = take_screenshot(writeup_paths)

    assert shot.status == "skipped"
    assert "Chromium" in shot.note
    assert not writeup_paths.demo_screenshot.exists()
