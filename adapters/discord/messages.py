"""Thread replies as neutral Messages, for listeners such as the journey feature."""

from __future__ import annotations

import discord

from adapters.discord.bridge import role_ids
from adapters.discord.platform import roles
from bot.config import Settings
from bot.model import Actor, Message, Place
from bot.params import clean


def heard(message: discord.Message, settings: Settings, me: int | None) -> Message | None:
    """A reply in a thread by a person, or None for anything listeners should not see."""
    channel = message.channel
    if message.author.bot or message.author.id == me or message.webhook_id is not None:
        return None
    if not isinstance(channel, discord.Thread) or channel.parent_id is None:
        return None
    text = clean(message.content).strip()
    if not text:  # without the Message Content intent Discord sends no text
        return None
    place = Place("discord", str(channel.parent_id), str(channel.id))
    return Message(actor_of(message.author, settings), place, text, str(message.id))


def actor_of(author: discord.User | discord.Member, settings: Settings) -> Actor:
    user_id = str(author.id)
    return Actor(
        "discord", user_id, author.display_name, roles(settings, user_id, role_ids(author))
    )
