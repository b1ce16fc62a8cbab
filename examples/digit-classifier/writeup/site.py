"""The project's static site for GitHub Pages: the write-up, and a demo with the model in it.

The site mirrors the repository's layout, so the links and images in the
Markdown keep working: README.md becomes index.html, reports/model_card.md
becomes reports/model_card.html, and the figures are copied beside them. Links to
other files of the repository point to them on GitHub.

demo/ is the service's demo page, but the model runs in the visitor's browser:
the model's ONNX export and onnxruntime-web (fetched from the npm registry at a
pinned version, its integrity checked, and copied into the site), so the page
needs no server and loads nothing from anywhere else. A model too large for a web
page, one that reads text (its tokenizer runs in Python only) or one that reads
images (Pillow prepares them, in Python only) gets a page that says how to call the
API instead.

`make site` (`python -m writeup site`) builds it into _site/, as the Pages workflow does.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import posixpath
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import markdown

from .project import PACKAGE, ProjectError

# Markdown source -> page, both relative to the project root.
PAGES = {
    "README.md": "index.html",
    "reports/model_card.md": "reports/model_card.html",
    "reports/writeup.md": "reports/writeup.html",
}
# Published as they are when they exist (figures, metrics, the previews).
ASSETS = (
    "reports/figures",
    "reports/metrics.json",
    "reports/social_preview.png",
    "reports/demo.png",
)
DEMO_PAGE = "demo/index.html"

# onnxruntime-web, pinned: the version and the npm registry's integrity of its tarball
# (`npm view onnxruntime-web@1.30.0 dist.integrity`). The WebAssembly build on the CPU
# is all the demo needs: its loader and the one .wasm/.mjs pair it loads.
ORT_WEB_VERSION = "1.30.0"
ORT_WEB_INTEGRITY = (
    "sha512-q0y+JrrtukXSzsBWEMccVfqX25LRmosXHF+CaRJmg8pZC"
    "lzcV7svNc4rKY3jL02Vb7QmRMDs1SigqR4CXAfKYQ=="
)
ORT_WEB_FILES = ("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm")
# A visitor downloads the model before the first prediction: past this, on a phone's
# connection, the page would take most of a minute to answer, and GitHub Pages warns
# on files over 50 MB. onnxruntime-web's own .wasm adds about 11 MB.
MAX_BROWSER_MODEL_MB = 20.0
LINK = re.compile(r'(?P<attr>href|src)="(?P<url>[^"]*)"')

STYLE = """
body { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55;
       font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
nav { display: flex; gap: 1.25rem; padding-bottom: .75rem; border-bottom: 1px solid #d0d7de; }
img { max-width: 100%; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; }
code { font-size: .9em; }
"""


def build_site(
    root: Path,
    output: Path,
    *,
    repository_url: str = "",
    commit: str = "main",
    cache: Path | None = None,
) -> None:
    """Writes the site for the project at `root` into `output` (emptied first).

    `cache` keeps the onnxruntime-web tarball between builds (default: .cache/ under root).
    """
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    demo = _build_demo(root, output / "demo", cache or root / ".cache")
    for asset in ASSETS:
        source = root / asset
        if source.is_dir():
            shutil.copytree(source, output / asset)
        elif source.is_file():
            (output / asset).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, output / asset)
    published = {path.relative_to(output).as_posix() for path in output.rglob("*")}
    pages = {src: page for src, page in PAGES.items() if (root / src).is_file()}
    published |= set(pages.values())
    nav = [(page, _title(root / src)) for src, page in pages.items()]
    if demo:
        published.add(DEMO_PAGE)
        nav.append((DEMO_PAGE, "Demo"))
    if repository_url:
        nav.append((repository_url, "Repository"))
    for src, page in pages.items():
        body = markdown.markdown(
            (root / src).read_text(encoding="utf-8"),
            extensions=["extra", "sane_lists", "toc"],
            output_format="html",
        )
        links = _LinkRewriter(src, page, pages, published, repository_url, commit)
        target = output / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_document(_title(root / src), LINK.sub(links, body), page, nav), "utf-8")
    # GitHub Pages would run Jekyll over the site otherwise.
    (output / ".nojekyll").write_text("", encoding="utf-8")


class _LinkRewriter:
    """Maps a link in one page's Markdown to where that target is on the site (or on GitHub)."""

    def __init__(
        self,
        source: str,
        page: str,
        pages: dict[str, str],
        published: set[str],
        repository_url: str,
        commit: str,
    ) -> None:
        self.source_dir = posixpath.dirname(source)
        self.page_dir = posixpath.dirname(page)
        self.pages = pages
        self.published = published
        self.repository_url = repository_url
        self.commit = commit

    def __call__(self, match: re.Match[str]) -> str:
        url = html.unescape(match["url"])
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            return match[0]
        target = posixpath.normpath(posixpath.join(self.source_dir, parts.path))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target in self.pages:
            new = self._relative(self.pages[target]) + fragment
        elif target in self.published:
            new = self._relative(target) + fragment
        elif self.repository_url and not target.startswith(".."):
            new = f"{self.repository_url}/blob/{self.commit}/{target}{fragment}"
        else:
            return match[0]
        return f'{match["attr"]}="{html.escape(new)}"'

    def _relative(self, target: str) -> str:
        return posixpath.relpath(target, self.page_dir or ".")


def _title(markdown_file: Path) -> str:
    for line in markdown_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return markdown_file.stem.replace("_", " ").capitalize()


def _document(title: str, body: str, page: str, nav: list[tuple[str, str]]) -> str:
    page_dir = posixpath.dirname(page) or "."
    links = " ".join(
        f'<a href="{html.escape(href if "://" in href else posixpath.relpath(href, page_dir))}">'
        f"{html.escape(label)}</a>"
        for href, label in nav
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<nav>{links}</nav>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


# --- the demo: the service's page, with the model run by onnxruntime-web -------------


def _build_demo(root: Path, demo: Path, cache: Path) -> bool:
    """Write demo/ (page, script, model, onnxruntime-web); False when there is no model yet."""
    model = root / "models" / "model.onnx"
    metadata = root / "models" / "metadata.json"
    if not model.is_file() or not metadata.is_file():
        return False
    page_dir = _demo_assets(root)
    demo.mkdir(parents=True)
    for name in ("demo.js", "demo.css"):
        shutil.copyfile(page_dir / name, demo / name)
    shutil.copyfile(metadata, demo / "model.json")
    megabytes = model.stat().st_size / 1e6
    if (root / "models" / "tokenizer.json").is_file():
        # A text model: its tokenizer is the `tokenizers` library's, not in a browser.
        backend, scripts = 'data-backend="none"', ""
    elif _reads_images(metadata):
        # An image model: Pillow decodes, turns, crops and resizes each upload, and the
        # model must see exactly that; a page would need its own copy of those steps.
        backend, scripts = 'data-backend="none"', ""
    elif megabytes > MAX_BROWSER_MODEL_MB:
        backend = f'data-backend="none" data-model-megabytes="{megabytes:.0f}"'
        scripts = ""
    else:
        shutil.copyfile(model, demo / "model.onnx")
        _vendor_onnxruntime_web(demo / "ort", cache)
        backend = 'data-backend="browser" data-ort-path="ort/"'
        scripts = f'<script src="ort/{ORT_WEB_FILES[0]}"></script>\n  '
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    # The service serves the page at / and its assets under demo/; here they sit beside it.
    page = page.replace('"demo/', '"').replace('data-backend="api"', backend)
    page = page.replace('<script src="demo.js">', f'{scripts}<script src="demo.js">')
    (demo / "index.html").write_text(page, encoding="utf-8")
    return True


def _reads_images(metadata: Path) -> bool:
    features = json.loads(metadata.read_text(encoding="utf-8")).get("features", [])
    return any(feature.get("kind") == "image" for feature in features)


def _demo_assets(root: Path) -> Path:
    page_dir = root / "src" / PACKAGE / "api" / "demo"
    if not (page_dir / "index.html").is_file():
        raise ProjectError(f"{page_dir}/index.html is missing; restore it from git")
    return page_dir


def _vendor_onnxruntime_web(destination: Path, cache: Path) -> None:
    """Copy onnxruntime-web's WebAssembly build out of its npm tarball, checked first."""
    tarball = cache / f"onnxruntime-web-{ORT_WEB_VERSION}.tgz"
    if not tarball.is_file() or not _intact(tarball):
        _npm_pack(cache)
    if not _intact(tarball):
        raise ProjectError(
            f"{tarball} does not match the pinned integrity of onnxruntime-web "
            f"{ORT_WEB_VERSION}; delete it and build again"
        )
    destination.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for name in ORT_WEB_FILES:
            member = archive.extractfile(f"package/dist/{name}")
            if member is None:
                raise ProjectError(f"onnxruntime-web {ORT_WEB_VERSION} has no dist/{name}")
            (destination / name).write_bytes(member.read())


def _npm_pack(cache: Path) -> None:
    if shutil.which("npm") is None:
        raise ProjectError(
            "npm is needed once to fetch onnxruntime-web for the demo; install Node.js"
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        completed = subprocess.run(
            ["npm", "pack", f"onnxruntime-web@{ORT_WEB_VERSION}", "--pack-destination", scratch],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            raise ProjectError(f"npm could not fetch onnxruntime-web {ORT_WEB_VERSION}: {last}")
        fetched = Path(scratch) / f"onnxruntime-web-{ORT_WEB_VERSION}.tgz"
        fetched.replace(cache / fetched.name)


def _intact(tarball: Path) -> bool:
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    return f"sha512-{digest}" == ORT_WEB_INTEGRITY
