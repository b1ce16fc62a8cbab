"""The compile-once jinja extension: the same output as jinja's own from_string."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from mlscaffold.jinja_compile_cache import CompileOnceExtension


def test_a_string_is_compiled_once_and_renders_with_each_context() -> None:
    environment = Environment(extensions=[CompileOnceExtension])

    first = environment.from_string("{{ package_name }}")
    again = environment.from_string("{{ package_name }}")

    assert again is first
    assert first.render(package_name="penguins") == "penguins"
    assert again.render(package_name="digits") == "digits"


def test_globals_set_after_compiling_are_still_seen() -> None:
    environment = Environment(extensions=[CompileOnceExtension])
    template = environment.from_string("{{ greeting }}")

    environment.globals["greeting"] = "hello"

    assert environment.from_string("{{ greeting }}").render() == "hello"
    assert template.render() == "hello"


def test_calls_with_globals_of_their_own_are_not_shared() -> None:
    environment = Environment(extensions=[CompileOnceExtension])

    shared = environment.from_string("{{ x }}")
    own = environment.from_string("{{ x }}", globals={"x": 1})

    assert own is not shared
    assert own.render() == "1"
    assert shared.render() == ""


def test_a_non_string_fails_as_it_does_without_the_extension() -> None:
    """copier probes values with from_string and keeps those that raise TypeError as is."""
    with pytest.raises(TypeError):
        Environment().from_string(["a", "list"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Environment(extensions=[CompileOnceExtension]).from_string(["a", "list"])  # type: ignore[arg-type]


def test_each_environment_keeps_its_own_templates() -> None:
    one = Environment(extensions=[CompileOnceExtension])
    other = Environment(
        extensions=[CompileOnceExtension], variable_start_string="[[", variable_end_string="]]"
    )

    assert one.from_string("[[ x ]]{{ x }}").render(x=1) == "[[ x ]]1"
    assert other.from_string("[[ x ]]{{ x }}").render(x=1) == "1{{ x }}"
