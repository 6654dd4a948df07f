"""What a suggestion's words may be: cleaned, within limits, refused with a clear message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from babel.numbers import format_decimal

from bot.errors import BadInput, FormErrors
from bot.i18n import _, speaking
from bot.params import clean

TITLE_MAX = 120
DETAILS_MAX = 1500
REASON_MAX = 500
LINK_MAX = 500
_SPACES = re.compile(r"\s+")
_WORDY = re.compile(r"\w")
# The separator alone; the spaces around it are stripped in Python (a `\s*` on each side
# backtracks quadratically on long runs of spaces).
_SPLIT = re.compile(r"\n|\s\|\s")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_NUMBER = re.compile(r"#?(\d{1,9})")
_KIND_NUMBER = re.compile(r"(event|resource)\s*(?:[:#]\s*)?#?(\d{1,9})", re.IGNORECASE)


class FieldProblem(BadInput):
    """BadInput about one named field, so a form can show it next to that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@contextmanager
def in_form(field: str) -> Iterator[None]:
    """Inside a form handler: a BadInput becomes an error shown beside `field`."""
    try:
        yield
    except FieldProblem as problem:
        raise FormErrors({problem.field: problem.message}) from None
    except BadInput as problem:
        raise FormErrors({field: problem.message}) from None


@dataclass(frozen=True)
class Idea:
    title: str
    details: str


def one_line(text: str) -> str:
    return _SPACES.sub(" ", clean(text)).strip()


def split_topic(topic: str, details: str = "") -> Idea:
    """Title and details from one typed line: a newline or " | " separates them."""
    topic, details = clean(topic).strip(), clean(details).strip()
    if not details:
        head, *tail = _SPLIT.split(topic, maxsplit=1)
        topic, details = head.rstrip(), (tail[0].lstrip() if tail else "")
    return Idea(one_line(topic), details.strip())


def checked_idea(idea: Idea) -> Idea:
    """The idea if it can be posted; otherwise BadInput saying what to change."""
    if not idea.title:
        raise FieldProblem(
            "title", _("Please give your suggestion a title, e.g. `/suggest Rural telehealth`.")
        )
    if not _WORDY.search(idea.title):
        raise FieldProblem(
            "title", _("Please describe the topic in words, e.g. `/suggest Rural telehealth`.")
        )
    if len(idea.title) > TITLE_MAX:
        raise FieldProblem(
            "title",
            _(
                "The title is {length} characters; please keep it to {limit}. Put the rest in "
                'the details: `/suggest Short title | the details` or `details:"..."`.'
            ).format(length=_count(len(idea.title)), limit=TITLE_MAX),
        )
    if len(idea.details) > DETAILS_MAX:
        raise FieldProblem(
            "details",
            _(
                "The details are {length} characters; please keep them to {limit}. "
                "A link to a document works well for longer ideas."
            ).format(length=_count(len(idea.details)), limit=_count(DETAILS_MAX)),
        )
    return idea


def suggestion_id(raw: str) -> int:
    match = _NUMBER.fullmatch(raw.strip())
    if match is None:
        raise BadInput(_("Use the suggestion's number, like 12 (see /topics)."))
    return int(match.group(1))


def link_ref(raw: str, what: str) -> tuple[str, str]:
    """What a decision points to, as (kind, ref): a number ("12", "#12", "event:12") or an
    http(s) link of the default kind `what`; anything else is refused."""
    value = clean(raw).strip()
    number = _NUMBER.fullmatch(value)
    if number:
        return what, number.group(1)
    named = _KIND_NUMBER.fullmatch(value)
    if named:
        return named.group(1).lower(), named.group(2)
    if _URL.fullmatch(value) and len(value) <= LINK_MAX:
        return what, value
    raise BadInput(
        f"Give the {what}'s number (like 12, or event:12 / resource:12) or its link (https://...)."
    )


def is_url(ref: str) -> bool:
    return bool(_URL.fullmatch(ref))


def reason_text(raw: str, *, required: bool) -> str:
    reason = clean(raw).strip()
    if required and not reason:
        raise BadInput("Please say why: the people who suggested and voted will read it.")
    if len(reason) > REASON_MAX:
        raise BadInput(f"Please keep the reason to {REASON_MAX} characters.")
    return reason


def _count(n: int) -> str:
    """A count as the reader's language groups digits (1,234 or 1.234)."""
    return format_decimal(n, locale=speaking().locale)
