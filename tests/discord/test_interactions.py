"""Slash commands, autocomplete, buttons and modals through the real discord.py client."""

from __future__ import annotations

import discord

from adapters.discord.limits import command_problems, message_problems
from tests.discord import payloads as p
from tests.discord.conftest import Harness


async def test_login_runs_setup_hook_and_syncs_commands_to_the_guild(harness: Harness) -> None:
    fake = harness.fake
    assert fake.find("GET", r"/users/@me$")
    synced = fake.find("PUT", rf"/applications/\d+/guilds/{p.GUILD}/commands$")
    assert len(synced) == 1
    names = {c["name"] for c in synced[0].body}
    assert {"help", "things", "echo"} <= names
    assert not fake.find("PUT", r"/applications/\d+/commands$")


async def test_help_answers_privately_with_embeds_and_no_mentions(harness: Harness) -> None:
    [body] = await harness.run(p.command("help"))
    assert body["type"] == 4
    data = body["data"]
    assert data["flags"] & 64
    assert data["allowed_mentions"] == {"parse": []}
    assert any(e["title"] == "/help" for e in data["embeds"])


async def test_group_default_with_typed_options_builds_one_neutral_command(
    harness: Harness,
) -> None:
    options = [
        p.option("query", "housing"),
        p.option("type", "video"),
        p.option("year", 2024, kind=4),
        p.option("public", True, kind=5),
    ]
    [body] = await harness.run(p.command("things", options, sub="search"))
    assert body["type"] == 4
    data = body["data"]
    assert not data.get("flags", 0) & 64  # public=yes made it a public reply
    embed = data["embeds"][0]
    assert embed["title"] == "housing"
    assert "housing type=video year=2024" in embed["description"]
    assert embed["description"].startswith("**Found: **")
    rows = data["components"]
    assert p.custom_ids(rows) == ["things.vote:42"]
    link = rows[0]["components"][1]
    assert link["style"] == 5 and link["url"].startswith("https://example.org/things")


async def test_autocomplete_answers_with_router_completer_choices(harness: Harness) -> None:
    payload = p.command(
        "things", [p.option("query", "hous", focused=True)], sub="search", autocomplete=True
    )
    [body] = await harness.run(payload)
    assert body["type"] == 8
    names = [c["name"] for c in body["data"]["choices"]]
    assert names == ["Housing first", "Housing and health"]


async def test_button_press_replaces_the_public_message(harness: Harness) -> None:
    options = [p.option("query", "x"), p.option("public", True, kind=5)]
    [shown] = await harness.run(p.command("things", options, sub="search"))
    components = shown["data"]["components"]
    [body] = await harness.run(p.press("things.vote:42", components))
    assert body["type"] == 7
    assert body["data"]["content"].startswith("Voted for 42 as")
    assert body["data"]["components"] == []


async def test_buttons_keep_working_after_a_restart(harness: Harness) -> None:
    [shown] = await harness.run(p.command("things", [p.option("query", "x")], sub="search"))
    components = shown["data"]["components"]
    await harness.adapter.stop()
    await harness.connect(defer_after=5.0)  # a new client: nothing remembered but the id
    [body] = await harness.run(p.press("things.vote:42", components, ephemeral=True))
    assert body["type"] == 7
    assert "Voted for 42" in body["data"]["content"]


async def test_private_press_never_replaces_a_public_message(harness: Harness) -> None:
    # things.purge answers privately with replace_original unset; a foreign id answers too
    components = [
        {
            "type": 1,
            "components": [{"type": 2, "style": 2, "label": "Odd", "custom_id": "not-ours:1"}],
        }
    ]
    [body] = await harness.run(p.press("not-ours:1", components))
    assert body["type"] == 4
    assert body["data"]["flags"] & 64
    assert "older version" in body["data"]["content"]


async def test_organizer_command_opens_a_modal_for_organizers_only(harness: Harness) -> None:
    [refused] = await harness.run(p.command("things-admin", sub="add"))
    assert refused["type"] == 4 and refused["data"]["flags"] & 64
    assert "Only organizers" in refused["data"]["content"]

    [by_role] = await harness.run(p.command("things-admin", sub="add", roles=[p.ORGANIZER_ROLE]))
    assert by_role["type"] == 9
    modal = by_role["data"]
    assert modal["custom_id"] == "things.add:draft"
    assert modal["title"] == "Add a thing"
    kinds = [row["component"]["type"] for row in modal["components"]]
    assert kinds == [4, 4, 3]  # short text, paragraph, select for the choice
    assert modal["components"][1]["component"]["style"] == 2

    [by_user] = await harness.run(p.command("things-admin", sub="add", user_id=p.ORGANIZER_USER))
    assert by_user["type"] == 9


