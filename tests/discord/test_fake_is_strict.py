"""The loopback fake refuses what Discord refuses, in Discord's own error shape."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from tests.discord.fake_discord import APP_ID, FakeDiscord


async def _post(
    fake: FakeDiscord, path: str, body: object, method: str = "POST"
) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, fake.base + path, json=body) as response,
    ):
        return response.status, await response.json()


async def test_an_over_long_message_is_a_50035_with_the_error_path(
    fake: FakeDiscord,
) -> None:
    fake.expect_refusals = True
    status, body = await _post(fake, "/channels/111/messages", {"content": "x" * 2001})
    assert status == 400 and body["code"] == 50035 and body["message"] == "Invalid Form Body"
    assert body["errors"]["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    embed = {"title": "t", "description": "d" * 4097, "fields": [{"name": "", "value": "v"}]}
    status, body = await _post(fake, "/channels/111/messages", {"embeds": [embed]})
    assert status == 400
    assert set(body["errors"]["embeds"]["0"]) == {"description", "fields"}
    status, body = await _post(fake, "/channels/111/messages", {"content": ""})
    assert (status, body["code"]) == (400, 50006)
    assert len(fake.calls) == len(fake.refused()) == 3  # every request counted


@pytest.mark.parametrize(
    ("component", "where"),
    [
        ({"type": 4, "custom_id": "a", "style": 2, "max_length": 4001}, "max_length"),
        ({"type": 4, "custom_id": "a", "style": 1, "placeholder": "p" * 101}, "placeholder"),
        ({"type": 4, "custom_id": "a" * 101, "style": 1}, "custom_id"),
        ({"type": 3, "custom_id": "s", "options": [{"label": "l", "value": "v"}] * 26}, "options"),
    ],
)
async def test_modals_past_discord_limits_are_refused(
    fake: FakeDiscord, component: dict[str, object], where: str
) -> None:
    fake.expect_refusals = True
    modal = {"custom_id": "f", "title": "Form", "components": [
        {"type": 18, "label": "Label", "component": component}
    ]}  # fmt: skip
    status, body = await _post(fake, "/interactions/1/tok/callback", {"type": 9, "data": modal})
    assert status == 400
    assert where in body["errors"]["data"]["components"]["0"]["component"]
    ok = {"type": 9, "data": {**modal, "components": [
        {"type": 18, "label": "Label", "component": {"type": 4, "custom_id": "a", "style": 1}}
    ]}}  # fmt: skip
    assert (await _post(fake, "/interactions/2/tok/callback", ok))[0] == 200
    again = await _post(fake, "/interactions/2/tok/callback", ok)
    assert again[0] == 400 and again[1]["code"] == 40060


async def test_commands_discord_would_refuse_fail_the_sync(fake: FakeDiscord) -> None:
    fake.expect_refusals = True
    bad = [{"name": "Events Admin", "description": "", "type": 1, "contexts": [5]}]
    status, body = await _post(fake, f"/applications/{APP_ID}/commands", bad, "PUT")
    assert status == 400
    assert set(body["errors"]["0"]) == {"name", "description", "contexts"}


async def test_message_commands_discord_would_refuse_fail_the_sync(fake: FakeDiscord) -> None:
    fake.expect_refusals = True
    menu = {"type": 3, "name": "Propose for the library"}
    assert (await _post(fake, f"/applications/{APP_ID}/commands", [menu], "PUT"))[0] == 200
    described = [{**menu, "description": "Propose it"}]
    status, body = await _post(fake, f"/applications/{APP_ID}/commands", described, "PUT")
    assert status == 400 and set(body["errors"]["0"]) == {"description"}
    six = [{"type": 3, "name": f"Menu {n}"} for n in range(6)]
    assert (await _post(fake, f"/applications/{APP_ID}/commands", six, "PUT"))[0] == 400


async def test_discord_py_sees_a_refusal_as_an_http_exception(fake: FakeDiscord) -> None:
    fake.expect_refusals = True
    before = discord.http.Route.BASE
    client = discord.Client(intents=discord.Intents.none())
    try:
        discord.http.Route.BASE = fake.base
        await client.login("fake-token")
        channel = client.get_partial_messageable(111)
        with pytest.raises(discord.HTTPException) as refused:
            await channel.send(embed=discord.Embed(title="t" * 257))
        assert refused.value.code == 50035
    finally:
        discord.http.Route.BASE = before
        await client.close()


async def test_scheduled_events_need_discord_fields(fake: FakeDiscord) -> None:
    fake.expect_refusals = True
    status, body = await _post(
        fake,
        "/guilds/5/scheduled-events",
        {"name": "x" * 101, "privacy_level": 1, "entity_type": 3, "scheduled_start_time": "soon"},
    )
    assert status == 400
    assert {"name", "privacy_level", "scheduled_start_time", "scheduled_end_time"} <= set(
        body["errors"]
    )
