"""A member's digest as they read it, rendered when it goes out (so it shows what is new by
then, in the zone they have then).

    header      what is in it, in one line
    library     items added since the last digest, this quarter's theme first
    sessions    the coming week's (or month's) sessions: the events feature's own cards
    decisions   on suggestions the member wrote, voted for or follows
    journey     the journey prompt posted since the last one (not for those who opted out)
    footer      how to change or stop it, with buttons

Nothing new in any of them: no digest (the renderer says None and the row is skipped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.actions import Action
from bot.deps import Deps
from bot.features.digest.jobs import MAX_MISSES
from bot.features.digest.plans import plan_of, words, zone_info, zone_name
from bot.features.digest.router import KIND, router
from bot.features.digest.schedule import MONTHLY, OFF, WEEKLY, Plan, coming, previous_due
from bot.features.digest.settings import DigestSettings
from bot.features.events import api as events_api
from bot.features.journey import api as journey_api
from bot.features.resources import api as resources_api
from bot.features.topics import api as topics_api
from bot.i18n import _, ngettext
from bot.limits import SECTIONS, TOTAL_CHARS, cut, cut_text, fit, section_chars
from bot.model import Account, Actor, Button, Reply, Section, Span, Text, link, plain, strong
from storage import members
from storage.models.deliveries import Delivery
from storage.models.members import Member

SET = "digest.set"
THEME_MATCHES = 25
# Characters each part may take, so that the whole digest is one message on every platform
# (Discord: 6000 characters over all embeds); sessions are dropped from the end past that.
LIBRARY_CHARS = 1200
DECISION_CHARS = 1000


@dataclass(frozen=True)
class Contents:
    library: list[resources_api.ResourceHit]
    themed: set[int]
    theme: str
    sessions: list[Section]
    decisions: list[topics_api.TopicDecision]
    prompt: journey_api.QuarterTheme | None

    @property
    def empty(self) -> bool:
        return not (self.library or self.sessions or self.decisions or self.prompt)


async def gather(deps: Deps, row: Member, plan: Plan, since: datetime, until: datetime) -> Contents:
    settings = deps.settings.section(DigestSettings)
    actor = Actor(row.platform, row.user_id, row.display_name)
    library = await resources_api.added_between(deps, since, until, limit=settings.items * 4)
    theme = await journey_api.current_theme(deps)
    themed: set[int] = set()
    if theme is not None and library:
        matches = await resources_api.find_similar(deps, theme.theme, THEME_MATCHES)
        themed = {hit.id for hit in matches} & {hit.id for hit in library}
    # The quarter's theme first, then the newest (a stable sort keeps newest-first within).
    library = sorted(library, key=lambda hit: hit.id not in themed)[: settings.items]
    sessions = await events_api.week_cards(deps, actor, coming(plan), settings.sessions)
    decisions = await topics_api.decisions_for(deps, actor.key, since, until, settings.items)
    prompt = None
    if not row.journey_optout:
        # The prompt posted since the last digest: each one is in one digest only.
        prompt = await journey_api.prompt_between(deps, since, until)
    return Contents(library, themed, theme.theme if theme else "", sessions, decisions, prompt)


def _library(contents: Contents) -> Section:
    spans: list[Span] = []
    for hit in contents.library:
        spans.append(link(cut(hit.title, 150), hit.url) if hit.url else Span(cut(hit.title, 150)))
        if hit.id in contents.themed:
            themed = _(" (this quarter's theme: {theme})").format(theme=cut(contents.theme, 60))
            spans.append(Span(themed))
        spans.append(Span("\n"))
    return Section(title=_("New in the library"), text=cut_text(tuple(spans[:-1]), LIBRARY_CHARS))


def _decisions(contents: Contents) -> Section:
    spans: list[Span] = []
    for d in contents.decisions:
        spans += [strong(f"#{d.id} {cut(d.title, 120)}"), Span(f": {d.status}")]
        if d.reason:
            spans.append(Span(f" ({cut(d.reason, 200)})"))
        spans.append(Span("\n"))
    return Section(
        title=_("Decisions on topics you follow"), text=cut_text(tuple(spans[:-1]), DECISION_CHARS)
    )


def _journey(prompt: journey_api.QuarterTheme) -> Section:
    text: Text = plain(cut(prompt.prompt, 700))
    return Section(
        title=cut(_("Journey prompt: {theme}").format(theme=prompt.theme), 150),
        text=text,
        footer=_(
            "Reply in the journey channel's thread to take part. /journey optout stops these."
        ),
    )


def footer(plan: Plan, zone: str) -> Section:
    """How to change or stop the digest: every digest ends with it."""
    other = MONTHLY if plan.frequency == WEEKLY else WEEKLY
    text = _(
        "You get this digest {plan} ({zone}). Change it with /digest {other}, "
        "/digest weekly on Friday at 8:00, or stop it with /digest off. "
        "/settings shows all your choices."
    ).format(plan=words(plan), zone=zone, other=other)
    instead = _("Monthly instead") if other == MONTHLY else _("Weekly instead")
    buttons = (
        Button(instead, Action(SET, (other,))),
        Button(_("Stop my digest"), Action(SET, (OFF,)), style="danger"),
    )
    return Section(text=plain(text), buttons=buttons)


def _summary(contents: Contents, sessions: int, plan: Plan) -> str:
    items, decisions = len(contents.library), len(contents.decisions)
    if plan.frequency == WEEKLY:
        held = ngettext("{n} session this week", "{n} sessions this week", sessions)
    else:
        held = ngettext("{n} session this month", "{n} sessions this month", sessions)
    counts = [
        ngettext("{n} new library item", "{n} new library items", items).format(n=items)
        if items
        else "",
        held.format(n=sessions) if sessions else "",
        ngettext("{n} decision", "{n} decisions", decisions).format(n=decisions)
        if decisions
        else "",
        _("the journey prompt") if contents.prompt else "",
    ]
    return ", ".join(c for c in counts if c)


def digest_reply(contents: Contents, plan: Plan, zone: str) -> Reply:
    """The digest as one message: the parts that have something, then the footer; sessions
    are dropped from the end while the whole would pass one message's sections or
    characters."""
    body: list[Section] = [_library(contents)] if contents.library else []
    # The events feature's cards as each platform can show them (titles cut to fit).
    sessions = list(fit(Reply(text=".", sections=tuple(contents.sessions))).sections)
    after = [_decisions(contents)] if contents.decisions else []
    after += [_journey(contents.prompt)] if contents.prompt else []
    after.append(footer(plan, zone))
    title = _("Your weekly digest") if plan.frequency == WEEKLY else _("Your monthly digest")
    while True:
        summary = _summary(contents, len(sessions), plan)
        head = Section(title=title, text=plain(f"{summary[:1].upper()}{summary[1:]}."))
        sections = [head, *body, *sessions, *after]
        fits = len(sections) <= SECTIONS and sum(map(section_chars, sections)) <= TOTAL_CHARS
        if fits or not sessions:
            break
        sessions.pop()
    stop = _("Stop or change it with /digest.")
    return Reply(text=f"{title}: {summary}. {stop}", sections=tuple(sections))


def _same(about: dict[str, object], plan: Plan, zone: str) -> bool:
    wanted = {"frequency": plan.frequency, "day": plan.day, "at": plan.at, "zone": zone}
    return all(about.get(k) == v for k, v in wanted.items())


@router.renderer(KIND)
async def render_digest(delivery: Delivery, deps: Deps) -> Reply | None:
    about = json.loads(delivery.payload)
    person = Account.of(str(about["person"]))
    async with deps.db.read() as session:
        row = await members.row(session, person)
    plan = plan_of(row, deps.settings.section(DigestSettings))
    if row is None or plan is None:
        return None  # stopped (or forgotten) since it was queued
    if Account(row.platform, row.user_id) != person:
        return None  # queued before this account was linked: the person's own one goes
    if row.digest_misses >= MAX_MISSES:
        return None  # the last ones could not reach them: paused until they choose again
    zone = await zone_name(deps, Actor(row.platform, row.user_id, row.display_name))
    if not _same(about, plan, zone):
        return None  # chosen again, or moved zones: the job queues the right one
    # What is new since the last digest sent, at most two periods back: one missed while the
    # bot was down is caught up, a digest turned on again after months is not a backlog.
    previous = previous_due(plan, zone_info(zone, deps), delivery.due_at)
    oldest = previous_due(plan, zone_info(zone, deps), previous)
    since = max(row.digest_last_sent or previous, oldest)
    contents = await gather(deps, row, plan, since, delivery.due_at)
    if contents.empty:
        return None
    return digest_reply(contents, plan, zone)
