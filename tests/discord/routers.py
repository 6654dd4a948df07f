"""A small test-only feature that exercises every kind of Discord interaction."""

from __future__ import annotations

import asyncio

from bot.actions import Action
from bot.errors import FormErrors
from bot.model import (
    Attachment,
    Button,
    ButtonPress,
    Command,
    Field,
    Form,
    FormSubmit,
    Input,
    Message,
    Reply,
    Section,
    plain,
    strong,
)
from bot.params import Param, Params
from bot.router import Router

TITLES = ("Housing first", "Health equity primer", "Housing and health", "Rural clinics")


class Gate:
    """Holds the slow command until a test lets it go."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.heard: list[Message] = []


def sample_router(gate: Gate | None = None) -> Router:
    router = Router("things")

    @router.command(
        "things",
        "Search the things",
        params=(
            Param("query", "Words to look for", kind="rest", autocomplete="titles"),
            Param("type", "Kind of thing", kind="choice", choices=("pdf", "video"), inline=True),
            Param("year", "Year", kind="int", inline=True),
            Param("public", "Show everyone", kind="bool", inline=True),
        ),
        group_default="search",
    )
    async def things(cmd: Command, params: Params, deps: object) -> Reply:
        query = params.text("query")
        shown = f"{query} type={params.text('type')} year={params.text('year')}"
        section = Section(
            title=query or "Everything",
            text=(strong("Found: "), *plain(shown)),
            fields=(Field.of("By", cmd.actor.display_name),),
            buttons=(
                Button("Vote", Action("things.vote", ("42",)), style="primary"),
                Button("Open", url="https://example.org/things?q=1"),
            ),
        )
        return Reply(
            text=f"Results for {query}", sections=(section,), private=not params.flag("public")
        )

    @router.command("things add", "Add a thing (organizers)", organizer_only=True)
    async def add(cmd: Command, params: Params, deps: object) -> Reply:
        form = Form(
            Action("things.add", ("draft",)),
            "Add a thing",
            (
                Input("title", "Title", max_length=200),
                Input("body", "Description", kind="long", required=False),
                Input("type", "Kind", kind="choice", choices=("pdf", "video")),
            ),
        )
        return Reply(text="Opening the form", form=form)

    @router.command("things slow", "Answer slowly")
    async def slow(cmd: Command, params: Params, deps: object) -> Reply:
        if gate is not None:
            await gate.release.wait()
        return Reply(text="Finally done", private=True)

    @router.command("things later", "Answer slowly, for everyone")
    async def later(cmd: Command, params: Params, deps: object) -> Reply:
        if gate is not None:
            await gate.release.wait()
        return Reply(text="hello all", private=False)

    @router.action("things.later")
    async def later_press(press: ButtonPress, deps: object) -> Reply:
        if gate is not None:
            await gate.release.wait()
        return Reply(text="Later, then", private=False, replace_original=True)

    @router.command(
        "echo", "Say it back", params=(Param("text", "What", kind="rest", required=True),)
    )
    async def echo(cmd: Command, params: Params, deps: object) -> Reply:
        text = params.text("text")
        return Reply(
            text=text, sections=(Section(title=text[:100], text=plain(text)),), private=False
        )

    @router.command("many", "Many sections", params=(Param("count", "How many", kind="int"),))
    async def many(cmd: Command, params: Params, deps: object) -> Reply:
        count = params.int("count") or 12
        sections = tuple(
            Section(
                title=f"Item {n}",
                text=plain("x" * 900),
                buttons=(Button(f"Pick {n}", Action("things.vote", (str(n),))),),
            )
            for n in range(count)
        )
        return Reply(text="Many things", sections=sections)

    @router.command("things file", "Send a calendar file")
    async def file(cmd: Command, params: Params, deps: object) -> Reply:
        ics = Attachment("webinar.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        return Reply(text="Add it to your calendar", attachments=(ics,))

    @router.action("things.vote")
    async def vote(press: ButtonPress, deps: object) -> Reply:
        return Reply(
            text=f"Voted for {press.action.arg(0)} as {press.actor.display_name}",
            private=False,
            replace_original=True,
        )

    @router.action("things.purge", organizer_only=True)
    async def purge(press: ButtonPress, deps: object) -> Reply:
        return Reply(text="Purged")

    @router.form("things.add", organizer_only=True)
    async def added(submit: FormSubmit, deps: object) -> Reply:
        if not submit.values.get("title", "").strip():
            raise FormErrors({"title": "Please give the thing a title."})
        return Reply(
            text=f"Added {submit.values['title']} ({submit.values.get('type')})", private=False
        )

    @router.on_message
    async def listen(message: Message, deps: object) -> None:
        if gate is not None:
            gate.heard.append(message)

    @router.completer("titles")
    async def titles(prefix: str, deps: object) -> list[str]:
        return [t for t in TITLES if prefix.lower() in t.lower()]

    return router
