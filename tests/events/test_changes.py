"""Editing and cancelling: pending reminders follow the event, and subscribers are told."""

from __future__ import annotations

from sqlalchemy import select

from storage.models.deliveries import CANCELLED, PENDING, Delivery
from tests.events.test_flow import create, dms
from tests.harness import TestBot, reply_text


async def pending(bot: TestBot, kind: str = "events.reminder") -> list[Delivery]:
    async with bot.db.read() as session:
        rows = await session.execute(
            select(Delivery).where(Delivery.status == PENDING, Delivery.kind == kind)
        )
        return list(rows.scalars())


async def subscribe(bot: TestBot, user: str) -> None:
    listed = await bot.command("/events", user)
    await bot.press(listed, "Going", user)


async def test_edit_reschedules_reminders_and_tells_subscribers(bot: TestBot) -> None:
    await create(bot)
    await subscribe(bot, "ana")
    before = sorted(r.due_at for r in await pending(bot))
    assert len(before) == 2

    preview = await bot.command('/events edit 1 when:"January 27 1pm CST"', "olu", organizer=True)
    assert "Tue, Jan 27 2026, 1:00 PM – 2:00 PM CST" in reply_text(preview)
    assert sorted(r.due_at for r in await pending(bot)) == before, "nothing moves before Confirm"
    await bot.press(preview, "Confirm", "olu", organizer=True)

    after = sorted(r.due_at for r in await pending(bot))
    assert [a - b for a, b in zip(after, before, strict=True)] == [after[0] - before[0]] * 2
    assert (after[0] - before[0]).days == 7
    bot.clear_posts()
    await bot.advance("1m")
    notice = dms(bot, "ana")
    assert len(notice) == 1 and "has moved" in notice[0] and "Jan 27 2026" in notice[0]

    await bot.advance("22d 4h")  # past Jan 27 13:00 Central
    reminders = [t for t in dms(bot, "ana") if t.startswith("Reminder")]
    assert len(reminders) == 2 and all("Jan 27 2026" in t for t in reminders)


async def test_edit_form_is_prefilled_and_kept_zone(bot: TestBot) -> None:
    await create(bot)
    opened = await bot.command("/events edit 1", "olu", organizer=True)
    assert opened.form is not None
    initial = {i.name: i.initial for i in opened.form.inputs}
    assert initial["when"] == "2026-01-20 13:00 America/Chicago"
    preview = await bot.submit(
        opened, {**initial, "title": "Renamed webinar"}, "olu", organizer=True
    )
    await bot.press(preview, "Confirm", "olu", organizer=True)
    assert "Renamed webinar" in reply_text(await bot.command("/events"))


async def test_cancel_withdraws_and_tells_subscribers(bot: TestBot) -> None:
    await create(bot)
    await subscribe(bot, "ana")
    await subscribe(bot, "bo")
    assert len(await pending(bot)) == 4
    ask = await bot.command("/events cancel 1", "olu", organizer=True)
    done = await bot.press(ask, "Yes, cancel it", "olu", organizer=True)
    assert "2 members told" in reply_text(done)
    assert await pending(bot) == []
    async with bot.db.read() as session:
        statuses = (await session.execute(select(Delivery.status, Delivery.kind))).all()
    assert (CANCELLED, "events.reminder") in statuses
    bot.clear_posts()
    await bot.advance("20d")
    assert [t.split(".")[0] for t in dms(bot, "ana")] == [
        "Cancelled: Health Equity Webinar will not take place"
    ]
    assert len(dms(bot, "bo")) == 1
    assert "No upcoming events" in reply_text(await bot.command("/events"))


async def test_unsubscribe_and_choose_offsets(bot: TestBot) -> None:
    await create(bot)
    listed = await bot.command("/events", "ana")
    reply = await bot.press(listed, "Going", "ana")
    only_hour = await bot.press(reply, "Only 1 hour before", "ana")
    assert "1 hour before" in reply_text(only_hour)
    assert [r.payload.count('"off": "1h"') for r in await pending(bot)] == [1]
    both = await bot.press(only_hour, "All: 1 day and 1 hour before", "ana")
    assert "1 day and 1 hour before" in reply_text(both)
    assert len(await pending(bot)) == 2
    await bot.press(both, "Only 1 hour before", "ana")
    mine = await bot.command("/reminders", "ana")
    assert "Health Equity Webinar" in reply_text(mine)
    await bot.press(mine, "Cancel", "ana")
    assert await pending(bot) == []
    assert "no reminders" in reply_text(await bot.command("/reminders", "ana"))


async def test_per_event_offsets_channel_update_and_double_confirm(bot: TestBot) -> None:
    preview = await bot.command(
        '/events add Office Hours when:"January 20 1pm CST" reminders:2d,30m',
        "olu",
        organizer=True,
    )
    assert "Reminders offered: 2 days and 30 minutes before" in reply_text(preview)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    again = await bot.press(preview, "Confirm", "olu", organizer=True)
    assert "already confirmed" in reply_text(again)
    await subscribe(bot, "ana")
    assert sorted(r.payload.split('"off": ')[1] for r in await pending(bot)) == ['"2d"}', '"30m"}']

    preview = await bot.command("/events edit 1 title:Office Hours (moved)", "olu", organizer=True)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    bot.clear_posts()
    await bot.advance("1m")
    channel = [reply_text(r) for t, r, _ in bot.posts() if not hasattr(t, "user_id")]
    assert len(channel) == 3 and all(t.startswith("Updated: Office Hours (moved)") for t in channel)
    notice = dms(bot, "ana")
    assert len(notice) == 1 and "was updated" in notice[0]
    await bot.advance("16d")
    reminders = [t for t in dms(bot, "ana") if t.startswith("Reminder")]
    assert [t.split(" starts in ")[1].split(".")[0] for t in reminders] == ["2 days", "30 minutes"]


async def test_unconfirmed_previews_are_cleared_after_a_day(bot: TestBot) -> None:
    preview = await bot.command(
        '/events add Draft when:"January 20 1pm CST"', "olu", organizer=True
    )
    await bot.advance("2d")
    late = await bot.press(preview, "Confirm", "olu", organizer=True)
    assert "already confirmed or cancelled" in reply_text(late)
    assert "No upcoming events" in reply_text(await bot.command("/events"))


async def test_one_members_cancel_leaves_anothers_reminders(bot: TestBot) -> None:
    await create(bot)
    await subscribe(bot, "U1")
    await subscribe(bot, "U12")
    mine = await bot.command("/reminders", "U1")
    await bot.press(mine, "Cancel", "U1")
    assert {r.target_id for r in await pending(bot)} == {"U12"}
