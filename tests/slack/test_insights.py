"""/insights through slack-bolt: the chart is uploaded as a file to the organizer's DM,
since the answer is private; members are refused."""

from __future__ import annotations

from tests.insights.support import png_size
from tests.slack.conftest import ORGANIZER, SlackEnv
from tests.slack.test_http_mode import answer


async def test_slack_uploads_the_chart_to_the_organizers_dm(slack: SlackEnv) -> None:
    await slack.command("/insights", user=ORGANIZER)
    (reply,) = await answer(slack)
    # The notification names the report; the summary is said once, in the blocks.
    assert reply["text"] == "Insights, 2026-01"
    assert "Library: 0 searches" in str(reply["blocks"])
    assert reply["response_type"] == "ephemeral"
    (done,) = await slack.fake.wait_for(lambda: slack.fake.to("files.completeUploadExternal"))
    assert done["channel_id"] == f"D-{ORGANIZER}"
    [data] = slack.fake.uploads.values()
    assert png_size(data) == (1200, 900)
    (asked,) = slack.fake.to("files.getUploadURLExternal")
    alt = asked["alt_txt"]
    assert alt.startswith("Four charts of insights for 2026-01.")
    assert "topic suggestions by status: open 0, review 0" in alt, "the figures, not 'chart'"
    assert alt in str(reply), "the same figures are in the message beside it"


async def test_slack_refuses_members(slack: SlackEnv) -> None:
    await slack.command("/insights", user="U-MEMBER")
    (reply,) = await answer(slack)
    assert "organizers" in reply["text"].lower()
    assert slack.fake.uploads == {}
