from tests.harness import TestBot, reply_text


async def test_help_lists_commands(bot: TestBot) -> None:
    reply = await bot.command("/help")
    assert "/help" in reply_text(reply)
