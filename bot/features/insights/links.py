"""Signed dashboard links: bound to one organizer, expiring, signed with a key from the env.

A token is ``<payload>.<signature>``, both base64url: the payload names the organizer and
the expiry; the signature is HMAC-SHA256 over the payload with COLLAB_BOT_INSIGHTS_KEY.
Nothing is stored, so a link works on any process that has the same key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MAX_TOKEN = 1000
# HMAC-SHA256 gains nothing from a longer key; a shorter one can be guessed offline from a
# single link, and then links (and insights' search hashes) could be forged.
MIN_KEY_LENGTH = 32
KEY_ENV = "COLLAB_BOT_INSIGHTS_KEY"


def key_problem(key: str) -> str | None:
    """Why this insights key cannot be used (None when it can, or is not set)."""
    if key and len(key) < MIN_KEY_LENGTH:
        return (
            f"{KEY_ENV} is {len(key)} characters; it needs at least {MIN_KEY_LENGTH}. "
            'Make one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    return None


class BadLink(Exception):
    """The link cannot be used; the message says why, in words for the person holding it."""


@dataclass(frozen=True)
class Grant:
    organizer: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: str, payload: str) -> str:
    return _b64(hmac.new(key.encode(), payload.encode(), hashlib.sha256).digest())


def issue(key: str, organizer: str, now: datetime, valid_for: timedelta) -> str:
    expires = int((now + valid_for).timestamp())
    payload = _b64(json.dumps({"sub": organizer, "exp": expires}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(key, payload)}"


def verify(key: str, token: str, now: datetime) -> Grant:
    if not key:
        raise BadLink("The dashboard is not set up on this server.")
    payload, _, signature = token[:MAX_TOKEN].partition(".")
    # Bytes: compare_digest refuses a str with non-ASCII letters (a TypeError, a 500).
    expected = _sign(key, payload).encode()
    if not payload or not hmac.compare_digest(signature.encode(), expected):
        raise BadLink("This link is not valid. Run /insights in chat for a new one.")
    try:
        claims = json.loads(_unb64(payload))
        grant = Grant(str(claims["sub"]), datetime.fromtimestamp(int(claims["exp"]), UTC))
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise BadLink("This link is not valid. Run /insights in chat for a new one.") from error
    if now >= grant.expires_at:
        raise BadLink("This link has expired. Run /insights in chat for a new one.")
    return grant
