"""The notes under search results reach people on every platform, and sharing posts one item."""

from __future__ import annotations

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import messages as slack_messages
from bot.model import Reply, to_plain
from tests.harness import TestBot, all_buttons, settings_for_tests
from tests.resources.helpers import load_rows
from tests.slack.blockkit import valid_message

PARTIAL = "No item has all of those words; these have some of them."
ROWS = [
    {"title": "Rural clinic guide", "url": "https://lib.example/1"},
    {"title": "Food bank list", "url": "https://lib.example/2"},
    {"title": "Housing vouchers explained", "url": "https://lib.example/3"},
    # more items, so that neither word counts as one most of the library uses
    *({"title": f"Report {n}", "url": f"https://lib.example/r{n}"} for n in range(8)),
]


def shown_everywhere(reply: Reply) -> dict[str, str]:
    """What a person reads of this reply on each platform's renderer."""
    console = console_render(reply).text
    slack = " ".join(str(payload["blocks"]) for payload in slack_messages(reply))
    for payload in slack_messages(reply):
        valid_message(payload)
    discord = " ".join(
        m.content + " ".join(str(e.description) for e in m.embeds) for m in discord_render(reply)
    )
    return {"console": console, "slack": slack, "discord": discord}


async def test_a_partial_match_says_so_on_every_platform(bot: TestBot) -> None:
    await load_rows(bot, ROWS)
    reply = await bot.command("/resources rural food")
    assert reply.text.startswith("2 resources")
    for platform, text in shown_everywhere(reply).items():
        assert PARTIAL in text, platform


async def test_a_broad_search_says_it_shows_the_newest_on_every_platform(
    database_url: str,
) -> None:
    settings = settings_for_tests({"resources": {"rank_window": 5}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        rows = [{"title": f"Clinic {n}", "url": f"https://lib.example/{n}"} for n in range(12)]
        await load_rows(bot, rows)
        reply = await bot.command("/resources clinic")
        for platform, text in shown_everywhere(reply).items():
            assert "So many match that these are the best of the newest 5" in text, platform
    finally:
        await bot.close()


async def test_share_in_channel_posts_only_that_one_item(bot: TestBot) -> None:
    await load_rows(bot, ROWS)
    reply = await bot.command("/resources rural food")
    shares = [b for b in all_buttons(reply) if b.label == "Share in channel"]
    assert len(shares) == 2  # one under each item
    shared = await bot.press(reply, "Share in channel", nth=1)
    assert not shared.private
    assert [s.title for s in shared.sections if s.title] == [reply.sections[2].title]
    assert "Shared by Ana." in shared.text
    assert shared.sections[-1].text[-1].mention == "console:ana"
    assert not any(b.label in ("Share in channel", "More") for b in all_buttons(shared))


async def test_an_opened_item_can_be_shared(bot: TestBot) -> None:
    await load_rows(bot, ROWS)
    reply = await bot.command("/resources #3")
    assert reply.sections[0].title == "Housing vouchers explained"
    shared = await bot.press(reply, "Share in channel")
    assert not shared.private and shared.sections[0].title == "Housing vouchers explained"


async def test_more_has_a_previous_that_goes_back_a_page(bot: TestBot) -> None:
    rows = [{"title": f"Clinic guide {n}", "url": f"https://lib.example/c{n}"} for n in range(12)]
    await load_rows(bot, [*ROWS, *rows])
    first = await bot.command("/resources clinic")
    assert "Previous" not in [b.label for b in all_buttons(first)]
    second = await bot.press(first, "More")
    third = await bot.press(second, "More")
    back = await bot.press(third, "Previous")
    assert [s.title for s in back.sections] == [s.title for s in second.sections]
    again = await bot.press(back, "Previous")
    assert [s.title for s in again.sections] == [s.title for s in first.sections]


async def test_more_topics_than_one_page_can_all_be_seen(bot: TestBot) -> None:
    rows = [
        {"title": f"Item {n}", "url": f"https://lib.example/t{n}", "topics": [f"topic {n:02}"]}
        for n in range(45)
    ]
    await load_rows(bot, rows)
    first = await bot.command("/resources topics")
    assert "…and 5 more (More shows them)." in to_plain(first.sections[0].text)
    rest = await bot.press(first, "More")
    body = to_plain(rest.sections[0].text)
    assert body.count("(1)") == 5 and "more" not in body
    back = await bot.press(rest, "Previous")
    assert back.sections[0].text == first.sections[0].text
