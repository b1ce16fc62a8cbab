"""A jinja extension that compiles each template string once per environment.

copier renders every part of every path of a template, and its answers file's name,
with `environment.from_string`, which compiles the string anew each time: the
built-in template's 213 entries cost about 1,070 compiles of a few hundred distinct
strings ("src", "{{package_name}}", "tests", ...). With this extension a default
`new` compiles 297. A compiled `Template` is immutable and reads the environment's
globals live, so handing out the same one for the same string renders the same
output.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, Template
from jinja2.ext import Extension


class CompileOnceExtension(Extension):
    """Memoise `environment.from_string` for plain strings (the ones copier renders)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        compile_string = environment.from_string
        compiled: dict[str, Template] = {}

        def from_string(source: Any, globals: Any = None, template_class: Any = None) -> Template:
            # Only the common call is memoised: a string with no globals or class of its
            # own. Anything else (including the non-strings copier probes with, which
            # must raise TypeError as before) goes to jinja unchanged.
            if type(source) is not str or globals is not None or template_class is not None:
                return compile_string(source, globals, template_class)
            template = compiled.get(source)
            if template is None:
                template = compiled[source] = compile_string(source)
            return template

        # An instance attribute, so only this environment (copier's, for one render) uses it.
        environment.from_string = from_string  # type: ignore[method-assign]
