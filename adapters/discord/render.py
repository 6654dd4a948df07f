"""A neutral Reply as Discord messages: content, embeds and a row of buttons per section.

User text is escaped (markdown and mass mentions) and every message is sent with
mentions disabled, so nothing a member typed can ping anyone or restyle a message.
Replies that break a per-message limit are split into pages.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import discord
from discord.utils import MISSING

from adapters.discord import limits as dl
from adapters.discord.components import view_of
from bot.actions import ActionIdError
from bot.limits import ELLIPSIS, pages
from bot.model import Button, Reply, Section, Span, Text, to_plain

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
_SNOWFLAKE = re.compile(r"[0-9]{15,20}")
INLINE_FIELD = 40
ALT_TEXT = 1024  # an attachment's description is at most 1024 characters
CONTINUED = "(continued)"


@dataclass
class Rendered:
    """One Discord message: what goes into send()/edit()."""

    content: str
    embeds: list[discord.Embed] = field(default_factory=list)
    rows: list[list[Button]] = field(default_factory=list)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, alt

    def view(self) -> discord.ui.View | None:
        return view_of(self.rows) if self.rows else None

    def files(self) -> list[discord.File]:
        return [
            discord.File(io.BytesIO(data), filename=name, description=alt[:ALT_TEXT] or None)
            for name, data, alt in self.attachments
        ]

    def payload(self) -> dict[str, object]:
        """The JSON body Discord would receive (for lints and tests)."""
        view = self.view()
        return {
            "content": self.content,
            "embeds": [e.to_dict() for e in self.embeds],
            "components": view.to_components() if view else [],
            "allowed_mentions": NO_MENTIONS.to_dict(),
        }

    def _new(self) -> dict[str, Any]:
        """The arguments every new message takes (send, respond, follow up)."""
        return {
            "content": self.content,
            "embeds": self.embeds,
            "view": self.view() or MISSING,
            "files": self.files(),
            "allowed_mentions": NO_MENTIONS,
        }

    def _edit(self) -> dict[str, Any]:
        """The arguments every edit takes: attachments replace the message's files."""
        return {
            "content": self.content,
            "embeds": self.embeds,
            "view": self.view(),
            "attachments": self.files(),
            "allowed_mentions": NO_MENTIONS,
        }

    async def send_to(self, channel: discord.abc.Messageable, *, nonce: str) -> discord.Message:
        return await channel.send(**self._new(), nonce=nonce)

    async def reply_to(self, message: discord.Message) -> discord.Message:
        """A reply to what someone said; it pings nobody, not even its author."""
        return await message.reply(**self._new(), mention_author=False)

    async def edit(self, message: discord.PartialMessage) -> discord.Message:
        return await message.edit(**self._edit())

    async def answer(self, interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
        await interaction.response.send_message(**self._new(), ephemeral=ephemeral)

    async def follow(self, interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
        await interaction.followup.send(**self._new(), ephemeral=ephemeral, wait=True)

    async def replace(self, interaction: discord.Interaction[Any], *, deferred: bool) -> None:
        """Edit the message the interaction came from (a press) or its deferred answer."""
        if deferred:
            await interaction.edit_original_response(**self._edit())
        else:
            await interaction.response.edit_message(**self._edit())


def escape(text: str) -> str:
    """Markdown and mass mentions neutralised; what a person typed shows as typed."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def cut(text: str, limit: int) -> str:
    """Cut rendered markdown without leaving a dangling escape backslash."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    while head.endswith("\\"):
        head = head[:-1]
    return head + ELLIPSIS


def safe_url(url: str) -> str | None:
    """Only web links, with the characters that would end a markdown link encoded."""
    url = url.strip()
    if not _SAFE_URL.match(url) or len(url) > 512:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def timestamp(at: datetime, style: str) -> str:
    """Discord's timestamp markup: each viewer's client shows it in their own zone."""
    return f"<t:{int(at.timestamp())}:{style}>"


def _moment(span: Span) -> str:
    """`Tuesday, March 17, 2026 1:00 PM – 2:00 PM (in 3 days)`, in the viewer's zone."""
    assert span.at is not None
    out = timestamp(span.at, "F")
    if span.until is not None and span.until > span.at:
        same_day = span.until - span.at < timedelta(hours=12)
        out += " – " + timestamp(span.until, "t" if same_day else "f")
    return f"{out} ({timestamp(span.at, 'R')})"


def mention(span: Span) -> str | None:
    """`<@123>` for a Discord member's mention span (shown as a name, never pinging: every
    message disables mentions); None for anyone else."""
    platform, _, user_id = (span.mention or "").partition(":")
    return f"<@{user_id}>" if platform == "discord" and _SNOWFLAKE.fullmatch(user_id) else None


def _span(span: Span) -> str:
    if span.at is not None and span.at.tzinfo is not None:
        return _moment(span)
    person = mention(span)
    if person:
        return person
    body = escape(span.text)
    if span.strong and body.strip():
        body = f"**{body}**"
    url = safe_url(span.url) if span.url else None
    if url and body.strip():
        body = f"[{body}]({url})"
    return body


def markdown(text: Text, limit: int) -> str:
    """Spans as Discord markdown within `limit`; a span that does not fit is cut plainly."""
    out = ""
    for span in text:
        piece = _span(span)
        if len(out) + len(piece) > limit:
            out += cut(escape(span.text), limit - len(out))
            break
        out += piece
    return out


def _embed(section: Section) -> discord.Embed:
    title = cut(escape(section.title), dl.EMBED_TITLE) if section.title else None
    url = safe_url(section.title_url) if section.title_url and title else None
    embed = discord.Embed(
        title=title, url=url, description=markdown(section.text, dl.EMBED_DESCRIPTION) or None
    )
    for item in section.fields[: dl.EMBED_FIELDS]:
        value = markdown(item.value, dl.FIELD_VALUE) or "-"
        embed.add_field(
            name=cut(escape(item.label), dl.FIELD_NAME) or "-",
            value=value,
            inline=len(value) <= INLINE_FIELD,
        )
    if section.footer:
        embed.set_footer(text=cut(section.footer, dl.FOOTER))
    return _shrink(embed)


def _shrink(embed: discord.Embed) -> discord.Embed:
    """One embed never holds more than a whole message may."""
    while len(embed) > dl.EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > dl.EMBED_TOTAL and embed.description:
        spare = dl.EMBED_TOTAL - (len(embed) - len(embed.description))
        embed.description = cut(embed.description, max(spare, 1))
    return embed


def _buttons(section: Section, seen: set[str]) -> list[Button]:
    """The section's buttons that Discord will accept in this message."""
    kept = []
    for button in section.buttons[: dl.BUTTONS_PER_ROW]:
        if button.action is not None:
            try:
                custom_id = button.action.encode()
            except ActionIdError:
                log.warning("dropping button %r: its id is too long", button.label)
                continue
            if custom_id in seen:  # Discord rejects a message whose custom_ids repeat
                continue
            seen.add(custom_id)
        elif button.url is None or safe_url(button.url) is None:
            continue
        kept.append(button)
    return kept


def _repeats(line: str, page: Reply) -> bool:
    """The line is what the first (untitled) card says anyway: say it once, in the card."""
    if not page.sections or page.sections[0].title or not line.strip():
        return False
    return line.strip() in to_plain(page.sections[0].text)


def _content(page: Reply, first: bool) -> str:
    """The whole text without sections; with them, its first line (the embeds say the rest)."""
    text = page.text if first and not page.sections else page.text.split("\n", 1)[0]
    if first and _repeats(text, page):
        return ""
    if not first and not text.endswith(CONTINUED):
        text = f"{text} {CONTINUED}".strip()
    return cut(escape(text), dl.CONTENT)


def render(reply: Reply) -> list[Rendered]:
    """Every message this reply needs, in order; the first carries any attachments."""
    messages: list[Rendered] = []
    for page in pages(reply):
        current = Rendered(_content(page, True))
        seen: set[str] = set()
        for section in page.sections:
            embed = _embed(section)
            full = (
                len(current.embeds) >= dl.EMBEDS
                or sum(len(e) for e in current.embeds) + len(embed) > dl.EMBED_TOTAL
                or (section.buttons and len(current.rows) >= dl.ROWS)
            )
            if full and current.embeds:
                messages.append(current)
                current, seen = Rendered(_content(page, False)), set()
            current.embeds.append(embed)
            buttons = _buttons(section, seen)
            if buttons:
                current.rows.append(buttons)
        messages.append(current)
    if reply.attachments:
        messages[0].attachments = [
            (a.filename, a.content, a.description) for a in reply.attachments
        ]
    return messages
