"""The grammar of delivery keys and refs: every one is built, and every prefix matched, here.

A delivery's `key` makes it unique (queued once however often it is asked for); its `ref`
names what it is about, so that a feature can withdraw or find what it queued about one
thing. Features build both with these functions and storage matches them with the same
ones, so a key's shape has one definition. A `Prefix` is made only here: storage queries
that match by prefix take one, never a bare string.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NewType

from storage.identity import Account

Prefix = NewType("Prefix", str)

# ---- topics --------------------------------------------------------------------------------

TOPIC_NOTICES = Prefix("topics.notice:")


def topic(suggestion_id: int) -> str:
    """Ref of everything queued about one suggestion."""
    return f"topic:{suggestion_id}"


def topic_notice(change_id: int, person_key: str) -> str:
    """Key of one follower's notice of one decision."""
    return f"{topic_notices(change_id)}{person_key}"


def topic_notices(change_id: int) -> Prefix:
    """Keys of every notice of one decision."""
    return Prefix(f"{TOPIC_NOTICES}{change_id}:")


def topic_post(suggestion_id: int, platform: str, channel_id: str) -> str:
    """Key of a suggestion's post in one channel."""
    return f"{topic_posts(suggestion_id)}{platform}:{channel_id}"


TOPIC_POSTS = Prefix("topics.posted:")


def topic_posts(suggestion_id: int) -> Prefix:
    """Keys of a suggestion's channel posts."""
    return Prefix(f"{TOPIC_POSTS}{suggestion_id}:")


def topic_edit(post_id: int, number: int) -> str:
    """Key of the `number`th edit of the post queued as delivery `post_id`."""
    return f"topics.edit:{post_id}:{number}"


# ---- digests (one per period and channel) --------------------------------------------------


def periodic(kind: str, stamp: str, platform: str, channel_id: str) -> str:
    """Key of a digest of `kind` for the period starting at `stamp`, in one channel."""
    return f"{kind}:{stamp}:{platform}:{channel_id}"


def periodic_ref(kind: str) -> str:
    """Ref of every digest of `kind` (``topics.digest`` -> ``topics:digest``)."""
    return kind.replace(".", ":")


# ---- events --------------------------------------------------------------------------------


def event_all(event_id: int) -> Prefix:
    """Refs of an event's reminders and announcements (channel and DMs), not its notices."""
    return Prefix(f"event:{event_id}:")


def event_channel(event_id: int) -> str:
    """Ref of an event's announcements and channel reminders."""
    return f"{event_all(event_id)}channel"


def event_member(event_id: int, account: Account) -> str:
    """Ref of one member's reminders of one event; withdrawn by exact match, as U1 is a
    prefix of U12."""
    return f"{event_all(event_id)}dm:{account.platform}:{account.user_id}"


def event_notice(event_id: int) -> str:
    """Ref of the notices that an event changed or was cancelled (outside `event_all`:
    withdrawing the reminders of a cancelled event keeps its cancellation notice)."""
    return f"notice:event:{event_id}"


def event_mirrored(event_id: int) -> str:
    """How the Discord scheduled-event mirror names an event."""
    return f"event:{event_id}"


def event_key(event_id: int, revision: int, *parts: object) -> str:
    """Key of something queued about one revision of an event (a new revision re-queues)."""
    return ".".join((f"ev{event_id}", str(revision), *map(str, parts)))


# ---- journey -------------------------------------------------------------------------------


def journey_prompt(quarter: str, prompt_id: str) -> str:
    """Ref of one journey prompt of one quarter, in every channel."""
    return f"journey:{quarter}:{prompt_id}"


def journey_post(quarter: str, prompt_id: str, platform: str, channel_id: str) -> str:
    """Key of one journey prompt in one channel."""
    return f"{journey_prompt(quarter, prompt_id)}:{platform}:{channel_id}"


def journey_dm(step: str, quarter: str, account: Account) -> str:
    """Key of one person's personal journey DM (`step`: ask or check) of one quarter."""
    return f"journey.{step}:{quarter}:{account.platform}:{account.user_id}"


def journey_dms(quarter: str) -> str:
    """Ref of every personal journey DM of one quarter."""
    return f"journey.dm:{quarter}"


# ---- members -------------------------------------------------------------------------------


def link_used(issuer: Account, at: str) -> str:
    """Key of the DM telling a code's issuer that it was used (one per use)."""
    return f"link.used:{issuer.platform}:{issuer.user_id}:{at}"


# ---- after a session (feedback, recording) -------------------------------------------------


def session_stamp(start: datetime) -> str:
    """A session's start as keys carry it (UTC, to the minute)."""
    return start.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


FEEDBACK = Prefix("events.feedback:")


def event_feedback(event_id: int, stamp: str, account: Account) -> str:
    """Key of one member's "How was it?" DM about one session: one per member and session."""
    return f"{FEEDBACK}{event_id}:{stamp}:{account.platform}:{account.user_id}"


def feedback_account(key: str) -> Account | None:
    """The member an `event_feedback` key names (None for another key)."""
    if not key.startswith(FEEDBACK):
        return None
    parts = key.removeprefix(FEEDBACK).split(":", 3)
    return Account(parts[2], parts[3]) if len(parts) == 4 else None


def event_recording(event_id: int, stamp: str, account: Account) -> str:
    """Key of one member's DM with a session's recording: a second add sends none."""
    return f"events.recording:{event_id}:{stamp}:{account.platform}:{account.user_id}"


def event_after(event_id: int) -> str:
    """Ref of the feedback and recording DMs of an event (outside `event_all`, so cancelling
    a series' future sessions keeps them)."""
    return f"after:event:{event_id}"


# ---- member digests ------------------------------------------------------------------------


def member_digest(person_key: str) -> str:
    """Ref of every digest queued for one person (withdrawn by exact match)."""
    return f"digest:{person_key}"


def member_digest_key(person_key: str, due_at: str) -> str:
    """Key of one person's digest due at `due_at` (ISO, UTC): one per person and time."""
    return f"{member_digest(person_key)}:{due_at}"


def event_message(event_id: int, digest: str, person: Account) -> str:
    """Key of one organizer message (its text's digest) to one person who answered an event:
    the same message submitted twice is sent once."""
    return f"events.message:{event_id}:{digest}:{person.platform}:{person.user_id}"


def event_interested(event_id: int, account: Account) -> str:
    """Key of the one DM telling a Discord member that Interested counts as Maybe."""
    return f"events.interested:{event_id}:{account.platform}:{account.user_id}"
