"""Organizers add, edit, remove and verify from chat; members are refused and nothing changes."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from bot.actions import Action
from bot.errors import ORGANIZERS_ONLY
from bot.features.resources.forms import ADD, DETAILS, EDIT
from bot.features.resources.render import CONFIRM_REMOVE, REMOVE, VERIFY
from bot.model import FormSubmit
from storage import resources as store
from tests.harness import TestBot, all_buttons, checked

NEW = {
    "title": "Rural housing toolkit",
    "url": "https://example.org/rural-housing",
    "type": "toolkit",
    "topics": "housing; rural health",
    "description": "Steps for coalitions working on rural housing quality.",
}


async def _add(bot: TestBot) -> int:
    form = await bot.command("/resources add", organizer=True)
    saved = await bot.submit(form, NEW, organizer=True)
    assert saved.text.startswith("Added #")
    return int(saved.text.split("#")[1].split(":")[0])


async def _row(bot: TestBot, resource_id: int):  # type: ignore[no-untyped-def]
    async with bot.db.read() as session:
        return await store.get(session, resource_id)


async def test_add_through_the_form_then_find_it(bot: TestBot) -> None:
    resource_id = await _add(bot)
    reply = await bot.command("/resources rural housing")
    assert reply.sections[0].title == "Rural housing toolkit"
    assert reply.sections[0].title_url == NEW["url"]
    assert not any(b.label == "Edit" for b in all_buttons(reply))
    row = await _row(bot, resource_id)
    assert row.type == "toolkit" and row.topics == "housing; rural health"


async def test_add_form_errors_name_the_field_and_save_nothing(bot: TestBot) -> None:
    form = await bot.command("/resources add", organizer=True)
    bad = await bot.submit(form, {**NEW, "url": "not a link"}, organizer=True)
    assert "url" in bad.form_errors
    await _add(bot)
    again = await bot.submit(form, {**NEW, "title": "Copy"}, organizer=True)
    assert "already in the library" in again.form_errors["url"]
    async with bot.db.read() as session:
        assert await store.count(session) == 1


async def test_edit_is_prefilled_and_details_follow(bot: TestBot) -> None:
    resource_id = await _add(bot)
    form = await bot.command(f"/resources edit {resource_id}", organizer=True)
    assert form.form is not None and form.form.inputs[0].initial == NEW["title"]
    saved = await bot.submit(
        form, {**NEW, "title": "Rural housing toolkit (2025)", "topics": "housing"}, organizer=True
    )
    async with bot.db.read() as session:
        assert await store.topic_counts(session) == [("housing", 1)]
    details = await bot.press(saved, "Add details", organizer=True)
    done = await bot.submit(
        details, {"organization": "P4HE", "published": "2025-02", "authors": "A; B"}, organizer=True
    )
    assert "Saved the details" in done.text
    row = await _row(bot, resource_id)
    assert (row.title, row.organization, row.year, row.authors) == (
        "Rural housing toolkit (2025)",
        "P4HE",
        2025,
        "A; B",
    )
    bad = await bot.submit(details, {"published": "someday"}, organizer=True)
    assert "published" in bad.form_errors
    found = await bot.command("/resources year:2025 org:p4")
    assert found.sections[0].title == "Rural housing toolkit (2025)"


async def test_result_buttons_edit_verify_and_remove_for_organizers(bot: TestBot) -> None:
    resource_id = await _add(bot)
    reply = await bot.command("/resources housing", organizer=True)
    edit = await bot.press(reply, "Edit", organizer=True)
    assert edit.form is not None
    verified = await bot.press(reply, "Verify link", organizer=True)
    assert "checked on 2026-01-05" in verified.text
    assert (await _row(bot, resource_id)).verified_at == bot.clock.now()
    confirm = await bot.press(reply, "Remove", organizer=True)
    removed = await bot.press(confirm, "Yes, remove it", organizer=True)
    assert removed.text.startswith(f"Removed #{resource_id}")
    assert await _row(bot, resource_id) is None
    assert "Nothing" in (await bot.command("/resources housing")).text
    async with bot.db.read() as session:
        assert await store.word_counts(session, ["rural"]) == ({}, 0)
        assert await store.topic_counts(session) == []


async def test_remove_and_verify_commands(bot: TestBot) -> None:
    resource_id = await _add(bot)
    verified = await bot.command(f"/resources verify {resource_id}", organizer=True)
    assert "checked" in verified.text
    confirm = await bot.command(f"/resources remove {resource_id}", organizer=True)
    await bot.press(confirm, "Yes, remove it", organizer=True)
    assert await _row(bot, resource_id) is None
    missing = await bot.command("/resources remove 999", organizer=True)
    assert "no resource #999" in missing.text


async def test_members_are_refused_and_nothing_changes(bot: TestBot) -> None:
    resource_id = await _add(bot)
    before = await _row(bot, resource_id)
    for line in ("add", f"edit {resource_id}", f"remove {resource_id}", f"verify {resource_id}"):
        reply = await bot.command(f"/resources {line}")
        assert reply.text == ORGANIZERS_ONLY and reply.form is None
    for name in (REMOVE, CONFIRM_REMOVE, VERIFY):
        refused = await bot.press_action(Action(name, (str(resource_id),)))
        assert refused.text == ORGANIZERS_ONLY
    for form in (
        Action(ADD),
        Action(EDIT, (str(resource_id),)),
        Action(DETAILS, (str(resource_id),)),
    ):
        submit = FormSubmit(form, {**NEW, "title": "Hijacked"}, bot.actor(), bot.place())
        assert checked(await bot.runtime.app.handle(submit)).text == ORGANIZERS_ONLY
    assert await _row(bot, resource_id) == before


async def test_the_console_add_shows_what_was_saved_and_keeps_answers_when_one_is_wrong(
    bot: TestBot,
) -> None:
    typed = iter(
        [
            NEW["title"],
            "not a link",
            "4",  # toolkit, by its number as listed
            NEW["topics"],
            NEW["description"],
            "still not a link",
            "example dot org",
            NEW["url"],  # the fourth answer for the link: the others were kept all along
        ]
    )
    out: list[str] = []

    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return next(typed, None)

    session = ConsoleSession(
        bot.runtime, bot.actor("olga", organizer=True), write=out.append, ask=ask
    )
    await session.handle_line("/resources add")
    shown = out[-1]
    assert shown.startswith("Added #1: Rural housing toolkit"), out
    for value in (NEW["url"], "Type: toolkit", "Topics: housing; rural health", "Steps for"):
        assert value in shown, (value, shown)
    asked_for_link = [line for line in out if "Link (https://" in line]
    assert len(asked_for_link) == 4 and not any("[not a link]" in line for line in asked_for_link)
    row = await _row(bot, 1)
    assert row.type == "toolkit" and row.description == NEW["description"]
