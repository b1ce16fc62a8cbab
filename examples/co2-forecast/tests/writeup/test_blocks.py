"""Marked blocks: only the text between a block's markers is ever replaced."""

from __future__ import annotations

import pytest

from writeup.blocks import (
    MarkerError,
    block,
    block_content,
    count_prompts,
    fill_blocks,
    prompt,
)


def test_only_the_block_content_is_replaced() -> None:
    text = f"before\n{block('a', 'old')}\nbetween\n{block('b', 'keep')}\nafter\n"

    filled = fill_blocks(text, {"a": "new\nlines"})

    new_block = block("a", "new\nlines")
    assert filled.text == f"before\n{new_block}\nbetween\n{block('b', 'keep')}\nafter\n"
    assert filled.missing == ()


def test_filling_twice_gives_the_same_text() -> None:
    once = fill_blocks(f"x {block('a', '')} y", {"a": "content"}).text

    assert fill_blocks(once, {"a": "content"}).text == once


def test_crlf_files_keep_crlf() -> None:
    text = "top\r\n" + block("a", "old").replace("\n", "\r\n") + "\r\nbottom\r\n"

    filled = fill_blocks(text, {"a": "one\ntwo"}).text

    assert filled == "top\r\n" + block("a", "one\ntwo").replace("\n", "\r\n") + "\r\nbottom\r\n"


def test_missing_blocks_are_reported_not_added() -> None:
    filled = fill_blocks("no blocks\n", {"a": "content"})

    assert filled.text == "no blocks\n"
    assert filled.missing == ("a",)


@pytest.mark.parametrize(
    "text",
    [
        "<!-- report:a:start --> no end",
        "no start <!-- report:a:end -->",
        f"{block('a', '')} {block('a', '')}",
        "<!-- report:a:start --> <!-- report:b:start --> <!-- report:b:end -->",
    ],
)
def test_broken_markers_raise(text: str) -> None:
    with pytest.raises(MarkerError):
        fill_blocks(text, {"a": "x"})


def test_block_content_reads_a_block() -> None:
    assert block_content(f"x\n{block('a', 'inside')}\n", "a") == "inside"
    assert block_content("x", "a") is None


def test_prompts_are_counted_until_answered() -> None:
    text = f"# Doc\n\n{prompt('Why?')}\n> more of the question\n\n{prompt('How?')}\n"

    assert count_prompts(text) == 2
    assert count_prompts(text.replace(prompt("Why?"), "Because.")) == 1
    assert count_prompts("> a quote that is not a prompt\n") == 0
