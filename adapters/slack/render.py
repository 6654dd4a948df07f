"""A neutral Reply as Block Kit: sections, fields, context and actions, plus a plain fallback.

User text is escaped once, here: ``&``, ``<`` and ``>`` become entities (so ``<!channel>``
or ``<@U1>`` typed by a member stays text) and mass-mention words get a word joiner after
the ``@``. Length limits are applied after escaping, since escaping makes text longer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from adapters.slack import limits
from bot.actions import ActionIdError
from bot.limits import ELLIPSIS, cut, pages
from bot.model import Button, Field, Reply, Section, Span, Text

log = logging.getLogger(__name__)
Block = dict[str, Any]
MAX_BLOCKS = limits.MESSAGE_BLOCKS
MAX_HOME_BLOCKS = limits.VIEW_BLOCKS
SECTION_TEXT = limits.SECTION_TEXT
FIELD_TEXT = limits.FIELD_TEXT
CONTEXT_TEXT = limits.CONTEXT_TEXT
FALLBACK_TEXT = 3000  # notification text: well under Slack's recommended 4000
LINK_ID_PREFIX = "url:"  # action ids of link buttons: Slack still reports their clicks
_MASS = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>|]+$", re.IGNORECASE)
JOINER = "\u2060"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{1,20}$")


def escape(text: str) -> str:
    """Text safe to put inside mrkdwn: no entities, links or mass mentions."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return defuse(text)


def defuse(text: str) -> str:
    """Break @here/@channel/@everyone so no client turns them into a notification."""
    return _MASS.sub(lambda m: f"@{JOINER}{m.group(1)}", text)


def safe_url(url: str | None) -> str | None:
    return url if url and _SAFE_URL.match(url) else None


def mention(span: Span) -> str | None:
    """`<@U123>` for a Slack member's mention span; None for anyone else."""
    platform, _, user_id = (span.mention or "").partition(":")
    return f"<@{user_id}>" if platform == "slack" and _USER_ID.match(user_id) else None


def span_mrkdwn(span: Span) -> str:
    person = mention(span)
    if person:
        return person
    body = escape(span.text)
    url = safe_url(span.url)
    if url:
        url = url.replace("&", "&amp;")
        body = f"<{url}|{body.replace('|', '¦')}>" if body.strip() else f"<{url}>"
    if span.strong and body.strip():
        lead = body[: len(body) - len(body.lstrip())]
        trail = body[len(body.rstrip()) :]
        body = f"{lead}*{body.strip()}*{trail}"
    return body


def mrkdwn(text: Text, limit: int) -> str:
    """The spans as mrkdwn of at most `limit` characters, cut between whole entities."""
    out: list[str] = []
    used = 0
    for span in text:
        piece = span_mrkdwn(span)
        if used + len(piece) <= limit:
            out.append(piece)
            used += len(piece)
            continue
        raw = span.text
        while raw and used + len(piece) > limit:
            raw = raw[: max(0, min(len(raw) - 1, (len(raw) * (limit - used)) // len(piece)))]
            piece = span_mrkdwn(Span(raw.rstrip() + ELLIPSIS, span.strong, span.url))
        if raw:
            out.append(piece)
        break
    return "".join(out)


def escaped(text: str, limit: int) -> str:
    return mrkdwn((Span(text),), limit)


def plain_text(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object (never parsed for mentions, but defused all the same)."""
    return {"type": "plain_text", "text": cut(defuse(text), limit) or " ", "emoji": True}


def _title(section: Section) -> str:
    assert section.title is not None
    # The title shares a section's text; header blocks (150) cannot hold a link.
    return mrkdwn(
        (Span(section.title, strong=True, url=section.title_url),), limits.HEADER_TEXT * 2
    )


def _field(field: Field) -> dict[str, str]:
    label = escaped(field.label, 300)
    value = mrkdwn(field.value, FIELD_TEXT - len(label) - 4)
    return {"type": "mrkdwn", "text": f"*{label}*\n{value}" if value else f"*{label}*"}


def button_element(button: Button, index: int) -> dict[str, Any]:
    label = plain_text(button.label, limits.BUTTON_TEXT)
    element: dict[str, Any] = {"type": "button", "text": label}
    if button.action is not None:
        element["action_id"] = button.action.encode()
        if len(element["action_id"]) > limits.ACTION_ID:
            raise ActionIdError(f"action id over {limits.ACTION_ID} characters")
    else:
        element["action_id"] = f"{LINK_ID_PREFIX}{index}"
        url = safe_url(button.url)
        element["url"] = url if url and len(url) <= limits.BUTTON_URL else "https://slack.com"
    if button.style != "default":
        element["style"] = button.style
    return element


def _buttons(buttons: tuple[Button, ...]) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, button in enumerate(buttons):
        try:
            element = button_element(button, index)
        except ActionIdError:
            log.error("button %r dropped: its action id is too long", button.label)
            continue
        if element["action_id"] in seen:
            continue  # Slack rejects a block whose action ids repeat
        seen.add(element["action_id"])
        elements.append(element)
    return elements


def section_blocks(section: Section) -> list[Block]:
    """One neutral Section as a handful of blocks (title and text share a section block)."""
    blocks: list[Block] = []
    parts = [_title(section)] if section.title else []
    if section.text:
        parts.append(mrkdwn(section.text, SECTION_TEXT - sum(len(p) + 1 for p in parts)))
    body = "\n".join(p for p in parts if p)
    if body.strip():
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": body}})
    if section.fields:
        fields = [_field(f) for f in section.fields[: limits.SECTION_FIELDS]]
        blocks.append({"type": "section", "fields": fields})
    if section.footer and section.footer.strip():
        text = escaped(section.footer, CONTEXT_TEXT)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    elements = _buttons(section.buttons[: limits.ACTIONS_ELEMENTS])
    if elements:
        blocks.append({"type": "actions", "elements": elements})
    return blocks


def intro_block(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": escaped(text, SECTION_TEXT)}}


def reply_blocks(reply: Reply, max_blocks: int = MAX_BLOCKS) -> Iterator[list[Block]]:
    """The blocks of a reply, in messages of at most `max_blocks` (a divider between cards)."""
    current: list[Block] = []
    intro = reply.text.split("\n", 1)[0]
    if reply.sections and intro.strip():
        current.append(intro_block(intro))
    for section in reply.sections:
        blocks = section_blocks(section)
        divider = [{"type": "divider"}] if current else []
        if current and len(current) + len(divider) + len(blocks) > max_blocks:
            yield current
            current, divider = [], []
        current += divider + blocks[:max_blocks]
    if current:
        yield current


def fallback_text(reply: Reply) -> str:
    text = escaped(reply.text, FALLBACK_TEXT)
    return text if text.strip() else ELLIPSIS


def messages(reply: Reply) -> list[dict[str, Any]]:
    """Message payloads (text + blocks) for a reply: paged, each within Slack's limits.

    A reply without sections is its text alone, which renders as ordinary message text.
    """
    out: list[dict[str, Any]] = []
    for page in pages(reply):
        text = fallback_text(page)
        chunks = list(reply_blocks(page)) if page.sections else []
        if not chunks:
            shown = page.text if text != ELLIPSIS else text
            chunks = [[intro_block(shown)]]
        out += [{"text": text, "blocks": blocks} for blocks in chunks]
    return out
