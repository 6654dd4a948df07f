"""What the catalog tests check, as functions a test can also feed a broken catalog."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
Key = tuple[str | None, str]  # (context, msgid)
# str.format fields ({name}, {n}, {0}) and %-style ones (%(n)s, %s, %d).
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdif]|%[sdif]")
GETTEXT = {"_", "N_", "ngettext", "pgettext", "gettext"}
HUMAN = re.compile(r"[A-Za-z]{2,}[^\n]*\s[A-Za-z]{2,}")
SHOWN_ARG = {"Button", "Field.of", "Span", "plain", "strong", "link"}
SPECS = {"command", "message_command", "Param"}
EXCEPTIONS = {
    "ValueError",
    "RuntimeError",
    "TypeError",
    "AssertionError",
    "KeyError",
    "DuplicateName",
}


def extracted() -> dict[Key, Message]:
    """Every string the code marks, extracted with Babel as `pybabel extract -F babel.cfg` does."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[Key, Message] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(
            (context, msgid), Message(message, context=context, locations=[(filename, lineno)])
        )
    return found


def catalog(language: str) -> Catalog:
    with (ROOT / "bot" / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def key_of(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def untranslated(strings: Iterable[Key], po: Catalog) -> list[str]:
    """Strings missing from the catalog, or whose translation is empty or fuzzy."""
    entries = {key_of(m): m for m in po if m.id}
    problems = []
    for key in strings:
        entry = entries.get(key)
        if entry is None:
            problems.append(f"not in the catalog: {key}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {key}")
        elif not all(entry.string) if isinstance(entry.string, tuple) else not entry.string:
            problems.append(f"no translation: {key}")
    return problems


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def placeholder_problems(po: Catalog) -> list[str]:
    """Translations that drop, add or rename a placeholder of their msgid."""
    problems = []
    for m in po:
        if not m.id or not m.string:
            continue
        if isinstance(m.id, str):
            pairs = [(m.id, str(m.string))]
        else:
            forms = list(m.string)
            pairs = [(m.id[0], forms[0]), *((m.id[1], form) for form in forms[1:])]
        for source, translated in pairs:
            if translated and placeholders(source) != placeholders(translated):
                problems.append(
                    f"{source!r} -> {translated!r}: {placeholders(source)} became "
                    f"{placeholders(translated)}"
                )
    return problems


@dataclass(frozen=True)
class Literal:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def _literal_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "{}".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


class _Scan(ast.NodeVisitor):
    def __init__(self, path: str, english: set[str]) -> None:
        self.path, self.english = path, english
        self.found: list[Literal] = []
        self.bad_calls: list[Literal] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.name in self.english:
            return
        self._skip_docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Module(self, node: ast.Module) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    def _skip_docstring(
        self, node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    ) -> None:
        if node.body and isinstance(node.body[0], ast.Expr):
            value = node.body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                node.body[0] = ast.Pass()

    def visit_Call(self, node: ast.Call) -> None:
        called = _name(node.func)
        short = called.rsplit(".", 1)[-1]
        if short in GETTEXT:
            for arg in node.args:
                if isinstance(arg, ast.JoinedStr):
                    self.bad_calls.append(
                        Literal(self.path, node.lineno, "an f-string in " + short)
                    )
            return  # marked: the catalog test checks it
        if called.startswith(("log.", "logging.", "logger.")) or short in EXCEPTIONS:
            return
        if short in SPECS:
            return  # a command's description and params: bot/i18n/extract.py takes them
        if called in SHOWN_ARG and node.args:
            text = _literal_text(node.args[0])
            if text and re.search(r"[A-Za-z]{2,}", text):
                self.found.append(Literal(self.path, node.lineno, text))
                node.args = node.args[1:]
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        if isinstance(node.exc, ast.Call) and _name(node.exc.func) in EXCEPTIONS:
            return
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for value in node.values:  # keys are ids, values may be words
            self.visit(value)

    def visit_Compare(self, node: ast.Compare) -> None:
        return  # comparing with a literal is matching data, not showing words

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and HUMAN.search(node.value):
            self.found.append(Literal(self.path, node.lineno, node.value))

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = _literal_text(node) or ""
        if HUMAN.search(text):
            self.found.append(Literal(self.path, node.lineno, text))


def unwrapped(path: str, english: Iterable[str] = ()) -> tuple[list[Literal], list[Literal]]:
    """Words in `path` shown without a gettext call, and gettext calls of f-strings."""
    scan = _Scan(path, set(english))
    scan.visit(ast.parse((ROOT / path).read_text(), path))
    return scan.found, scan.bad_calls


def files(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        full = ROOT / path
        if full.is_dir():
            yield from sorted(str(p.relative_to(ROOT)) for p in full.rglob("*.py"))
        else:
            yield path
