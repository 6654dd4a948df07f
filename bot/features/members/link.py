"""/link and /unlink: one member across Slack and Discord.

`/link` gives a code (8 letters and digits, single use, 10 minutes, stored as its SHA-256);
`/link CODE` on the other platform links the two accounts. From then on they are one
member (members/people.py resolves every actor): one vote per suggestion, one time zone, one
set of reminders sent where the member chooses, and /privacy shows and deletes both.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import platforms
from bot.actions import Action
from bot.delivery.queue import send_message
from bot.deps import Deps
from bot.errors import BadInput
from bot.features.events import api as plan
from bot.features.members.language_command import router as language_router
from bot.features.members.middleware import resolve_person
from bot.features.members.tries import LinkTries
from bot.i18n import N_, _, speak
from bot.i18n.reader import speaking_in
from bot.model import (
    Account,
    Actor,
    Button,
    ButtonPress,
    Command,
    DirectMessage,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params
from bot.router import Router
from storage import events as events_store
from storage import journey as journey_store
from storage import members, refs
from storage import people as store
from storage.deliveries import cancel_pending
from storage.models.people import LinkCode, MemberLink

router = Router("link")
router.use(resolve_person)
router.include(language_router)
CODE_LIFETIME = timedelta(minutes=10)
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read and type
CODE_LENGTH = 8
GET_ONE = N_("Run /link on your other account to get a new code.")


def platform_name(platform: str) -> str:
    return platforms.info(platform).display_name


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _n in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalized(text: str) -> str | None:
    """The code as stored (upper case, no dash or spaces), or None if it cannot be one."""
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def digest(code: str) -> str:
    return hashlib.sha256(f"collab-bot link {code}".encode()).hexdigest()


@router.command(
    "link",
    "Link your Slack and Discord accounts, or see and manage linked accounts",
    params=(Param("code", "The code /link gave you on your other account", "rest"),),
    examples=("/link", "/link ABCD-EFGH"),
)
async def link_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    code = params.text("code").strip()
    if code:
        return await enter_code(deps, cmd.actor, code)
    return await give_code(deps, cmd.actor)


@router.command(
    "unlink",
    "Unlink this account from your account on the other platform",
    examples=("/unlink",),
)
async def unlink_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await unlink(deps, cmd.actor)


@router.action("link.remove")
async def unlink_pressed(press: ButtonPress, deps: Deps) -> Reply:
    reply = await unlink(deps, press.actor)
    return Reply(text=reply.text, replace_original=True)


@router.action("link.dms")
async def dms_pressed(press: ButtonPress, deps: Deps) -> Reply:
    platform = press.action.arg(0)
    actor = press.actor
    async with deps.db.session() as session:
        if actor.person_key is None or not await store.send_dms_to(session, actor.key, platform):
            raise BadInput(_("This account is not linked to one there. /link shows your accounts."))
        await replan_reminders(session, deps, actor.key, [])
        rows = await store.links(session, actor.key)
    text = _("Done: your direct messages now go to {platform}.").format(
        platform=platform_name(platform)
    )
    return Reply(text=text, sections=(linked_section(rows),), replace_original=True)


async def give_code(deps: Deps, actor: Actor) -> Reply:
    """A new code, unless this account is linked on every platform already; and the links."""
    async with deps.db.read() as session:
        rows = await store.links(session, actor.key) if actor.person_key else []
    linked = {r.platform for r in rows} | {actor.platform}
    others = [p for p in deps.platforms if p not in linked and p != "console"]
    if rows and not others:
        return Reply(text=_("Your accounts are linked."), sections=(linked_section(rows),))
    code = new_code()
    now = deps.clock.now()
    async with deps.db.session() as session:
        hashed = digest(normalized(code) or "")
        await store.add_code(session, actor.account, hashed, now, now + CODE_LIFETIME)
    where = _(" or ").join(platform_name(p) for p in others) or _("your other platform")
    text = _(
        "Your link code is {code}. Within 10 minutes, type /link {code} on {where}, "
        "signed in as yourself. It works once."
    ).format(code=code, where=where)
    sections = [Section(title=_("Link your accounts"), text=plain(text))]
    if rows:
        sections.append(linked_section(rows))
    return Reply(text=text, sections=tuple(sections))


def linked_section(rows: Sequence[MemberLink]) -> Section:
    """The linked accounts, with where DMs go and buttons to change that or unlink."""
    gets = _("{account} gets your direct messages")
    lines = [
        gets.format(account=f"{platform_name(r.platform)} ({r.user_id})")
        if r.receives_dms
        else f"{platform_name(r.platform)} ({r.user_id})"
        for r in rows
    ]
    send = _("Send DMs to {platform}")
    buttons = [
        Button(send.format(platform=platform_name(r.platform)), Action("link.dms", (r.platform,)))
        for r in rows
        if not r.receives_dms
    ]
    buttons.append(Button(_("Unlink this account"), Action("link.remove"), style="danger"))
    return Section(
        title=_("Linked accounts"),
        text=plain("; ".join(lines) + "."),
        buttons=tuple(buttons),
        footer=_("Votes, time zone, reminders and /privacy cover all of them."),
    )


async def enter_code(deps: Deps, actor: Actor, typed: str) -> Reply:
    now = deps.clock.now()
    deps.state.get(LinkTries).check(actor.account_key, now)
    code = normalized(typed)
    if code is None:
        raise BadInput(_("That is not a link code: codes look like ABCD-EFGH.") + " " + _(GET_ONE))
    me = actor.account
    async with deps.db.read() as session:
        found = await store.code(session, digest(code))
    if found is None:
        deps.state.get(LinkTries).wrong(actor.account_key, now)
    async with deps.db.session() as session:
        row = await store.code(session, digest(code))
        issuer = await _checked(session, row, me, now)
        if await store.use_code(session, digest(code), now) is None:
            raise BadInput(_("That code was already used.") + " " + _(GET_ONE))
        person = await store.link(session, issuer, me, now)
        opted_out = await _keep_no_replies(session, me)
        await replan_reminders(session, deps, person, [issuer, me])
        await tell_issuer(session, deps, issuer, actor)
    theirs, mine = platform_name(issuer.platform), platform_name(me.platform)
    text = _(
        "Linked: your {theirs} and {mine} accounts are now one member. Your votes count "
        "once, your time zone and reminders are shared, and /privacy covers both. "
        "/link chooses where direct messages go; /unlink undoes this."
    ).format(theirs=theirs, mine=mine)
    if opted_out:
        text += " " + _(
            "One account had opted out of keeping journey replies, so now neither keeps "
            "them (/journey optin on either undoes it)."
        )
    return Reply(text=text)


async def tell_issuer(session: AsyncSession, deps: Deps, issuer: Account, actor: Actor) -> None:
    """A DM to the account that asked for the code: if someone else typed it, they know."""
    name = actor.display_name or actor.user_id
    with speak(await speaking_in(session, issuer, deps.settings.bot)):  # the reader's language
        text = _(
            "Your {platform} account is now linked to {other} user {name} ({user_id}); "
            "not you? /unlink"
        ).format(
            platform=platform_name(issuer.platform),
            other=platform_name(actor.platform),
            name=name,
            user_id=actor.user_id,
        )
    await send_message(
        session,
        key=refs.link_used(issuer, deps.clock.now().isoformat()),
        target=DirectMessage(issuer.platform, issuer.user_id),
        reply=Reply(text=text),
        now=deps.clock.now(),
    )


async def _checked(
    session: AsyncSession, row: LinkCode | None, me: Account, now: datetime
) -> Account:
    """The code's account, if `me` may be linked to it; else a short message saying why."""
    if row is None:
        raise BadInput(
            _(
                "That code is not right. Check it, or run /link on your other account to get "
                "a new code."
            )
        )
    if row.used_at is not None:
        raise BadInput(_("That code was already used.") + " " + _(GET_ONE))
    if row.expires_at <= now:
        raise BadInput(_("That code has expired (codes last 10 minutes).") + " " + _(GET_ONE))
    issuer = store.account_of(row)
    if issuer == me:
        raise BadInput(
            _("That code is from this account. Type it on your other platform's account.")
        )
    if issuer.platform == me.platform:
        raise BadInput(
            _(
                "Both accounts are on {platform}: you can link accounts on different "
                "platforms only."
            ).format(platform=platform_name(me.platform))
        )
    mine, theirs = await store.person_key(session, *me), await store.person_key(session, *issuer)
    if mine is not None and mine == theirs:
        raise BadInput(_("These accounts are already linked."))
    if mine is not None:
        raise BadInput(_("This account is already linked to another one. /unlink it first."))
    if theirs is not None and any(
        r.platform == me.platform for r in await store.links(session, theirs)
    ):
        raise BadInput(
            _(
                "That code's account is already linked to another {platform} account. "
                "Unlink that one first."
            ).format(platform=platform_name(me.platform))
        )
    return issuer


