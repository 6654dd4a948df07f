"""A mention of the bot or a DM to it, answered through the core's `answer_text`.

Discord sends the text of a message that mentions the bot, and of a DM, without the
privileged Message Content intent; the guild_messages and dm_messages intents bring the
events themselves. The answer is a reply to the message, with every mention disabled.
"""

from __future__ import annotations

import logging
import re

import discord

from adapters.discord.messages import actor_of
from adapters.discord.outbox import nonce_for
from adapters.discord.render import render
from bot.app import App
from bot.config import Settings
from bot.conversation import answer_text, strip_leading
from bot.model import Place, Reply

log = logging.getLogger(__name__)
# A Discord user mention in message content: <@123> or the older <@!123>.
MENTION = re.compile(r"^\s*<@!?[0-9]+>[\s,:]*")
FORMS_NEED_A_COMMAND = "That opens a form, which only the slash command can do: type / and pick it."


def addressed(message: discord.Message, me: int | None) -> bool:
    """Said to the bot: a DM, or a guild message that mentions it (not a reply by a bot)."""
    if me is None or message.author.bot or message.webhook_id is not None:
        return False
    if isinstance(message.channel, discord.DMChannel):
        return True
    return any(user.id == me for user in message.mentions)


def said(text: str) -> str:
    """What the member asked, without the mentions (Discord's or typed) before it."""
    return strip_leading(text, MENTION)


def place_of(message: discord.Message) -> Place:
    channel = message.channel
    if isinstance(channel, discord.Thread) and channel.parent_id is not None:
        return Place("discord", str(channel.parent_id), str(channel.id))
    return Place("discord", str(channel.id))


async def answer(message: discord.Message, app: App, settings: Settings) -> None:
    """Run what was said through the app; reply in place (a DM stays a DM)."""
    actor = actor_of(message.author, settings)
    reply = await answer_text(said(message.content), actor, place_of(message), app)
    if reply.form is not None:  # a modal needs an interaction; a message has none
        reply = Reply(text=f"{reply.text}\n{FORMS_NEED_A_COMMAND}".strip(), private=reply.private)
    try:
        first, *rest = render(reply)
        await first.reply_to(message)
        for page, more in enumerate(rest, 1):
            await more.send_to(message.channel, nonce=nonce_for(f"said:{message.id}", page))
    except discord.HTTPException as error:
        log.warning("could not answer a Discord message: %s", error)
