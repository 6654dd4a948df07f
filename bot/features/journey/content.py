"""Journey content: quarters, themes and prompts read from a TOML file and checked up front.

Every problem is reported with the dotted key that holds it
(``journey.quarters.2026-Q2.followups[0].offset``) so an organizer can fix the file before
the bot starts, never at post time. Quarter keys are ``Q1``..``Q4`` (every year) or
``2026-Q2`` (that year only, winning over ``Q2``).

Each text may come in Spanish too (``theme_es``, ``introduction_es``, ``text_es``,
``questions_es``), checked like the English; empty means the English text serves both.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.durations import format_duration, parse_duration

STARTER_FILE = Path(__file__).parent / "starter.toml"
PLACEHOLDERS = ("quarter", "theme", "upcoming_events", "top_suggestion")
KICKOFF = "kickoff"
MAX_OFFSET = timedelta(weeks=13)
_QUARTER_KEY = re.compile(r"^(?:(\d{4})-)?Q([1-4])$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")


class ContentError(ValueError):
    """The content cannot be used; `key` names where, the message says what would work."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Prompt:
    """One post: the kick-off (`offset` after the quarter starts, usually none) or a
    follow-up `offset` after the kick-off."""

    id: str
    text: str
    questions: tuple[str, ...] = ()
    offset: timedelta = timedelta(0)
    time: str | None = None
    text_es: str = ""
    questions_es: tuple[str, ...] = ()

    @property
    def is_kickoff(self) -> bool:
        return self.id == KICKOFF

    def text_in(self, language: str) -> str:
        """The text in `language`: the Spanish one when given, else the English."""
        return self.text_es if language == "es" and self.text_es else self.text

    def questions_in(self, language: str) -> tuple[str, ...]:
        return self.questions_es if language == "es" and self.questions_es else self.questions

    @property
    def bilingual(self) -> bool:
        return bool(self.text_es)


@dataclass(frozen=True)
class Quarter:
    key: str
    theme: str
    introduction: str
    prompts: tuple[Prompt, ...]
    links: tuple[Link, ...] = ()
    resource_search: str = ""
    theme_es: str = ""
    introduction_es: str = ""

    def theme_in(self, language: str) -> str:
        """The theme in `language`: the Spanish one when given, else the English."""
        return self.theme_es if language == "es" and self.theme_es else self.theme

    def introduction_in(self, language: str) -> str:
        if language == "es" and self.introduction_es:
            return self.introduction_es
        return self.introduction

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)


@dataclass(frozen=True)
class Content:
    quarters: tuple[Quarter, ...]
    source: str = ""

    def for_quarter(self, year: int, number: int) -> Quarter | None:
        """The content of one concrete quarter: ``2026-Q2`` if given, else ``Q2``."""
        by_key = {q.key: q for q in self.quarters}
        return by_key.get(f"{year}-Q{number}") or by_key.get(f"Q{number}")


NO_CONTENT = Content(())


def parse_time(value: str) -> tuple[int, int]:
    """``"10:00"`` -> (10, 0); ValueError naming what would work otherwise."""
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time of day; write it like 10:00 or 14:30")
    return int(match.group(1)), int(match.group(2))


