from tests.harness import TestBot, reply_text


async def test_help_lists_commands(bot: TestBot) -> None:
    reply = await bot.command("/help")
    assert "/help" in reply_text(reply)


async def test_help_marks_each_organizer_command_once_on_every_platform(bot: TestBot) -> None:
    for platform in ("console", "slack", "discord"):
        reply = await bot.command("/help", platform=platform, organizer=True)
        pages = [reply]
        while (
            more := [b for s in pages[-1].sections for b in s.buttons if b.label == "More commands"]
        ) and len(pages) < 5:
            assert more[0].action is not None
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


async def test_every_help_page_after_the_first_leads_back(bot: TestBot) -> None:
    first = await bot.command("/help", "ana")
    assert "Page 1 of 2" in reply_text(first) and "Previous" not in reply_text(first)
    second = await bot.press(first, "More commands", "ana")
    shown = reply_text(second)
    assert "Page 2 of 2" in shown and "More commands" not in shown, shown
    back = await bot.press(second, "Previous", "ana")
    assert reply_text(back) == reply_text(first)
