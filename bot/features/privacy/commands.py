"""/privacy: what the bot keeps about you, and a way to delete all of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.features.digest import api as digest
from bot.features.insights import api as insights
from bot.features.insights.api import InsightsSettings
from bot.features.topics import api as topics
from bot.i18n import N_, _, ngettext
from bot.limits import FIELDS, cut
from bot.model import Account, Actor, Button, ButtonPress, Command, Field, Reply, Section, plain
from bot.params import Params
from bot.router import Router
from storage import people, privacy

router = Router("privacy")
FORGET = "privacy.forget"
CONFIRM = "privacy.confirm"

INSIGHTS_NOTE = N_(
    "Counted for organizers, never with your name: the words of your searches (by week, "
    "under a code only the bot's key can work out; deleting removes them) and how many "
    "members use the bot each month."
)
# The labels storage/privacy.py and insights count under, for the catalog: shown with _(),
# and a label added there later shows in English until it is added here.
LABELS = (
    N_("your time zone and settings"),
    N_("reminders you asked for"),
    N_("messages queued for or sent to you"),
    N_("topics you suggested"),
    N_("unposted suggestion drafts"),
    N_("votes"),
    N_("topics you follow or unfollowed"),
    N_("votes and follows a merge just moved (kept for its Undo)"),
    N_("journey replies"),
    N_("resources you proposed (the credit on added ones goes, the resources stay)"),
    N_("resources you saved"),
    N_("your answers to Was this useful?"),
    N_("linked accounts"),
    N_("link codes"),
    N_("the month you last used the bot (for monthly counts)"),
    N_("Searches counted for insights"),
)


async def _keys(session: AsyncSession, linked: list[Account]) -> set[str]:
    """Every key a person's searches may be kept under: each account's, and the person's."""
    keys = {a.key for a in linked}
    person = await people.person_key(session, *linked[0])
    return keys | {person} if person else keys


async def _overview(deps: Deps, platform: str, user_id: str) -> Reply:
    counts: Counter[str] = Counter()
    async with deps.db.read() as session:
        linked = await people.accounts(session, platform, user_id)
        for account in linked:
            counts.update(await privacy.summary(session, *account))
        keys = await _keys(session, linked)
        searches = await insights.searches_of(session, deps.secrets.insights_key, keys)
        if searches:
            counts[insights.LABEL] += searches
        zone, opted_out = await privacy.timezone_and_optout(session, platform, user_id)
    fields = [Field.of(_(label), str(count)) for label, count in counts.items()]
    notes = []
    if len(linked) > 1:
        names = ", ".join(f"{a.platform} {a.user_id}" for a in linked)
        notes.append(_("This covers your linked accounts ({names}).").format(names=names))
    notes += [
        _("Time zone: {zone}.").format(zone=zone or _("not set (the default is used)")),
        _("Journey replies: not kept (you opted out).")
        if opted_out
        else _("Journey replies: kept for the quarter's summary (/journey optout stops it)."),
    ]
    digest_choice = await digest.choice(deps, Actor(platform, user_id, ""))
    notes.append(_("Digest: {choice} (/digest off stops it).").format(choice=digest_choice.text))
    if deps.settings.section(InsightsSettings).enabled:
        notes.append(_(INSIGHTS_NOTE))
    total = sum(counts.values())
    delete = _("Delete all of it")
    buttons = (Button(delete, Action(FORGET), style="danger"),) if total else ()
    first = Section(
        title=_("What the bot keeps about you"), text=plain(" ".join(notes)), fields=tuple(fields)
    )
    # Slack shows at most FIELDS fields per section: the rest go in the next one.
    sections = [
        replace(first, fields=tuple(fields[n : n + FIELDS])) for n in range(0, len(fields), FIELDS)
    ]
    sections = sections or [first]
    sections[1:] = [replace(s, title=None, text=()) for s in sections[1:]]
    sections[-1] = replace(
        sections[-1],
        buttons=buttons,
        footer=_(
            "Only you see this. Organizers see suggestions' authors unless you posted anonymously."
        ),
    )
    return Reply(
        text=ngettext(
            "The bot keeps {n} item about you.", "The bot keeps {n} items about you.", total
        ).format(n=total),
        sections=tuple(sections),
    )


@router.command(
    "privacy", "See what the bot keeps about you, and delete it", examples=("/privacy",)
)
async def show(cmd: Command, params: Params, deps: Deps) -> Reply:
    await insights.write_pending(deps)
    return await _overview(deps, cmd.actor.platform, cmd.actor.user_id)


# What "Delete all of it" does, shown before anything is deleted (storage/privacy.py).
POLICY = (
    N_(
        "Deleted: your time zone and settings (your digest choice too), reminders, votes, "
        "follows, drafts, journey replies, every message queued for or sent to you, and your "
        "name and words in messages queued for others."
    ),
    N_(
        "Your answers to How was it?: your ideas for what to cover next are deleted; each "
        "rating stays only as an anonymous count."
    ),
    N_(
        "Kept, without your name: a suggestion of yours that others voted for or follow (its "
        "title stays, its details go), so their votes and the organizers' decisions still "
        "count. Your other suggestions are deleted. Decisions, events and resources you made "
        "as an organizer stay, no longer naming you."
    ),
    N_(
        "If you opted out of the journey, a bare 'do not record me' marker stays so that you "
        "are never recorded again."
    ),
)


def shown_forms(text: str) -> set[str]:
    """The forms a member's words take inside queued messages: whole, and cut to fit."""
    return {text, *(cut(text, n) for n in (topics.CARD_DETAILS, topics.COMPACT_DETAILS))}


@router.action(FORGET)
async def ask(press: ButtonPress, deps: Deps) -> Reply:
    confirm = Button(_("Yes, delete everything"), Action(CONFIRM), style="danger")
    policy = [_(p) for p in POLICY]
    warning = _(
        "This deletes what identifies you on this account and any account linked to it. "
        "It cannot be undone."
    )
    return Reply(
        text=warning + "\n" + "\n".join(policy),
        sections=(
            Section(
                title=_("What deleting does"),
                text=plain("\n\n".join(policy)),
                buttons=(confirm,),
                footer=_("Are you sure? It cannot be undone."),
            ),
        ),
        replace_original=True,
    )


@router.action(CONFIRM)
async def forget(press: ButtonPress, deps: Deps) -> Reply:
    actor = press.actor
    total = 0
    await insights.write_pending(deps)
    async with deps.db.session() as session:
        # Every linked account, the link itself included: /privacy on either deletes both.
        kept = 0
        linked = await people.accounts(session, actor.platform, actor.user_id)
        keys = await _keys(session, linked)
        total += await insights.forget_searches(session, deps.secrets.insights_key, keys)
        theirs = await topics.authored(session, [a.key for a in linked])
        for account in linked:
            deleted = await privacy.forget_member(
                session, account.key, deps.clock.now(), shown_forms
            )
            kept += deleted.pop(privacy.KEPT_LABEL, 0)
            total += sum(deleted.values())
        # Their public suggestion posts now show only what is kept, on every platform.
        await topics.redraw_forgotten(session, deps, theirs)
    text = ngettext("Done: {n} item deleted.", "Done: {n} items deleted.", total).format(n=total)
    text += " " + _("Nothing that identifies you is kept now.")
    if kept:
        text += " " + ngettext(
            "{n} suggestion others voted for or follow stays, without your name or details.",
            "{n} suggestions others voted for or follow stay, without your name or details.",
            kept,
        ).format(n=kept)
    return Reply(text=text, replace_original=True)
