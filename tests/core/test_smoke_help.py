from tests.harness import TestBot, reply_text


async def test_help_lists_commands(bot: TestBot) -> None:
    reply = await bot.command("/help")
    assert "/help" in reply_text(reply)


async def test_help_marks_each_organizer_command_once_on_every_platform(bot: TestBot) -> None:
    for platform in ("console", "slack", "discord"):
        reply = await bot.command("/help", platform=platform, organizer=True)
        pages = [reply]
        while (more := [b for s in pages[-1].sections for b in s.buttons if b.action]) and len(
            pages
        ) < 5:
            pages.append(await bot.press_action(more[0].action, platform=platform, organizer=True))
        text = "\n".join(reply_text(page) for page in pages)
        assert "/resources add" in text and "/topics decline" in text
        assert "(organizers) (organizers)" not in text.lower()
        for line in text.splitlines():
            if line.startswith(("/resources add", "/resources verify", "/events add")):
                assert line.lower().count("(organizers)") == 1, line


async def test_the_first_help_page_has_what_a_member_needs_on_day_one(bot: TestBot) -> None:
    reply = await bot.command("/help", "ana")
    titles = [s.title for s in reply.sections if s.title]
    for root in ("/resources", "/events", "/suggest", "/topics", "/timezone"):
        assert root in titles, titles


async def test_help_suggest_teaches_the_bar_and_the_last_word_anonymous(bot: TestBot) -> None:
    shown = reply_text(await bot.command("/help suggest", "ana"))
    assert "/suggest Paying community advisors | how do others budget for it?" in shown
    assert "/suggest Lead pipes in schools anonymous" in shown
