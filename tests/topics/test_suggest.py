"""/suggest: posting, the form, limits, anonymity, channel posts and hostile text."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console.session import ConsoleSession
from bot.actions import Action
from bot.errors import APOLOGY
from bot.features.topics.api import SUGGEST_ACTION
from bot.limits import problems
from tests.harness import TestBot, all_buttons, reply_text, settings_for_tests
from tests.pings import pings
from tests.topics.helpers import channel_posts, suggest

HOSTILE = [
    "@everyone free pizza",
    "<!channel> look here",
    "<@U123> <@!456> <@&789> <#C42> <!here> <!everyone> @here",
    'Rural "health\x00 equity',
    "x" * 10_000,
    "🌾🏥 Rural clinics 🚑 and broadband 📶",
    "'; DROP TABLE topic_suggestions; --",
    'details:"unclosed anonymous:maybe',
]


async def test_suggest_posts_and_the_suggestions_channels_get_a_vote_button(
    bot: TestBot,
) -> None:
    reply = await bot.command(
        "/suggest Telehealth for older adults | Many of our members serve seniors",
        "ana",
        platform="slack",
    )
    assert "is posted" in reply.text
    assert "Many of our members serve seniors" in reply_text(reply)
    await bot.advance("1m")
    slack_post = channel_posts(bot, "C-SUGG")
    discord_post = channel_posts(bot, "333")
    assert len(slack_post) == 1 and len(discord_post) == 1
    _, post, _ = discord_post[0]
    assert post.private is False and problems(post) == []
    voted = await bot.press(post, "Vote", "bo", platform="discord")
    assert "It has 1 vote" in voted.text


async def test_no_channel_post_when_turned_off(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"post_to_channel": False}})
    )
    try:
        await suggest(bot, "Telehealth for older adults")
        await bot.advance("1m")
        assert channel_posts(bot, "C-SUGG") == [] and channel_posts(bot, "333") == []
    finally:
        await bot.close()


async def test_details_inline_and_the_form_when_no_text(bot: TestBot) -> None:
    reply = await bot.command('/suggest Housing first details:"What works in small towns?"')
    assert "What works in small towns?" in reply_text(reply)
    form = await bot.command("/suggest")
    assert form.form is not None and [i.name for i in form.form.inputs] == [
        "title",
        "details",
        "anonymous",
    ]
    done = await bot.submit(form, {"title": "School-based health centers", "details": "Ideas?"})
    assert "is posted" in done.text


async def test_a_too_long_title_or_details_is_refused_with_the_limit(bot: TestBot) -> None:
    long_title = await bot.command("/suggest " + "word " * 40)
    assert "keep it to 120" in long_title.text
    long_details = await bot.command("/suggest Short title | " + "d" * 1600)
    assert "keep them to 1,500" in long_details.text
    form = await bot.command("/suggest")
    in_form = await bot.submit(form, {"title": "t" * 200})
    assert "title" in in_form.form_errors
    assert "No open suggestions yet" in (await bot.command("/topics")).text


async def test_daily_limit_per_member(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"daily_limit": 2}})
    )
    try:
        await suggest(bot, "Rural broadband and telehealth", "ana")
        await suggest(bot, "Maternal health in Black communities", "ana")
        third = await bot.command("/suggest Language access in clinics", "ana", platform="slack")
        assert "limit is 2" in third.text
        other = await bot.command("/suggest Language access in clinics", "bo", platform="slack")
        assert "is posted" in other.text
        await bot.advance("24h")
        later = await bot.command("/suggest Food as medicine programs", "ana", platform="slack")
        assert "is posted" in later.text
    finally:
        await bot.close()


async def test_anonymous_is_hidden_from_members_and_shown_to_organizers(bot: TestBot) -> None:
    reply = await bot.command(
        "/suggest Mental health for farmworkers anonymous:yes", "ana", platform="slack"
    )
    assert "Members won't see your name; organizers will." in reply.text
    member_view = reply_text(await bot.command("/topics", "bo", platform="discord"))
    assert "Ana" not in member_view and "a member" in member_view
    shown = reply_text(await bot.command("/topics show 1", "bo", platform="discord"))
    assert "Ana" not in shown
    organizer_view = reply_text(await bot.command("/topics show 1", "org", organizer=True))
    assert "Ana (anonymous to members)" in organizer_view
    await bot.advance("1m")
    for _, post, _ in channel_posts(bot, "C-SUGG") + channel_posts(bot, "333"):
        assert "Ana" not in reply_text(post)


async def test_anonymity_chosen_in_the_form(bot: TestBot) -> None:
    form = await bot.command("/suggest")
    assert form.form is not None
    hide = next(i for i in form.form.inputs if i.name == "anonymous").choices[1]
    assert "members won't see my name, organizers will" in hide
    await bot.submit(form, {"title": "Harm reduction", "anonymous": hide}, "ana")
    assert "Ana" not in reply_text(await bot.command("/topics", "bo"))


async def test_a_button_from_another_feature_starts_a_suggestion_with_its_text(
    bot: TestBot,
) -> None:
    reply = await bot.press_action(Action(SUGGEST_ACTION, ("housing vouchers rural",)), "ana")
    assert reply.form is not None
    assert reply.form.inputs[0].initial == "housing vouchers rural"
    done = await bot.submit(reply, {"title": reply.form.inputs[0].initial}, "ana")
    assert "is posted" in done.text


async def test_hostile_text_gets_a_normal_reply_and_never_pings(bot: TestBot) -> None:
    users = (f"u{n}" for n in itertools.count())
    for text in HOSTILE:
        reply = await bot.command(f"/suggest {text}", next(users), platform="discord")
        assert reply.text != APOLOGY
        assert pings(reply) == []
    listing = await bot.command("/topics", "bo", platform="slack")
    # Shown as typed in the core; defused by each adapter as it renders.
    assert "<!channel>" in reply_text(listing) or "<@U123>" in reply_text(listing)
    assert pings(listing) == []
    await bot.advance("1m")
    posts = bot.posts()
    assert posts
    for _, post, _ in posts:
        assert pings(post) == []


_counter = itertools.count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=200),
        st.text(alphabet="<>@!#&|\"': \n\x00abcUhere|everyone🌾", max_size=80),
        st.sampled_from(HOSTILE),
    )
)
async def test_any_text_to_suggest_gets_a_normal_reply(bot: TestBot, text: str) -> None:
    reply = await bot.command(f"/suggest {text}", f"h{next(_counter)}", platform="slack")
    assert reply.text and reply.text != APOLOGY
    assert pings(reply) == []
    for button in all_buttons(reply):
        assert button.action is None or len(button.action.encode()) <= 100


async def test_the_daily_limit_holds_under_concurrent_suggestions(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"daily_limit": 2}})
    )
    try:
        ideas = ["Rural broadband", "Maternal health", "Language access", "Food as medicine"]
        replies = await asyncio.gather(
            *(bot.command(f"/suggest {idea}", "ana", platform="slack") for idea in ideas)
        )
        assert sum("is posted" in r.text for r in replies) == 2
        assert sum("limit is 2" in r.text for r in replies) == 2
    finally:
        await bot.close()


@pytest.mark.parametrize("word", ["anonymous", "anon", "Anonymous"])
async def test_a_last_word_anonymous_is_the_choice_not_part_of_the_title(
    bot: TestBot, word: str
) -> None:
    reply = await bot.command(f"/suggest Lead pipes in schools {word}", "ana", platform="slack")
    assert "is posted" in reply.text and "Members won't see your name" in reply.text
    assert f"Lead pipes in schools {word}" not in reply_text(reply)
    member_view = reply_text(await bot.command("/topics", "bo", platform="discord"))
    assert "#1 Lead pipes in schools\n" in member_view + "\n" and "Ana" not in member_view
    await bot.advance("1m")
    for _, post, _ in channel_posts(bot, "C-SUGG"):
        assert "Ana" not in reply_text(post) and word not in reply_text(post)


async def test_a_form_answer_that_is_no_choice_is_asked_again(bot: TestBot) -> None:
    form = await bot.command("/suggest")
    asked = await bot.submit(form, {"title": "Harm reduction", "anonymous": "1"}, "ana")
    assert "anonymous" in dict(asked.form_errors)
    assert "No open suggestions" in (await bot.command("/topics", "bo")).text


async def test_console_form_numbers_follow_the_listed_order(bot: TestBot) -> None:
    typed = iter(["Harm reduction", "", "1", "Food banks", "", "maybe", "2"])
    out: list[str] = []

    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return next(typed, None)

    session = ConsoleSession(bot.runtime, bot.actor("ana"), write=out.append, ask=ask)
    await session.handle_line("/suggest")
    assert "Suggested by: Ana" in reply_text(await bot.command("/topics show 1", "bo"))
    assert "1) Show my name; 2) Anonymous" in "".join(out)
    await session.handle_line("/suggest")
    assert any(line.startswith("'maybe' is not one of the choices") for line in out)
    second = reply_text(await bot.command("/topics show 2", "bo"))
    assert "Food banks" in second and "Suggested by: a member" in second