def placeholders_in(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each known ``{name}``; checked content has no other placeholder."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def load_content(content_file: str) -> Content:
    """The content named by config (empty: the shipped starter set), fully checked."""
    path = Path(content_file) if content_file else STARTER_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError("journey.content_file", f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError("journey.content_file", f"cannot read {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError("journey.content_file", f"{path} is not valid TOML: {error}") from None
    return parse_content(data, source=str(path))


def parse_content(data: dict[str, Any], source: str = "") -> Content:
    _only(data, "journey", {"quarters"})
    quarters = data.get("quarters")
    if not isinstance(quarters, dict) or not quarters:
        raise ContentError("journey.quarters", "add at least one quarter, e.g. [quarters.Q1]")
    parsed = tuple(_quarter(str(key), value) for key, value in quarters.items())
    return Content(parsed, source)


def _quarter(key: str, data: Any) -> Quarter:
    where = f"journey.quarters.{key}"
    if not _QUARTER_KEY.match(key):
        raise ContentError(where, "name quarters like Q1 (every year) or 2026-Q1 (one year)")
    if not isinstance(data, dict):
        raise ContentError(where, "must be a table with theme, introduction and kickoff")
    allowed = {"theme", "introduction", "kickoff", "followups", "links", "resource_search"}
    _only(data, where, allowed | {"theme_es", "introduction_es"})
    theme = _text(data, where, "theme")
    introduction = _text(data, where, "introduction", required=False)
    theme_es = _text(data, where, "theme_es", required=False)
    introduction_es = _text(data, where, "introduction_es", required=False)
    kickoff = _prompt(data.get("kickoff"), f"{where}.kickoff", kickoff=True)
    followups = data.get("followups", [])
    if not isinstance(followups, list):
        raise ContentError(f"{where}.followups", "must be a list of [[...followups]] tables")
    prompts = [kickoff]
    for n, item in enumerate(followups):
        prompt = _prompt(item, f"{where}.followups[{n}]", kickoff=False)
        if any(p.id == prompt.id for p in prompts):
            raise ContentError(f"{where}.followups[{n}].id", f"{prompt.id!r} is used twice")
        prompts.append(prompt)
    links = _links(data.get("links", []), where)
    search = _text(data, where, "resource_search", required=False)
    return Quarter(
        key, theme, introduction, tuple(prompts), links, search, theme_es, introduction_es
    )


def _prompt(data: Any, where: str, *, kickoff: bool) -> Prompt:
    if not isinstance(data, dict):
        raise ContentError(where, "must be a table with text (and optional questions)")
    allowed = {"text", "questions", "time", "offset", "text_es", "questions_es"}
    _only(data, where, allowed | (set() if kickoff else {"id"}))
    text = _text(data, where, "text")
    text_es = _text(data, where, "text_es", required=False)
    questions = _questions(data, where, "questions")
    questions_es = _questions(data, where, "questions_es")
    time = data.get("time")
    if time is not None:
        try:
            parse_time(str(time))
        except ValueError as error:
            raise ContentError(f"{where}.time", str(error)) from None
    # A kick-off may move off the quarter's first days (a holiday); a follow-up must say when.
    offset = (
        timedelta(0)
        if kickoff and "offset" not in data
        else _offset(data.get("offset"), f"{where}.offset")
    )
    prompt_id = KICKOFF if kickoff else str(data.get("id") or f"after-{format_duration(offset)}")
    if not kickoff and (prompt_id == KICKOFF or not _ID.match(prompt_id)):
        raise ContentError(f"{where}.id", "use up to 24 lowercase letters, digits and dashes")
    return Prompt(
        prompt_id,
        text,
        questions,
        offset,
        None if time is None else str(time),
        text_es,
        questions_es,
    )


def _questions(data: dict[str, Any], where: str, name: str) -> tuple[str, ...]:
    questions = data.get(name, [])
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise ContentError(f"{where}.{name}", "must be a list of strings")
    for n, question in enumerate(questions):
        _check_placeholders(question, f"{where}.{name}[{n}]")
    return tuple(questions)


def _offset(value: Any, where: str) -> timedelta:
    if not isinstance(value, str):
        raise ContentError(where, "give the time after the kick-off, like 4w or 30d")
    try:
        offset = parse_duration(value)
    except ValueError as error:
        raise ContentError(where, str(error)) from None
    if not timedelta(days=1) <= offset < MAX_OFFSET:
        raise ContentError(where, "must be at least 1d and under 13w, inside the quarter")
    return offset


def _links(data: Any, where: str) -> tuple[Link, ...]:
    if not isinstance(data, list):
        raise ContentError(f"{where}.links", "must be a list of { title, url } tables")
    links = []
    for n, item in enumerate(data):
        at = f"{where}.links[{n}]"
        if not isinstance(item, dict):
            raise ContentError(at, "must be a table like { title = ..., url = ... }")
        _only(item, at, {"title", "url"})
        title, url = _text(item, at, "title"), _text(item, at, "url")
        if not url.startswith(("https://", "http://")):
            raise ContentError(f"{at}.url", "must start with https://")
        links.append(Link(title, url))
    return tuple(links)


def _text(data: dict[str, Any], where: str, name: str, *, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise ContentError(f"{where}.{name}", "must be text in quotes")
    if required and not value.strip():
        raise ContentError(f"{where}.{name}", "is missing or empty")
    _check_placeholders(value, f"{where}.{name}")
    return value.strip()


def _check_placeholders(text: str, where: str) -> None:
    unknown = [name for name in placeholders_in(text) if name not in PLACEHOLDERS]
    if unknown:
        known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
        raise ContentError(where, f"unknown placeholder {{{unknown[0]}}}; use {known}")


def _only(data: dict[str, Any], where: str, allowed: set[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ContentError(f"{where}.{extra[0]}", f"unknown key; use {', '.join(sorted(allowed))}")
