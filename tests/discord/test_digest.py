"""/digest and /settings through discord.py against the fake; the digest DM through the
Discord outbox; a member whose DMs are closed is counted and, after two misses, skipped."""

from __future__ import annotations

from typing import Any

from bot.features.digest.jobs import DigestTally
from tests.digest.support import add_item, digest_rows, local
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.test_member_flows import _button


def digest_posts(harness: Harness) -> list[dict[str, Any]]:
    return [
        c.json
        for c in harness.fake.sent_messages()
        if "digest" in c.json.get("content", "").lower()
    ]


async def test_digest_command_the_dm_and_its_stop_button(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    bot.clock.set(local("2026-01-06 10:00"))
    [zone] = await harness.run(p.command("timezone", [p.option("zone", "America/Chicago")]))
    assert "America/Chicago" in zone["data"]["content"]
    [bad] = await harness.run(p.command("digest", [p.option("choice", "weekly on Funday")]))
    assert bad["data"]["content"].startswith("'Funday' is not a day of the week.")
    assert bad["data"]["flags"] & 64
    [done] = await harness.run(p.command("digest", [p.option("choice", "weekly")]))
    assert "weekly, on Mondays at 09:00" in done["data"]["content"]
    await add_item(bot, "Community health workers guide", "https://example.org/chw")
    await bot.advance("7d")
    [dm] = digest_posts(harness)
    shown = str(dm["embeds"])
    assert "Community health workers guide" in shown and "/digest off" in shown
    [opened] = harness.fake.find("POST", r"/users/@me/channels$")
    assert str(opened.json["recipient_id"]) == str(p.MEMBER)
    stop = _button({"data": dm}, "Stop my digest")
    [stopped] = await harness.run(p.press(stop, dm["components"]))
    assert "Done: no more digests" in str(stopped["data"])
    await add_item(bot, "Second item", "https://example.org/second")
    await bot.advance("14d")
    assert len(digest_posts(harness)) == 1


async def test_closed_dms_are_counted_then_skipped_until_chosen_again(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    harness.fake.expect_refusals = True
    bot.clock.set(local("2026-01-06 10:00"))
    await harness.run(p.command("digest", [p.option("choice", "weekly")]))
    # Discord answers 403 to a DM to someone who closed their DMs or left every shared server.
    harness.fake.fail("POST", r"/channels/\d+/messages$", 403, times=2)
    for week in range(4):
        await add_item(bot, f"Item {week}", f"https://example.org/{week}")
        await bot.advance("7d")
    assert digest_posts(harness) == []
    assert bot.deps.state.get(DigestTally).unreachable == 2
    statuses = [r.status for r in await digest_rows(bot)]
    assert statuses.count("failed") == 2 and "pending" not in statuses  # not tried forever
    [paused] = await harness.run(p.command("digest"))
    assert "could not reach you, so it is paused" in str(paused["data"])
    assert "Digests (organizers)" not in str(paused["data"])
    organizer = p.command("digest", user_id=p.ORGANIZER_USER, roles=[p.ORGANIZER_ROLE])
    [counts] = await harness.run(organizer)
    shown = str(counts["data"])
    assert "1 member chose a weekly or monthly digest" in shown
    assert "1 member gets none because the last 2 could not reach them" in shown
    await harness.run(p.command("digest", [p.option("choice", "weekly")]))
    await add_item(bot, "Back again", "https://example.org/back")
    await bot.advance("7d")
    assert len(digest_posts(harness)) == 1


async def test_settings_on_discord_buttons_and_the_zone_modal(harness: Harness) -> None:
    [panel] = await harness.run(p.command("settings"))
    assert panel["type"] == 4 and panel["data"]["flags"] & 64
    titles = [e.get("title") for e in panel["data"]["embeds"]]
    assert {"Time zone", "Reminder times", "Learning journey", "Digest"} <= set(titles)
    opt_out = _button(panel, "Opt out")
    [after] = await harness.run(p.press(opt_out, panel["data"]["components"], ephemeral=True))
    assert after["type"] == 7  # the settings redrawn in place
    assert "Opted out" in str(after["data"]["embeds"])
    assert _button(after, "Opt in")
    change = _button(after, "Change time zone")
    [modal] = await harness.run(p.press(change, after["data"]["components"], ephemeral=True))
    assert modal["type"] == 9
    custom_id = modal["data"]["custom_id"]
    [saved] = await harness.run(p.submit(custom_id, {"zone": "Funkytown"}))
    assert "I don't know the time zone 'Funkytown'" in saved["data"]["content"]
    [saved] = await harness.run(p.submit(custom_id, {"zone": "Europe/Berlin"}))
    assert "Europe/Berlin" in saved["data"]["content"]