async def _keep_no_replies(session: AsyncSession, me: Account) -> bool:
    """One journey choice (linking kept the more private one, storage/members.py): if it
    is "opted out", what was kept from any of the person's accounts is deleted. True then."""
    if not await members.is_opted_out(session, me):
        return False
    accounts = await store.accounts(session, *me)
    await journey_store.forget_replies_of(session, [a.key for a in accounts])
    return True


async def replan_reminders(
    session: AsyncSession, deps: Deps, person: str, accounts: list[Account]
) -> None:
    """Queue the person's reminders afresh (to where their DMs go now), dropping what was
    queued for any of `accounts` or the person's first account."""
    owner = Account.of(person)
    for sub, event in await events_store.subscriptions_of(session, *owner):
        assert event.id is not None
        for account in {owner, *accounts}:
            await cancel_pending(session, ref=refs.event_member(event.id, account))
        sub.generation += 1
        session.add(sub)
        await session.flush()
        await plan.plan_member(session, event, sub, deps)


async def unlink(deps: Deps, actor: Actor) -> Reply:
    async with deps.db.session() as session:
        before = await store.unlink(session, actor.account, deps.clock.now())
        if not before:
            return Reply(text=_("This account is not linked to another one. /link links it."))
        for account in before:
            # Accounts no longer in the person: what they did stays, naming the first one.
            others = account.key != actor.key
            if others and await store.person_key(session, *account) != actor.key:
                await store.hand_over(session, account, actor.key)
        await replan_reminders(session, deps, actor.key, before)
    kept = platform_name(actor.member.platform)
    return Reply(
        text=_(
            "Unlinked: your accounts are separate again. Votes, suggestions and reminders "
            "made while linked stay with your {platform} account."
        ).format(platform=kept)
    )
