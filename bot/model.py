"""The seam between adapters and the core: incoming interactions and outgoing replies.

Everything here is a frozen value object with no platform types inside. Adapters translate
their payloads into `Command`, `ButtonPress` or `FormSubmit` and render a `Reply` back.
Text shown to people is a tuple of `Span`s, so adapters escape user text once, in one place,
and nobody builds platform markup inside the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.actions import Action
from storage.identity import Account, Person

__all__ = ["Account", "Person"]  # the one definition of who someone is (storage/identity.py)

ORGANIZER = "organizer"


@dataclass(frozen=True)
class Actor:
    """Who did it: one person on one platform."""

    platform: str
    user_id: str
    display_name: str
    roles: frozenset[str] = frozenset()
    # Set by the core when this account is linked to the person's first account
    # (bot/features/members/people.py): votes, suggestions and reminders are kept under that key.
    person_key: str | None = None
    # The language the platform says this person's client is in (a BCP 47 tag: Discord's
    # interaction locale ``es-419``, Slack's profile locale ``es-ES``); None when unknown.
    locale: str | None = None

    @property
    def is_organizer(self) -> bool:
        return ORGANIZER in self.roles

    @property
    def key(self) -> str:
        """The person's stable id across the deployment, e.g. ``slack:U123``.

        For an account linked to another platform's, the key of the person's first account.
        """
        return self.person_key or self.account_key

    @property
    def account(self) -> Account:
        """This account itself."""
        return Account(self.platform, self.user_id)

    @property
    def account_key(self) -> str:
        """This account's own id, e.g. ``discord:42``."""
        return self.account.key

    @property
    def member(self) -> Account:
        """The person's first account: where per-person rows live."""
        return Account.of(self.key)


@dataclass(frozen=True)
class Place:
    """Where it happened, or where a post goes: a channel, optionally a thread in it."""

    platform: str
    channel_id: str
    thread_id: str | None = None


@dataclass(frozen=True)
class DirectMessage(Account):
    """A post to one account, as a direct message (where a person's DMs go: people.py)."""


Target = Place | DirectMessage


@dataclass(frozen=True)
class PostedMessage:
    """A message the bot posted earlier, to edit in place (Slack ts, Discord message id)."""

    platform: str
    channel_id: str
    message_id: str
    thread_id: str | None = None


@dataclass(frozen=True)
class Command:
    """A slash command or a console line.

    `name` is the top-level command without the slash (``resources``); `text` is everything
    typed after it. Platforms with typed options (Discord) pass them in `options` and may name
    a sub-command (``resources add``) directly in `name`.
    """

    name: str
    text: str
    actor: Actor
    place: Place
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ButtonPress:
    action: Action
    actor: Actor
    place: Place


@dataclass(frozen=True)
class FormSubmit:
    form: Action
    values: Mapping[str, str]
    actor: Actor
    place: Place


Interaction = Command | ButtonPress | FormSubmit


@dataclass(frozen=True)
class Message:
    """A plain chat message the platform passed on (e.g. a reply in a journey prompt's thread).

    Listeners record it; nothing is said back, so it is not an Interaction.
    """

    actor: Actor
    place: Place
    text: str
    message_id: str


@dataclass(frozen=True)
class Span:
    """A run of text; `strong` for emphasis, `url` to make it a link. Never markup inside.

    `mention` holds an actor key (``slack:U123``): that platform shows a mention of the
    person, every other one shows `text` (their display name).

    `at` (and optionally `until`) mark the text as a moment in time, an aware datetime:
    platforms that show times in each viewer's own zone (Discord timestamps) render those;
    the others show `text`, already formatted in the reader's zone.
    """

    text: str
    strong: bool = False
    url: str | None = None
    mention: str | None = None
    at: datetime | None = None
    until: datetime | None = None


Text = tuple[Span, ...]


def plain(text: str) -> Text:
    return (Span(text),) if text else ()


def strong(text: str) -> Span:
    return Span(text, strong=True)


def link(text: str, url: str) -> Span:
    return Span(text, url=url)


def mention_of(actor: Actor) -> Span:
    """The person, as a mention where the platform can show one, else their name."""
    return Span(actor.display_name, mention=actor.key)


def as_text(value: str | Span | Text) -> Text:
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, Span):
        return (value,)
    return value


def to_plain(text: Text) -> str:
    """The text without emphasis or links: for fallbacks, logs and tests."""
    return "".join(span.text for span in text)


ButtonStyle = Literal["default", "primary", "danger"]


@dataclass(frozen=True)
class Button:
    """A button that either runs an `action` (state in its id) or opens a `url`."""

    label: str
    action: Action | None = None
    url: str | None = None
    style: ButtonStyle = "default"

    def __post_init__(self) -> None:
        if (self.action is None) == (self.url is None):
            raise ValueError("a Button needs exactly one of action or url")


@dataclass(frozen=True)
class Field:
    label: str
    value: Text

    @classmethod
    def of(cls, label: str, value: str | Span | Text) -> Field:
        return cls(label, as_text(value))


@dataclass(frozen=True)
class Section:
    """One card: a title (optionally linked), body text, fields, buttons and a footnote."""

    title: str | None = None
    text: Text = ()
    fields: tuple[Field, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    title_url: str | None = None


InputKind = Literal["short", "long", "choice"]


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    kind: InputKind = "short"
    required: bool = True
    initial: str = ""
    placeholder: str = ""
    max_length: int = 1000
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    """A neutral form: a Slack modal, a Discord modal, console prompts. Submits to `action`."""

    action: Action
    title: str
    inputs: tuple[Input, ...]
    submit_label: str = "Submit"


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply (e.g. an .ics calendar entry)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"
    # For an image: what it shows, in words (Slack's alt_txt, Discord's description), so a
    # screen-reader user gets the figures, not a file name.
    description: str = ""


@dataclass(frozen=True)
class Reply:
    """What the bot says back. `text` is always set: notification text and plain fallback.

    `form` asks the platform to open that form; `form_errors` (field -> message) answers a
    FormSubmit whose values need fixing, shown inside the form where the platform can.
    `thread` names the thread where replies to this post gather: platforms on which someone
    must open a thread first (Discord) open it on the post at once.
    """

    text: str
    sections: tuple[Section, ...] = ()
    private: bool = True
    replace_original: bool = False
    form: Form | None = None
    attachments: tuple[Attachment, ...] = ()
    form_errors: Mapping[str, str] = field(default_factory=dict)
    thread: str | None = None
