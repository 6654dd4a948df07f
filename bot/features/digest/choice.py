"""What a member types after /digest, read into a choice: ``weekly on Monday at 9:00``.

Every word that is not understood is answered with what would work, never guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.errors import BadInput
from bot.features.digest.schedule import DAYS, FREQUENCIES, OFF
from bot.i18n import N_, _
from bot.i18n.current import in_language

_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
HOW = N_(
    "Try /digest weekly, /digest monthly or /digest off; choose a day and time with "
    "e.g. /digest weekly on Monday at 9:00."
)


@dataclass(frozen=True)
class Asked:
    """What the member asked for; None where they left it to the current or default."""

    frequency: str | None
    day: int | None = None
    at: str | None = None


def _plain(word: str) -> str:
    """Lower case without accents, so "Miércoles" and "miercoles" are one word."""
    split = unicodedata.normalize("NFKD", word.strip().lower().rstrip("."))
    return "".join(c for c in split if not unicodedata.combining(c))


# Spanish day names, typed as the form shows them (lunes, "sábados"), as well as English.
_SPANISH_DAYS = tuple(_plain(in_language("es", name.title())) for name in DAYS)


def read_day(text: str) -> int:
    word = _plain(text)
    for names in (DAYS, _SPANISH_DAYS):
        plural = word[:-1] if word.endswith("s") and word[:-1] in names else word
        for number, name in enumerate(names):
            if len(plural) >= 3 and name.startswith(plural):
                return number
    shown = text.strip()[:30]
    raise BadInput(
        _("{day} is not a day of the week. Write one like Monday or Thu.").format(day=repr(shown))
    )


def read_time(text: str) -> str:
    shown = text.strip()[:30]
    match = _TIME.match(text.strip().lower())
    wrong = BadInput(
        _("{time} is not a time. Write one like 9:00, 17:30 or 9am.").format(time=repr(shown))
    )
    if match is None:
        raise wrong
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise wrong
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise wrong
    return f"{hour:02d}:{minute:02d}"


def read_frequency(text: str) -> str:
    word = text.strip().lower()
    if word in FREQUENCIES:
        return word
    if word in {"stop", "none", "never", "no"}:
        return OFF
    raise BadInput(
        _("{word} is not a digest I send. {how}").format(word=repr(text.strip()[:30]), how=_(HOW))
    )


def read(text: str) -> Asked:
    """``weekly``, ``monthly on fri``, ``weekly at 8am``, ``off``; a bad word is a BadInput."""
    words = text.split()
    if not words:
        return Asked(None)
    frequency = read_frequency(words[0])
    rest = words[1:]
    if frequency == OFF:
        if rest:
            raise BadInput(_("/digest off takes nothing after it: it stops your digest."))
        return Asked(OFF)
    day = at = None
    while rest:
        word = rest.pop(0).lower()
        if word in {"on", "every"} and rest:
            day = read_day(rest.pop(0))
        elif word == "at" and rest:
            # "at 9 am": the next word may be the half of the day.
            value = rest.pop(0)
            if rest and rest[0].lower() in {"am", "pm"}:
                value += rest.pop(0)
            at = read_time(value)
        elif word in {"on", "at", "every"}:
            which = (
                _("Say which time after {word}.")
                if word == "at"
                else _("Say which day after {word}.")
            )
            raise BadInput(f"{which.format(word=repr(word))} {_(HOW)}")
        elif _TIME.match(word):
            at = read_time(word)
        else:
            day = read_day(word)
    return Asked(frequency, day, at)
