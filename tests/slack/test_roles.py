"""Organizers on Slack: configured ids and a user group, looked up briefly cached."""

from __future__ import annotations

from adapters.slack.outbox import web_client
from adapters.slack.roles import SlackOrganizers
from bot.features import parse_settings
from tests.slack.conftest import SlackEnv
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_http_mode import answer, block_action


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_group_members_are_cached_and_kept_through_errors(fake: FakeSlack) -> None:
    settings = parse_settings(
        {"slack": {"organizer_user_ids": ["UA"], "organizer_usergroup": "S1"}}
    )
    fake.usergroups["S1"] = ["UG"]
    ticks = Ticks()
    organizers = SlackOrganizers(
        settings, web_client("xoxb", fake.api_url, backoff_factor=0.01), ttl=60, monotonic=ticks
    )
    assert (await organizers.actor("UA")).is_organizer
    assert (await organizers.actor("UG")).is_organizer
    assert not (await organizers.actor("UX")).is_organizer
    assert len(fake.to("usergroups.users.list")) == 1  # UA needed no lookup; UX used the cache
    ticks.now = 61
    fake.fail("usergroups.users.list", "500", times=None)
    assert (await organizers.actor("UG")).is_organizer  # Slack hiccup: last members kept
    fake.rules.clear()
    fake.usergroups["S1"] = []
    ticks.now = 122
    assert not (await organizers.actor("UG")).is_organizer  # removed from the group


async def test_without_a_group_nothing_is_looked_up(fake: FakeSlack) -> None:
    settings = parse_settings({"slack": {"organizer_user_ids": ["UA"]}})
    organizers = SlackOrganizers(settings, web_client("xoxb", fake.api_url, backoff_factor=0.01))
    assert not (await organizers.actor("UB")).is_organizer
    assert fake.calls == []


async def test_organizer_only_buttons_refuse_members(slack: SlackEnv) -> None:
    member = slack.fake.response_url("member")
    await slack.interact(block_action("slacktest.close", user="U1", response_url=member))
    (refused,) = await answer(slack)
    assert "Only organizers" in refused["text"] and refused["replace_original"] is False
    group = slack.fake.response_url("group")
    await slack.interact(block_action("slacktest.close", user="UGROUP", response_url=group))
    closed = (await answer(slack, 2))[1]
    assert closed["text"] == "Closed." and closed["replace_original"] is True