async def test_modal_submit_becomes_a_form_submit(harness: Harness) -> None:
    values = {"title": "Toolkit", "body": "", "type": "pdf"}
    payload = p.submit("things.add:draft", values, roles=[p.ORGANIZER_ROLE])
    [body] = await harness.run(payload)
    assert body["type"] == 4
    assert body["data"]["content"] == "Added Toolkit (pdf)"
    assert not body["data"].get("flags", 0) & 64


async def test_modal_errors_come_back_privately_listing_what_to_fix(harness: Harness) -> None:
    payload = p.submit("things.add:draft", {"title": "  "}, roles=[p.ORGANIZER_ROLE])
    [body] = await harness.run(payload)
    assert body["type"] == 4 and body["data"]["flags"] & 64
    assert "title: Please give the thing a title." in body["data"]["content"]


async def test_modal_submit_from_a_member_is_refused(harness: Harness) -> None:
    [body] = await harness.run(p.submit("things.add:draft", {"title": "Sneaky"}))
    assert "Only organizers" in body["data"]["content"]
    assert body["data"]["flags"] & 64


async def test_organizer_role_is_checked_on_every_call_not_only_hidden(harness: Harness) -> None:
    synced = harness.fake.find("PUT", r"/guilds/\d+/commands$")[0].body
    [things] = [c for c in synced if c["name"] == "things"]
    [tools] = [c for c in synced if c["name"] == "things-admin"]
    assert things["default_member_permissions"] is None
    assert int(tools["default_member_permissions"]) == 1 << 33  # Manage Events
    # a member an admin let see the tools (or an old client) still meets the core's check
    [body] = await harness.run(p.command("things-admin", sub="add", roles=[1, 2, 3]))
    assert "Only organizers" in body["data"]["content"]


async def test_slow_command_defers_privately_then_follows_up(harness: Harness) -> None:
    harness.defer_after(0.01)
    payload = p.command("things", sub="slow")
    [deferred] = await harness.run(payload)  # the handler is still waiting at the gate
    assert deferred["type"] == 5 and deferred["data"]["flags"] & 64
    harness.gate.release.set()
    [edit] = await harness.fake.wait_for(
        "PATCH", rf"/webhooks/\d+/{payload['token']}/messages/@original"
    )
    assert edit.json["content"] == "Finally done"
    assert edit.json["allowed_mentions"] == {"parse": []}


async def test_slow_public_reply_after_a_private_deferral_is_posted_publicly(
    harness: Harness,
) -> None:
    harness.defer_after(0.01)
    payload = p.command("things", sub="later")
    [deferred] = await harness.run(payload)
    assert deferred["type"] == 5 and deferred["data"]["flags"] & 64
    harness.gate.release.set()
    [note] = await harness.fake.wait_for("PATCH", rf"/webhooks/\d+/{payload['token']}/messages")
    [follow] = await harness.fake.wait_for("POST", rf"/webhooks/\d+/{payload['token']}$")
    assert note.json["content"] == "Posted."
    assert follow.json["content"] == "hello all"
    assert not follow.json.get("flags", 0) & 64


async def test_slow_button_defers_invisibly_then_edits(harness: Harness) -> None:
    harness.defer_after(0.01)
    components = [
        {
            "type": 1,
            "components": [{"type": 2, "style": 1, "label": "Later", "custom_id": "things.later"}],
        }
    ]
    payload = p.press("things.later", components)
    [deferred] = await harness.run(payload)
    assert deferred["type"] == 6
    harness.gate.release.set()
    [edit] = await harness.fake.wait_for("PATCH", rf"/webhooks/\d+/{payload['token']}/messages")
    assert edit.json["content"] == "Later, then"


