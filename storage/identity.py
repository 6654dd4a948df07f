"""Who someone is: one account on one platform, and a person made of linked accounts.

The one definition of a member's identity, shared by the core (bot/model.py re-exports it)
and storage. A person's data is kept under the key of their first account (``slack:U1``);
an account never linked is a person of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """One account: a platform and its user id there."""

    platform: str
    user_id: str

    @property
    def key(self) -> str:
        """``platform:user_id``, how rows and mentions name the account."""
        return f"{self.platform}:{self.user_id}"

    @classmethod
    def of(cls, key: str) -> Account:
        """The account a key names (the inverse of `key`)."""
        platform, _, user_id = key.partition(":")
        return cls(platform, user_id)

    def __iter__(self) -> Iterator[str]:
        # (platform, user_id), for the many queries that take the two apart.
        return iter((self.platform, self.user_id))


@dataclass(frozen=True)
class Person:
    """One member: the key their data is kept under, and their accounts as far as known
    (all of them from storage/people.person_of; the one a vote was cast from, on a vote)."""

    key: str
    accounts: tuple[Account, ...]

    @property
    def account(self) -> Account:
        """The account to reach them on when they chose none: the first known."""
        return self.accounts[0]

    @property
    def home(self) -> Account:
        """The account whose key names the person: where per-person rows live."""
        return Account.of(self.key)

    @property
    def linked(self) -> bool:
        return len(self.accounts) > 1
