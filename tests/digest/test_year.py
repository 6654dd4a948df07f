"""A year on the fake clock: each digest at the member's own local time across both
daylight-saving changes, weekly and monthly, none when nothing is new, none after off."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from storage.models.deliveries import SKIPPED
from tests.digest.support import (
    CHICAGO,
    add_item,
    digest_rows,
    digest_settings,
    digests,
    local,
    post_times,
)
from tests.harness import TestBot, reply_text


async def test_a_weekly_digest_a_year_at_9_in_chicago_across_dst(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=digest_settings(), start=local("2026-01-06 10:00")
    )
    try:
        times = post_times(bot)
        await bot.command("/timezone America/Chicago")
        await bot.command("/digest weekly")
        for week in range(52):  # an item each Tuesday; each Monday's digest has that week's
            await add_item(bot, f"Item of week {week}", f"https://example.org/week/{week}")
            await bot.advance("7d")
        got = digests(bot, "ana")
        assert len(got) == 52
        for week, (_, reply, _) in enumerate(got):
            text = reply_text(reply)
            assert f"Item of week {week}\n" in text + "\n", text
            assert f"Item of week {week - 1}\n" not in text + "\n"
            assert "/digest off" in text and "Stop my digest" in text
        assert len(times) == 52
        shown = [at.astimezone(CHICAGO) for at in times]
        assert {(at.weekday(), at.hour, at.minute) for at in shown} == {(0, 9, 0)}
        # Both sides of March 8 and November 1, 2026: 15:00 UTC in winter, 14:00 in summer.
        assert {at.utcoffset() for at in shown} == {timedelta(hours=-6), timedelta(hours=-5)}
        assert local("2026-03-02 09:00") in shown and local("2026-03-09 09:00") in shown
        assert local("2026-10-26 09:00") in shown and local("2026-11-02 09:00") in shown
    finally:
        await bot.close()


async def test_a_monthly_digest_on_the_first_friday_at_8(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=digest_settings(), start=local("2026-01-02 09:00")
    )
    try:
        times = post_times(bot)
        await bot.command("/timezone Chicago")
        reply = await bot.command("/digest monthly on Friday at 8:00")
        assert "monthly, on the first Friday of the month at 08:00" in reply.text
        for fortnight in range(26):
            await add_item(bot, f"Item {fortnight}", f"https://example.org/item/{fortnight}")
            await bot.advance("14d")
        shown = [at.astimezone(CHICAGO) for at in times]
        assert len(shown) == 12
        assert all(at.weekday() == 4 and at.day <= 7 and at.hour == 8 for at in shown)
        assert [at.month for at in shown] == [*range(2, 13), 1]
        assert local("2026-03-06 08:00") in shown and local("2026-11-06 08:00") in shown
        # Each month's digest lists the items of that month only.
        march = reply_text(digests(bot, "ana")[1][1])
        assert "Item 4" in march and "Item 2\n" not in march and "Item 5" not in march
    finally:
        await bot.close()


async def test_nothing_new_sends_nothing_and_off_stops_it(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=digest_settings(), start=local("2026-01-06 10:00")
    )
    try:
        await bot.command("/digest weekly")
        await bot.advance("21d")
        assert digests(bot) == []
        statuses = Counter(r.status for r in await digest_rows(bot))
        assert statuses[SKIPPED] == 3  # three Mondays, each empty: rendered, not sent
        await add_item(bot, "Health equity primer", "https://example.org/primer")
        await bot.advance("7d")
        assert len(digests(bot)) == 1
        off = await bot.command("/digest off")
        assert off.text.startswith("Done: no more digests")
        await add_item(bot, "After off", "https://example.org/after")
        await bot.advance("30d")
        assert len(digests(bot)) == 1
        assert "You get no digest" in (await bot.command("/digest")).text
    finally:
        await bot.close()


async def test_a_restart_sends_a_late_digest_once_and_drops_a_stale_one(database_url: str) -> None:
    settings = digest_settings()
    first = await TestBot.open(database_url, settings=settings, start=local("2026-01-06 10:00"))
    await first.command("/timezone Chicago")
    await first.command("/digest weekly")
    await add_item(first, "Before the outage", "https://example.org/before")
    await first.close()  # down over Monday Jan 12, 9:00
    second = await TestBot.open(database_url, settings=settings, start=local("2026-01-12 11:00"))
    try:
        await second.advance("1h")
        assert len(digests(second)) == 1  # two hours late, inside the 12 hours' grace
        await add_item(second, "Before the next outage", "https://example.org/next")
    finally:
        await second.close()
    third = await TestBot.open(database_url, settings=settings, start=local("2026-01-19 22:00"))
    try:
        await third.advance("1h")
        assert digests(third) == []  # 13 hours after its time: dropped, not sent stale
        await third.advance("7d")
        [(_, reply, _)] = digests(third)  # the next one still covers what is new since
        assert "Before the next outage" in reply_text(reply)
    finally:
        await third.close()


async def test_a_new_zone_moves_the_queued_digest(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=digest_settings(), start=local("2026-01-06 10:00")
    )
    try:
        times = post_times(bot)
        await bot.command("/timezone Chicago")
        await bot.command("/digest weekly")  # queued for 9:00 Chicago, 15:00 UTC
        await bot.command("/timezone Tokyo")  # 9:00 Tokyo is Monday 00:00 UTC
        await add_item(bot, "Item", "https://example.org/item")
        await bot.advance("7d")
        assert [at.astimezone(ZoneInfo("Asia/Tokyo")).hour for at in times] == [9]
        assert "(Asia/Tokyo)" in reply_text(digests(bot)[0][1])
    finally:
        await bot.close()


async def test_a_configured_default_reaches_members_who_never_chose(database_url: str) -> None:
    settings = digest_settings({"digest": {"default": "weekly", "day": "Tue", "time": "8am"}})
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-01-06 10:00"))
    try:
        await bot.command("/timezone Chicago", "ana")
        await bot.command("/timezone Chicago", "bo")
        told = await bot.command("/digest", "ana")
        assert "weekly, on Tuesdays at 08:00" in told.text and "default" in told.text
        await bot.command("/digest off", "bo")
        await add_item(bot, "For everyone", "https://example.org/all")
        await bot.advance("7d")
        assert [t.user_id for t, _, _ in digests(bot)] == ["ana"]
    finally:
        await bot.close()
