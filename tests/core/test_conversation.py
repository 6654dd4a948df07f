"""Free text said to the bot: mentions stripped, commands run by name, anything else searched."""

from __future__ import annotations

import re

import pytest

from bot.conversation import answer_text, as_command, strip_address, strip_leading
from bot.errors import ORGANIZERS_ONLY
from bot.model import Actor, Place
from tests.harness import TestBot, reply_text
from tests.resources.helpers import load_rows

ROOTS = {"help", "resources", "events", "topics"}


@pytest.mark.parametrize(
    ("said", "left"),
    [
        ("@collab-bot help", "help"),
        ("@collab-bot, resources housing", "resources housing"),
        ("@collab-bot @bot  /events", "events"),
        ("  /help  ", "help"),
        ("housing @ana policy", "housing @ana policy"),
        ("@collab-bot", ""),
    ],
)
def test_leading_typed_names_and_slash_are_stripped(said: str, left: str) -> None:
    assert strip_address(said) == left


def test_an_adapter_pattern_strips_in_any_order_with_typed_names() -> None:
    bracketed = re.compile(r"^\s*<@\w+>[\s,:]*")
    assert strip_leading("<@U1> @bot <@U2>: help", bracketed) == "help"
    assert strip_leading("<@U1> help", bracketed) == "help"
    # The core alone knows no platform's syntax: the bracket stays for the adapter.
    assert strip_address("<@U1> help") == "<@U1> help"


def test_text_becomes_the_command_it_names_or_a_search() -> None:
    actor, place = Actor("console", "ana", "Ana"), Place("console", "general")
    assert as_command("@collab-bot", actor, place, ROOTS).name == "help"
    named = as_command("@collab-bot Resources black maternal health", actor, place, ROOTS)
    assert (named.name, named.text) == ("resources", "black maternal health")
    searched = as_command("black maternal health", actor, place, ROOTS)
    assert (searched.name, searched.text) == ("resources", "black maternal health")


async def test_help_by_mention_lists_the_commands(bot: TestBot) -> None:
    reply = await answer_text("@collab-bot help", bot.actor(), bot.place(), bot.runtime.app)
    assert "/resources" in reply_text(reply) and "/help" in reply_text(reply)
    empty = await answer_text("@collab-bot", bot.actor(), bot.place(), bot.runtime.app)
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
