"""The Pages site: the write-up with working links, and the demo with the model in it."""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib
import io
import shutil
import tarfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from writeup import site
from writeup.paths import WriteupPaths
from writeup.project import PACKAGE
from writeup.screenshot import BROWSER_ARGS, find_browser


@pytest.fixture
def ort_web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in onnxruntime-web tarball in the cache, pinned as the real one is."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name in site.ORT_WEB_FILES:
            data = f"// {name}\n".encode()
            info = tarfile.TarInfo(f"package/dist/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    cache = tmp_path / "cache"
    cache.mkdir()
    tarball = cache / f"onnxruntime-web-{site.ORT_WEB_VERSION}.tgz"
    tarball.write_bytes(buffer.getvalue())
    digest = base64.b64encode(hashlib.sha512(buffer.getvalue()).digest()).decode()
    monkeypatch.setattr(site, "ORT_WEB_INTEGRITY", f"sha512-{digest}")
    return cache


@pytest.fixture
def root(writeup_paths: WriteupPaths) -> Path:
    """A project root with a trained model, a README and the demo page's sources."""
    root = writeup_paths.root
    (root / "README.md").write_text(
        "# Demo\n\nSee the [model card](reports/model_card.md#metrics), "
        f"[the code](src/{PACKAGE}/config.py).\n\n![fig](reports/figures/roc.png)\n",
        encoding="utf-8",
    )
    (root / "reports" / "model_card.md").write_text(
        "# Model card\n\n## Metrics\n\n![fig](figures/roc.png) [home](../README.md)\n",
        encoding="utf-8",
    )
    (root / "reports" / "figures" / "roc.png").write_bytes(b"\x89PNG")
    package = Path(importlib.import_module(PACKAGE).__file__ or "").parent
    shutil.copytree(package / "api" / "demo", root / "src" / PACKAGE / "api" / "demo")
    return root


def test_the_write_up_becomes_pages_with_working_links(root: Path, ort_web: Path) -> None:
    output = root / "_site"

    site.build_site(
        root, output, repository_url="https://github.com/you/demo", commit="abc123", cache=ort_web
    )

    index = (output / "index.html").read_text("utf-8")
    assert 'href="reports/model_card.html#metrics"' in index
    assert 'src="reports/figures/roc.png"' in index
    assert f'href="https://github.com/you/demo/blob/abc123/src/{PACKAGE}/config.py"' in index
    assert 'href="demo/index.html"' in index
    card = (output / "reports" / "model_card.html").read_text("utf-8")
    assert 'src="figures/roc.png"' in card
    assert 'href="../index.html"' in card
    assert (output / ".nojekyll").is_file()


def test_an_image_model_gets_a_page_that_says_how_to_call_the_api(
    root: Path, ort_web: Path
) -> None:
    """Pillow prepares every image in the service: the page cannot run the model itself."""
    output = root / "_site"

    site.build_site(root, output, cache=ort_web)

    demo = output / "demo"
    page = (demo / "index.html").read_text("utf-8")
    assert 'data-backend="none"' in page
    assert '"demo/' not in page  # the assets sit beside the page
    assert (demo / "model.json").read_bytes() == (root / "models" / "metadata.json").read_bytes()
    assert not (demo / "model.onnx").exists()
    assert not (demo / "ort").exists()
    assert "://" not in page


def test_the_image_demo_page_says_so_in_a_browser(root: Path, ort_web: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = find_browser()
    if browser_path is None:
        pytest.skip("no Chromium on this machine (apt install chromium)")
    site.build_site(root, root / "_site", cache=ort_web)
    handler = functools.partial(QuietHandler, directory=str(root / "_site" / "demo"))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=browser_path, args=list(BROWSER_ARGS)
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
            page.locator("pre").wait_for()
            intro, command = page.locator("#intro").inner_text(), page.locator("pre").inner_text()
            browser.close()
        server.shutdown()

    assert "reads images" in intro
    assert "cannot run the model" in intro
    field = importlib.import_module(f"{PACKAGE}.schema").IMAGE_FIELD
    assert command == f"curl -s -F {field}=@models/example.png http://127.0.0.1:8000/v1/predict"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the test's output stays clean


def test_a_model_too_large_for_a_page_gets_a_page_that_says_so(
    root: Path, ort_web: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site, "MAX_BROWSER_MODEL_MB", 0.0)

    site.build_site(root, root / "_site", cache=ort_web)

    demo = root / "_site" / "demo"
    assert 'data-backend="none"' in (demo / "index.html").read_text("utf-8")
    assert not (demo / "model.onnx").exists()
    assert not (demo / "ort").exists()


def test_no_model_means_no_demo(root: Path, ort_web: Path) -> None:
    shutil.rmtree(root / "models")

    site.build_site(root, root / "_site", cache=ort_web)

    assert not (root / "_site" / "demo").exists()
    assert 'href="demo/index.html"' not in (root / "_site" / "index.html").read_text("utf-8")
