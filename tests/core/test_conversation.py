"""Free text said to the bot: mentions stripped, commands run by name, anything else searched."""

from __future__ import annotations

import pytest

from bot.conversation import answer_text, as_command, strip_address
from bot.errors import ORGANIZERS_ONLY
from bot.model import Actor, Place
from tests.harness import TestBot, reply_text
from tests.resources.helpers import load_rows

ROOTS = {"help", "resources", "events", "topics"}


@pytest.mark.parametrize(
    ("said", "left"),
    [
        ("<@U0BOT> help", "help"),
        ("<@U0BOT|collab-bot>: help events", "help events"),
        ("<@!1234> <@5678>  /events", "events"),
        ("@collab-bot, resources housing", "resources housing"),
        ("  /help  ", "help"),
        ("housing <@U1> policy", "housing <@U1> policy"),
        ("<@U0BOT>", ""),
    ],
)
def test_leading_mentions_and_slash_are_stripped(said: str, left: str) -> None:
    assert strip_address(said) == left


def test_text_becomes_the_command_it_names_or_a_search() -> None:
    actor, place = Actor("console", "ana", "Ana"), Place("console", "general")
    assert as_command("<@U0BOT>", actor, place, ROOTS).name == "help"
    named = as_command("<@U0BOT> Resources black maternal health", actor, place, ROOTS)
    assert (named.name, named.text) == ("resources", "black maternal health")
    searched = as_command("black maternal health", actor, place, ROOTS)
    assert (searched.name, searched.text) == ("resources", "black maternal health")


async def test_help_by_mention_lists_the_commands(bot: TestBot) -> None:
    reply = await answer_text("<@U0BOT> help", bot.actor(), bot.place(), bot.runtime.app)
    assert "/resources" in reply_text(reply) and "/help" in reply_text(reply)
    empty = await answer_text("<@U0BOT>", bot.actor(), bot.place(), bot.runtime.app)
    assert empty.text == reply.text


async def test_other_text_searches_the_library(bot: TestBot) -> None:
    row = {"title": "Doula care and maternal health", "url": "https://example.org/doula"}
    await load_rows(bot, [row])
    reply = await answer_text("doula care", bot.actor(), bot.place(), bot.runtime.app)
    assert "Doula care and maternal health" in reply_text(reply)
    unknown = await answer_text("zzqx nothing", bot.actor(), bot.place(), bot.runtime.app)
    assert "Doula" not in reply_text(unknown) and unknown.text


async def test_organizer_commands_keep_their_check(bot: TestBot) -> None:
    refused = await answer_text("resources add", bot.actor(), bot.place(), bot.runtime.app)
    assert refused.text == ORGANIZERS_ONLY
    organizer = bot.actor(organizer=True)
    opened = await answer_text("resources add", organizer, bot.place(), bot.runtime.app)
    assert opened.form is not None
