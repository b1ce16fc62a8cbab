"""Renders the project's write-up into a small static site for GitHub Pages.

The site mirrors the repository's layout, so the links and images in the
Markdown keep working: README.md becomes index.html, reports/model_card.md
becomes reports/model_card.html, and the figures are copied beside them. Links to
other files of the repository point to them on GitHub.

Run by .github/workflows/pages.yml after `make report`; locally:

    uv run --no-project --with markdown python .github/scripts/build_site.py --output _site
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import markdown

# Markdown source -> page, both relative to the project root.
PAGES = {
    "README.md": "index.html",
    "reports/model_card.md": "reports/model_card.html",
    "reports/writeup.md": "reports/writeup.html",
}
# Published as they are when they exist (figures, metrics, the social preview).
ASSETS = ("reports/figures", "reports/metrics.json", "reports/social_preview.png")
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


def build_site(root: Path, output: Path, *, repository_url: str = "", commit: str = "main") -> None:
    """Writes the site for the project at `root` into `output` (emptied first)."""
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("_site"))
    parser.add_argument("--root", type=Path, default=Path())
    parser.add_argument("--repository-url", default="", help="e.g. https://github.com/you/project")
    parser.add_argument("--commit", default="main", help="the commit other files link to")
    args = parser.parse_args()
    build_site(args.root, args.output, repository_url=args.repository_url, commit=args.commit)
    print(f"site written to {args.output}")


if __name__ == "__main__":
    main()
