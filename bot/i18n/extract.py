"""Babel's extractor for this code: gettext calls, plus what people see of each command.

Besides `_()`, `N_()`, `ngettext()` and `pgettext()` (Babel's Python extractor), it finds the
command specs written as ``router.command("resources add", "Add a resource", params=...)``:
each description, each `Param`'s description, and the words of command and option names
(context ``command name``), which Discord shows translated in its command picker.
Used by ``pybabel extract -F babel.cfg`` and tests/i18n/test_catalog.py.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

NAME_CONTEXT = "command name"
# (line, keyword, message or (context, message), comments), as Babel's extractors yield.
Found = tuple[Any, ...]


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Found]:
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    yield from specs(ast.parse(source))


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _called(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


def _names(lineno: int, name: str) -> Iterator[Found]:
    for word in name.split():
        yield lineno, "pgettext", (NAME_CONTEXT, word), []


def specs(tree: ast.AST) -> Iterator[Found]:
    """Command and option names and descriptions written as literals."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        called = _called(node)
        name, description = _text(node.args[0]), _text(node.args[1])
        if called == "message_command" and description:
            # Its name may be a constant (marked where it is defined); its description is
            # shown in /help, so it is extracted either way.
            yield node.lineno, "gettext", description, []
            continue
        if called in {"command", "Param"} and name and description:
            yield from _names(node.lineno, name)
            yield node.lineno, "gettext", description, []
            for keyword in node.keywords:
                default = _text(keyword.value) if keyword.arg == "group_default" else None
                if default:
                    yield from _names(node.lineno, default)
