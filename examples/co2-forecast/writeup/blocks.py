"""Marked blocks: the parts of a Markdown file that the report step writes.

A block is the text between `<!-- report:NAME:start -->` and
`<!-- report:NAME:end -->`. The report step replaces what is between the two
markers and nothing else, so everything around them (the author's text) is kept
byte for byte, and running it again with the same facts changes nothing.

Author prompts are blockquotes that start with PROMPT. They are written once, when a
document is created, always outside the blocks: the author replaces each prompt with
their own words. The report's record (record.py) names both conventions, so a
checker reads them from there rather than knowing them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# The one convention for "the author writes this": a visible blockquote on GitHub.
PROMPT = "> ✍️ **Your turn:**"
PROMPT_LINE = re.compile(rf"^[ \t]*{re.escape(PROMPT)}", re.MULTILINE)
START_MARKER = "<!-- report:{name}:start -->"
END_MARKER = "<!-- report:{name}:end -->"
# Exactly START_MARKER / END_MARKER: what the record says is what is matched.
_MARKER = re.compile(r"<!-- report:(?P<name>[a-z0-9-]+):(?P<end>start|end) -->")


class MarkerError(ValueError):
    """The markers of a block are missing a partner, repeated or out of order."""


@dataclass(frozen=True)
class FilledText:
    text: str
    missing: tuple[str, ...]  # blocks asked for that the text does not have


def start_marker(name: str) -> str:
    return START_MARKER.format(name=name)


def end_marker(name: str) -> str:
    return END_MARKER.format(name=name)


def block(name: str, content: str) -> str:
    """A whole block, markers included, as a new document holds it."""
    return f"{start_marker(name)}\n{content.strip(chr(10))}\n{end_marker(name)}"


def prompt(text: str) -> str:
    """An author prompt: a blockquote the author replaces with their own words."""
    return f"{PROMPT} {text}"


def count_prompts(text: str) -> int:
    return len(PROMPT_LINE.findall(text))


def fill_blocks(text: str, contents: Mapping[str, str]) -> FilledText:
    """`text` with each named block's content replaced; other text is left as it is.

    Line endings follow the text: a file saved with CRLF keeps CRLF.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    spans = _spans(text)
    pieces: list[str] = []
    position = 0
    for name, (content_start, content_end) in sorted(spans.items(), key=lambda s: s[1][0]):
        if name not in contents:
            continue
        body = contents[name].strip("\n").replace("\n", newline)
        pieces += [text[position:content_start], newline, body, newline]
        position = content_end
    pieces.append(text[position:])
    missing = tuple(name for name in contents if name not in spans)
    return FilledText(text="".join(pieces), missing=missing)


def block_content(text: str, name: str) -> str | None:
    """What block `name` holds (without its markers), or None if `text` has no such block."""
    span = _spans(text).get(name)
    return None if span is None else text[span[0] : span[1]].strip("\r\n")


def _spans(text: str) -> dict[str, tuple[int, int]]:
    """Block name -> (end of its start marker, start of its end marker)."""
    spans: dict[str, tuple[int, int]] = {}
    open_name: str | None = None
    open_at = 0
    for match in _MARKER.finditer(text):
        name, is_end = match["name"], match["end"] == "end"
        if not is_end:
            if open_name is not None:
                raise MarkerError(f"block {open_name!r} is not closed before {name!r} starts")
            if name in spans:
                raise MarkerError(f"block {name!r} appears twice")
            open_name, open_at = name, match.end()
        elif name != open_name:
            raise MarkerError(f"block {name!r} ends without a start marker before it")
        else:
            spans[name] = (open_at, match.start())
            open_name = None
    if open_name is not None:
        raise MarkerError(f"block {open_name!r} has no end marker ({end_marker(open_name)})")
    return spans
