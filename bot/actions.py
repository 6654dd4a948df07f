"""Button and form state carried in the component id: ``topics.vote:42``.

Nothing is remembered between showing a button and its press, so buttons keep working
after a restart. Ids stay within Discord's 100-character custom_id limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

MAX_ID_LENGTH = 100
# Every number a button carries (an id, a page offset) fits PostgreSQL's integer; anything
# larger, negative or not plain ASCII digits came from no button of ours.
MAX_NUMBER = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")
_SAFE = "-_.~ !$&'()*+,;=@/"


class ActionIdError(ValueError):
    """An id that is not one of ours, or one too long to encode."""


class StaleAction(ActionIdError):
    """A decoded id whose content no button of ours carries (a forged or mangled number)."""


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[str, ...] = ()

    def encode(self) -> str:
        parts = [self.name, *(quote(arg, safe=_SAFE) for arg in self.args)]
        encoded = ":".join(parts)
        if len(encoded) > MAX_ID_LENGTH:
            raise ActionIdError(f"action id over {MAX_ID_LENGTH} characters: {encoded[:40]}...")
        return encoded

    @classmethod
    def decode(cls, encoded: str) -> Action:
        if not encoded or len(encoded) > MAX_ID_LENGTH:
            raise ActionIdError("not an action id")
        name, *args = encoded.split(":")
        if not name:
            raise ActionIdError("not an action id")
        return cls(name, tuple(unquote(arg) for arg in args))

    def arg(self, index: int, default: str = "") -> str:
        return self.args[index] if index < len(self.args) else default

    def number(self, index: int, default: int | None = None) -> int:
        """The argument at `index` as a bounded number: the one place buttons' numbers are
        read. A missing one is `default` (StaleAction without one), a bad one StaleAction."""
        raw = self.arg(index)
        if raw == "" and default is not None:
            return default
        if not _DIGITS.fullmatch(raw) or int(raw) > MAX_NUMBER:
            raise StaleAction(f"{self.name}: argument {index} is not a number we make")
        return int(raw)


def fit_arg(text: str, budget: int) -> str:
    """Cut free text so that its encoded form fits in `budget` characters."""
    while len(quote(text, safe=_SAFE)) > budget:
        text = text[:-1]
    return text
