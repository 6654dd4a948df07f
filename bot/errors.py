"""What can go wrong, and what the person is told.

    BotError
    ├── UserError            a short, private "do this instead" message
    │   ├── NotAllowed       organizer-only action tried by a member
    │   ├── NotFound         an id or name that is not there (any more)
    │   ├── BadInput         a value that cannot be used (with what would work)
    │   └── RateLimited      too many of something today
    ├── FormErrors           per-field messages, shown inside the form where the platform can
    └── Unavailable          a dependency (the database) is away: "try again in a moment"

Anything else is a bug: logged with context, answered with a polite apology.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.i18n.current import N_


class BotError(Exception):
    """Base of everything the core raises on purpose."""


class UserError(BotError):
    """The person can fix this; `str(error)` is what they read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(UserError):
    pass


class NotFound(UserError):
    pass


class BadInput(UserError):
    pass


class RateLimited(UserError):
    pass


class FormErrors(BotError):
    """Field name -> message; adapters show them next to the fields."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


class Unavailable(BotError):
    """A dependency is down; the person should simply try again shortly."""


# Marked for the catalog; the app translates them where they are shown (bot/app.py).
ORGANIZERS_ONLY = N_(
    "Only organizers can do that. If you think you should be one, ask an organizer."
)
APOLOGY = N_("Sorry, something went wrong on our side. It has been logged; please try again.")
TRY_AGAIN = N_("The bot is having trouble reaching its database. Please try again in a moment.")
