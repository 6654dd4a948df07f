"""/timezone, hostile input everywhere, organizer-only refusals, starter events, the API."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.features.events import api, starter, when, zones
from bot.features.events.router import router
from storage.models.deliveries import Delivery
from storage.models.events import Event
from tests.events.test_flow import create
from tests.harness import TestBot, all_buttons, reply_text

HOSTILE = [
    "<!channel>",
    "@everyone",
    "<@U123> hi",
    '"unclosed',
    "a\x00b\x07c",
    "🎉" * 50,
    "x" * 10_000,
    "'; DROP TABLE events; --",
    "when:",
    "javascript:alert(1)",
]


async def counts(bot: TestBot) -> tuple[int, int]:
    async with bot.db.read() as session:
        events = (await session.execute(select(func.count()).select_from(Event))).scalar_one()
        queued = (await session.execute(select(func.count()).select_from(Delivery))).scalar_one()
    return events, queued


async def test_timezone_typos_cities_and_default_note(bot: TestBot) -> None:
    unset = reply_text(await bot.command("/timezone", "ana"))
    assert "have not set" in unset and "America/Chicago" in unset
    typo = reply_text(await bot.command("/timezone Amercia/Chicago", "ana"))
    assert "Did you mean" in typo and "America/Chicago" in typo
    assert "America/Chicago" in reply_text(await bot.command("/timezone chicago", "ana"))
    assert "America/New_York" in reply_text(await bot.command("/timezone New York", "ana"))
    assert "Your time zone is America/New_York" in reply_text(await bot.command("/timezone", "ana"))
    mars = reply_text(await bot.command("/timezone Mars/Olympus", "ana"))
    assert "I don't know the time zone" in mars
    assert "America/New_York" in reply_text(await bot.command("/timezone", "ana")), "unchanged"
    assert await router.completers["timezones"]("new_y", bot.deps) == ["America/New_York"]
    assert "America/Chicago" in await router.completers["timezones"]("", bot.deps)


@given(st.text(max_size=80))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_zone_resolution_never_crashes(text: str) -> None:
    try:
        name = zones.resolve(text)
    except Exception as error:  # only the friendly error is allowed
        assert type(error).__name__ == "BadInput"
    else:
        assert name in zones.zone_names()


@given(st.text(max_size=200))
@settings(max_examples=30, deadline=None)
def test_date_parsing_never_crashes(text: str) -> None:
    from datetime import UTC, datetime

    try:
        when.parse_when(text, "America/Chicago", datetime(2026, 1, 5, 15, tzinfo=UTC))
    except Exception as error:
        assert type(error).__name__ == "BadInput"


async def test_hostile_input_in_every_command_and_field(bot: TestBot) -> None:
    await create(bot)
    before = await counts(bot)
    for text in HOSTILE:
        for line in (
            f"/events {text}",
            f"/timezone {text}",
            f"/reminders {text}",
            f"/events edit {text}",
            f"/events cancel {text}",
            f"/events sessions {text}",
            f"/events skip 1 {text}",
            f"/events move 1 {text}",
            f"/events move 1 tomorrow to:{text[:200]}",
            f"/events add {text}",
            f'/events add Title when:"{text}"',
            f"/events add Title when:tomorrow join:{text[:200]}",
            f"/events add Title when:tomorrow length:{text[:50]} reminders:{text[:50]}",
            f'/events add Title when:tomorrow repeat:"{text[:120]}" where:"{text[:600]}"',
            f'/events add Title when:"{text[:100]} all day"',
        ):
            reply = await bot.command(line, "olu", organizer=True)
            assert "went wrong" not in reply.text, (line[:60], reply.text)
        opened = await bot.command("/events add", "olu", organizer=True)
        for field in ("title", "when", "length", "join", "about"):
            values = {"title": "T", "when": "tomorrow 1pm", field: text}
            reply = await bot.submit(opened, values, "olu", organizer=True)
            assert "went wrong" not in reply.text
    for action in (
        "events.remind",
        "events.unremind",
        "events.ics",
        "events.more",
        "events.confirm",
        "events.zone",
        "events.skip",
        "events.skip.yes",
        "events.move.yes",
    ):
        from bot.actions import Action

        for arg in ("", "-1", "99999999", "abc", "1:1w"):
            reply = await bot.press_action(Action(action, (arg,)), "olu", organizer=True)
            assert "went wrong" not in reply.text, (action, arg, reply.text)
    events, _ = await counts(bot)
    assert events >= before[0]  # drafts may be added; nothing published by accident
    listed = reply_text(await bot.command("/events"))
    assert listed.count("Event #") == 1


async def test_titles_with_mentions_stay_plain_text(bot: TestBot) -> None:
    await create(bot, '/events add <!channel> @everyone party when:"January 20 1pm CST"')
    listed = await bot.command("/events")
    assert "<!channel> @everyone party" in reply_text(listed)


async def test_organizer_only_actions_refuse_members_and_change_nothing(bot: TestBot) -> None:
    await create(bot)
    preview = await bot.command(
        '/events add Draft when:"January 22 1pm CST"', "olu", organizer=True
    )
    before = await counts(bot)
    for line in (
        "/events add X when:tomorrow",
        "/events add",
        "/events edit 1 title:X",
        "/events edit 1",
        "/events cancel 1",
        "/events failed",
    ):
        assert "Only organizers" in reply_text(await bot.command(line, "mo"))
    for label in ("Confirm", "Cancel"):
        assert "Only organizers" in reply_text(await bot.press(preview, label, "mo"))
    from bot.actions import Action
    from bot.model import FormSubmit

    for action in (Action("events.cancel", ("1",)), Action("events.discard", ("2",))):
        assert "Only organizers" in reply_text(await bot.press_action(action, "mo"))
    for form in (Action("events.add"), Action("events.edit", ("1",))):
        submit = FormSubmit(form, {"title": "X", "when": "tomorrow"}, bot.actor("mo"), bot.place())
        assert "Only organizers" in (await bot.runtime.app.handle(submit)).text
    assert await counts(bot) == before
    assert "Health Equity Webinar" in reply_text(await bot.command("/events"))


async def test_starter_loads_once_with_future_dates(bot: TestBot) -> None:
    assert await starter.load(bot.deps) == 6
    assert await starter.load(bot.deps) == 0
    listed = await bot.command("/events")
    text = reply_text(listed)
    assert "Monthly Health Equity Webinar" in text and "monthly on the third Tuesday" in text
    assert "1:00 PM – 2:00 PM CST" in text
    more = await bot.press(listed, "More")
    assert "P4HE Summit" in reply_text(more)
    assert "Previous" not in [b.label for b in all_buttons(listed)]
    back = await bot.press(more, "Previous")  # a later page leads back to the first
    assert reply_text(back) == text
    assert await api.upcoming_count(bot.deps) == 6


async def test_api_find_similar_and_upcoming_for(bot: TestBot) -> None:
    await create(bot)
    await create(bot, '/events add Design Justice Workshop when:"February 25 12pm CST"')
    hits = await api.find_similar(bot.deps, "design justice")
    assert [h.title for h in hits] == ["Design Justice Workshop"]
    assert await api.find_similar(bot.deps, "%_%") == []
    listed = await bot.command("/events", "ana")
    await bot.press(listed, "Going", "ana", nth=1)
    mine = await api.upcoming_for(bot.deps, bot.actor("ana"), limit=2)
    assert [h.title for h in mine] == ["Design Justice Workshop", "Health Equity Webinar"]


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "title",
                "when",
                "length",
                "join",
                "about",
                "kind",
                "repeat",
                "reminders",
                "register",
                "series",
            ]
        ),
        st.text(max_size=300),
    )
)
@settings(max_examples=40, deadline=None)
def test_any_field_values_give_a_draft_or_field_errors(values: dict[str, str]) -> None:
    from datetime import UTC, datetime

    from bot.errors import FormErrors
    from bot.features.events.drafting import read_fields

    now = datetime(2026, 1, 5, 15, tzinfo=UTC)
    try:
        draft = read_fields(values, base=None, zone="America/Chicago", now=now, actor_key="t:1")
    except FormErrors as error:
        assert set(error.errors) <= set(values) | {"title", "when"}
    else:
        assert 0 < len(draft.title) <= 200 and "\x00" not in draft.title
        assert draft.starts_at > now and draft.ends_at > draft.starts_at