async def test_long_replies_page_into_follow_ups_within_limits(harness: Harness) -> None:
    payload = p.command("many", [p.option("count", 12, kind=4)])
    [first] = await harness.run(payload)
    # 12 sections of ~900 characters: two pages by size, each split again at 5 button rows
    follow_ups = await harness.fake.wait_for("POST", rf"/webhooks/\d+/{payload['token']}$", 3)
    bodies = [first["data"], *(c.json for c in follow_ups)]
    assert sum(len(b["embeds"]) for b in bodies) == 12
    for body in bodies:
        assert message_problems(body) == []
        assert body["flags"] & 64


async def test_command_in_a_thread_names_the_thread(harness: Harness) -> None:
    seen = []

    async def remember(cmd, params, deps):  # type: ignore[no-untyped-def]
        seen.append(cmd.place)
        from bot.model import Reply

        return Reply(text="ok")

    spec, _ = harness.bot.deps.router.commands["help"]
    harness.bot.deps.router.commands["help"] = (spec, remember)
    await harness.run(p.command("help", channel=p.THREAD, thread_parent=p.CHANNEL))
    assert seen[0].channel_id == str(p.CHANNEL) and seen[0].thread_id == str(p.THREAD)


async def test_synced_commands_pass_the_offline_lint(harness: Harness) -> None:
    [sync] = harness.fake.find("PUT", r"/guilds/\d+/commands$")
    for command in sync.body:
        assert command_problems(command) == [], command["name"]


async def test_hostile_text_is_shown_escaped_with_mentions_disabled(harness: Harness) -> None:
    for text in (
        "@everyone <@123> <@&777000000000000001> **loud** [x](https://e.vil)",
        "é" * 10_000,
    ):
        payload = p.command("echo", [p.option("text", text)])
        [body] = await harness.run(payload)
        data = body["data"]
        assert data["allowed_mentions"] == {"parse": []}
        assert message_problems(data) == []
        assert "@everyone" not in data["content"]
        assert "**loud**" not in data["content"]


def _guild_with_thread() -> dict[str, object]:
    from tests.discord.fake_discord import user

    thread = {
        "id": str(p.THREAD),
        "type": 11,
        "name": "prompt",
        "parent_id": str(p.CHANNEL),
        "owner_id": str(p.MEMBER),
        "message_count": 1,
        "member_count": 1,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2026-01-05T15:00:00+00:00",
            "locked": False,
        },
    }
    return {**p.guild([thread]), "_user": user(p.MEMBER, "member")}


async def test_thread_replies_reach_listeners_and_bots_do_not(harness: Harness) -> None:
    from tests.discord.fake_discord import BOT_ID, user

    state = harness.adapter.client._connection
    guild = _guild_with_thread()
    author = guild.pop("_user")
    state.parse_guild_create(guild)  # type: ignore[arg-type]

    def message(author: dict[str, object], content: str, channel: int, n: int) -> dict[str, object]:
        return {
            "id": str(1_260_000_000_000_000_000 + n),
            "channel_id": str(channel),
            "guild_id": str(p.GUILD),
            "author": author,
            "content": content,
            "timestamp": "2026-01-05T15:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "member": {
                "roles": [str(p.ORGANIZER_ROLE)],
                "joined_at": "2025-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            },
        }

    client = harness.adapter.client
    cached = state._get_guild(p.GUILD)
    assert cached is not None
    for who, text, where, n in (
        (author, "Our clinic tried this", p.THREAD, 1),
        (user(BOT_ID, "bot", bot=True), "echo", p.THREAD, 2),
        (author, "not in a thread", p.CHANNEL, 3),
        (author, "", p.THREAD, 4),
    ):
        channel = cached.get_channel_or_thread(where)
        data = message(who, text, where, n)  # type: ignore[arg-type]
        await client.on_message(discord.Message(state=state, channel=channel, data=data))  # type: ignore[arg-type]
    assert [m.text for m in harness.gate.heard] == ["Our clinic tried this"]
    heard = harness.gate.heard[0]
    assert heard.place.channel_id == str(p.CHANNEL) and heard.place.thread_id == str(p.THREAD)
    assert heard.actor.is_organizer


async def test_attachments_are_uploaded_with_the_answer(harness: Harness) -> None:
    [body] = await harness.run(p.command("things", sub="file"))
    assert body["type"] == 4
    assert body["data"]["content"] == "Add it to your calendar"
    assert body["_files"] == ["files[0]"]
    assert body["data"]["attachments"][0]["filename"] == "webinar.ics"
