"""Typed command parameters, parsed the same way from a Slack/console line or Discord options.

A line like ``housing type:podcast year:2024`` fills the inline params (``type``, ``year``)
wherever they appear and gives the rest to the positional ones, in order; a ``rest`` param
takes whatever is left. Discord sends typed options, which arrive already split.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Literal

from bot.errors import BadInput
from bot.i18n import _

ParamKind = Literal["text", "rest", "int", "choice", "bool"]
MAX_VALUE_LENGTH = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"yes", "y", "true", "on", "1"}
_FALSE = {"no", "n", "false", "off", "0"}
_QUOTES = {'"': '"', "\u201c": "\u201d"}


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    kind: ParamKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    inline: bool = False
    autocomplete: str | None = None
    # Other words accepted for a choice (e.g. "webinar" for "webinar recording").
    aliases: tuple[tuple[str, str], ...] = ()
    # A search query keeps its quotes (they mark a phrase); elsewhere quotes only group words.
    keep_quotes: bool = False

    def usage(self) -> str:
        shown = f"{self.name}:…" if self.inline else self.name
        return f"<{shown}>" if self.required else f"[{shown}]"


def clean(text: str) -> str:
    """Remove NUL and other control characters; keep newlines and tabs."""
    return _CONTROL.sub("", text)[:MAX_VALUE_LENGTH]


class Params(Mapping[str, str]):
    """The parsed values of one command, by param name; absent means not given."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = {k: v for k, v in values.items() if v != ""}

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def text(self, name: str, default: str = "") -> str:
        return self._values.get(name, default)

    def int(self, name: str) -> int | None:
        value = self._values.get(name)
        return None if value is None else int(value)

    def flag(self, name: str) -> bool:
        return self._values.get(name, "").lower() in _TRUE


def _inline_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf'(?<!\S)({alternatives}):(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def _empty_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf'(?<!\S)({alternatives}):(?:""|(?=\s|$))', re.IGNORECASE)


def split_line(params: tuple[Param, ...], text: str) -> dict[str, str]:
    """Spread one typed line over the params (see the module docstring). A filter given
    twice with different values, or with nothing after its colon, is refused with a hint."""
    values: dict[str, str] = {}
    inline = [p.name for p in params if p.inline]
    if inline:
        empty = _empty_pattern(inline).search(text)
        if empty:
            name = empty.group(1).lower()
            raise BadInput(
                _(
                    "`{name}:` needs a value right after the colon, e.g. `{name}:housing` "
                    'or `{name}:"mental health"`.'
                ).format(name=name)
            )

        def take(match: re.Match[str]) -> str:
            name, value = match.group(1).lower(), match.group(2) or match.group(3) or ""
            if name in values and values[name].lower() != value.lower():
                raise BadInput(
                    _(
                        "One `{name}:` at a time: you gave `{name}:{first}` and "
                        "`{name}:{second}`. Search once for each."
                    ).format(name=name, first=values[name], second=value)
                )
            values[name] = value
            return " "

        stripped = _inline_pattern(inline).sub(take, text)
        if stripped != text:
            text = re.sub(r"[ \t]{2,}", " ", stripped)
    rest = text.strip()
    for param in (p for p in params if not p.inline):
        if not rest:
            break
        if param.kind == "rest":
            values[param.name], rest = rest, ""
        else:
            head, rest = _first_word(rest)
            values[param.name], rest = head, rest.strip()
    return values


def unquote(text: str) -> str:
    """`"Portland, OR"` → `Portland, OR`: one pair of quotes around the whole value (straight
    or the curly ones Slack and phones type) only groups words; quotes inside stay."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] == _QUOTES[text[0]]:
        inner = text[1:-1]
        if text[0] not in inner and text[-1] not in inner:
            return inner.strip()
    return text


def _first_word(text: str) -> tuple[str, str]:
    """The first value of a line and what follows: one word, or a quoted run of words."""
    if text[:1] in _QUOTES:
        end = text.find(_QUOTES[text[0]], 1)
        if end > 0:
            return text[1:end].strip(), text[end + 1 :]
    head, _space, rest = text.partition(" ")
    return head, rest


def convert(param: Param, raw: str) -> str:
    value = clean(raw).strip()
    if param.kind in ("text", "rest") and not param.keep_quotes:
        value = unquote(value)
    if param.kind == "int":
        if not re.fullmatch(r"-?\d{1,9}", value):
            raise BadInput(_("`{name}` must be a whole number, like 2024.").format(name=param.name))
    elif param.kind == "bool":
        if value.lower() not in _TRUE | _FALSE:
            raise BadInput(_("`{name}` must be yes or no.").format(name=param.name))
    elif param.kind == "choice" and param.choices:
        value = dict(param.aliases).get(value.lower(), value)
        lowered = {c.lower(): c for c in param.choices}
        if value.lower() not in lowered:
            close = get_close_matches(value.lower(), list(lowered), n=3, cutoff=0.5)
            hint = (
                " " + _("Did you mean {close}?").format(close=", ".join(lowered[c] for c in close))
                if close
                else ""
            )
            must = _("`{name}` must be one of: {choices}.")
            raise BadInput(must.format(name=param.name, choices=", ".join(param.choices)) + hint)
        value = lowered[value.lower()]
    return value


def parse(params: tuple[Param, ...], text: str, options: Mapping[str, str]) -> Params:
    """Typed values for `params`, from a line or from platform options."""
    known = {p.name: p for p in params}
    raw = dict(options) if options else split_line(params, clean(text))
    values = {name: convert(known[name], value) for name, value in raw.items() if name in known}
    missing = [p.name for p in params if p.required and not values.get(p.name)]
    if missing:
        names = ", ".join(f"`{m}`" for m in missing)
        raise BadInput(_("Please add {names}.").format(names=names))
    return Params(values)
