"""/privacy: what the bot keeps about you, and a way to delete all of it."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.model import Button, ButtonPress, Command, Field, Reply, Section, plain
from bot.params import Params
from bot.router import Router
from storage import privacy

router = Router("privacy")
FORGET = "privacy.forget"
CONFIRM = "privacy.confirm"

INSIGHTS_NOTE = (
    "Counted for organizers, never with your name: the words of searches (by week) and how "
    "many members use the bot each month."
)


async def _overview(deps: Deps, platform: str, user_id: str) -> Reply:
    async with deps.db.read() as session:
        counts = await privacy.summary(session, platform, user_id)
        zone, opted_out = await privacy.timezone_and_optout(session, platform, user_id)
    fields = [Field.of(label, str(count)) for label, count in counts.items()]
    notes = [
        f"Time zone: {zone or 'not set (the default is used)'}.",
        "Journey replies: "
        + (
            "not kept (you opted out)."
            if opted_out
            else "kept for the quarter's summary (/journey optout stops it)."
        ),
    ]
    if deps.settings.insights.enabled:
        notes.append(INSIGHTS_NOTE)
    total = sum(counts.values())
    buttons = (Button("Delete all of it", Action(FORGET), style="danger"),) if total else ()
    section = Section(
        title="What the bot keeps about you",
        text=plain(" ".join(notes)),
        fields=tuple(fields),
        buttons=buttons,
        footer="Only you see this. Organizers see suggestions' authors unless "
        "you posted anonymously.",
    )
    return Reply(
        text=f"The bot keeps {total} item{'s' if total != 1 else ''} about you.",
        sections=(section,),
    )


@router.command(
    "privacy", "See what the bot keeps about you, and delete it", examples=("/privacy",)
)
async def show(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await _overview(deps, cmd.actor.platform, cmd.actor.user_id)


@router.action(FORGET)
async def ask(press: ButtonPress, deps: Deps) -> Reply:
    confirm = Button("Yes, delete everything", Action(CONFIRM), style="danger")
    return Reply(
        text="This deletes your reminders, votes, suggestions, journey replies and settings "
        "for this account. It cannot be undone.",
        sections=(Section(text=plain("Are you sure?"), buttons=(confirm,)),),
        replace_original=True,
    )


@router.action(CONFIRM)
async def forget(press: ButtonPress, deps: Deps) -> Reply:
    actor = press.actor
    async with deps.db.session() as session:
        deleted = await privacy.forget(session, actor.platform, actor.user_id, deps.clock.now())
    total = sum(deleted.values())
    return Reply(
        text=f"Done: {total} item{'s' if total != 1 else ''} deleted. "
        "Nothing about you is kept now.",
        replace_original=True,
    )
