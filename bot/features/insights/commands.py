"""/insights for organizers, its buttons, and the monthly digest to the organizers' channels."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.actions import MAX_ID_LENGTH, Action, fit_arg
from bot.deps import Deps
from bot.errors import UserError
from bot.features.insights import charts, links, sessions
from bot.features.insights.activity import count_activity
from bot.features.insights.figures import Insights, gather
from bot.features.insights.journey_goals import with_personal_journey
from bot.features.insights.settings import InsightsSettings
from bot.features.insights.sharing import sharing_line
from bot.features.insights.tally import FLUSH_SECONDS, SearchTally
from bot.features.resources.api import ADD, main_form
from bot.features.topics.api import SUGGEST_ACTION, organizer_period, queue_periodic
from bot.model import Attachment, Button, ButtonPress, Command, Field, Reply, Section, plain
from bot.params import Params
from bot.router import Router
from bot.words import counted
from storage.models.deliveries import Delivery
from storage.resources import ResourceData

router = Router("insights")
router.use(count_activity)
KIND = "insights.digest"
ADD_FOR = "insights.add"
OFF = "Insights are turned off in this deployment ([insights] enabled = false in config)."
SHOWN_MISSING = 3


@router.command(
    "insights",
    "What members search for and miss, ask for and take part in (organizers)",
    organizer_only=True,
    examples=("/insights",),
)
async def show(command: Command, params: Params, deps: Deps) -> Reply:
    if not deps.settings.section(InsightsSettings).enabled:
        raise UserError(OFF)
    insights = await gather(deps)
    reply = await with_personal_journey(await summary(insights, deps, title="Insights"), deps)
    link = dashboard_link(deps, command.actor.account_key)
    if link is None:
        note = (
            "The full dashboard needs [http] public_url in config and "
            "COLLAB_BOT_INSIGHTS_KEY in the environment."
        )
        return _with_section(reply, Section(text=plain(note)))
    hours = deps.settings.section(InsightsSettings).link_hours
    button = Button("Open the dashboard", url=link)
    return _with_section(
        reply,
        Section(
            text=plain(f"The dashboard link is yours alone and works for {hours:g} hours."),
            buttons=(button,),
        ),
    )


def dashboard_link(deps: Deps, organizer: str) -> str | None:
    """A link for this organizer's account (its role is checked again on each load)."""
    key = deps.secrets.insights_key
    base = deps.settings.http.public_url.rstrip("/")
    if not key or not base:
        return None
    valid = timedelta(hours=deps.settings.section(InsightsSettings).link_hours)
    token = links.issue(key, organizer, deps.clock.now(), valid)
    return f"{base}/insights?token={token}"


def _with_section(reply: Reply, section: Section) -> Reply:
    return Reply(
        text=reply.text,
        sections=(*reply.sections, section),
        private=reply.private,
        attachments=reply.attachments,
    )


async def summary(insights: Insights, deps: Deps, *, title: str, private: bool = True) -> Reply:
    """The short summary every platform shows, with the chart attached as a PNG."""
    png = await asyncio.to_thread(charts.summary_png, insights)
    lines = summary_lines(insights)
    shown = charts.summary_description(insights)
    sections = (
        Section(title=f"{title}, {insights.month}", text=plain("\n".join(lines))),
        *_missing_sections(insights),
        *sessions.sections(insights.after, deps.settings.bot.zone),
        # The chart's figures in words, beside it (and as its alt text).
        Section(title="What the chart shows", text=plain(shown)),
    )
    chart = Attachment(f"insights-{insights.month}.png", png, "image/png", shown)
    return Reply(
        # The section's title as the fallback text, so a console does not print the lines twice.
        text=f"{title}, {insights.month}",
        sections=sections,
        private=private,
        attachments=(chart,),
    )


def summary_lines(insights: Insights) -> list[str]:
    lib, sug, ev = insights.library, insights.suggestions, insights.events
    top = ", ".join(s.words for s in lib.top[:3]) or (
        f"none yet; words are shown once {insights.min_members} different members "
        "searched them (setting [insights] min_members)"
    )
    statuses = ", ".join(f"{n} {status}" for status, n in sug.by_status if n) or "none yet"
    rate = sug.close_the_loop_rate
    loop = "no notices yet" if rate is None else f"{rate:.0%} of notices delivered"
    median = sug.median_days_to_decision
    decided = "no decisions yet" if median is None else f"median {median:.1f} days to decide"
    asked = sum(e.total for e in ev.upcoming)
    replies = sum(p.replies for p in insights.journey.prompts)
    this_month = insights.members.active_in(insights.month)
    return [
        f"Library: {lib.searches} searches in the last {insights.window_weeks} full weeks, "
        f"{lib.empty_searches} found nothing; most searched: {top}.",
        f"Suggestions: {statuses}; {decided}; close the loop: {loop}.",
        f"Events: {counted(asked, 'reminder')} asked for "
        f"{counted(len(ev.upcoming), 'upcoming event')}; "
        f"this month {ev.reminders_sent} delivered ({ev.reminders_late} late), "
        f"{ev.reminders_failed} failed.",
        f"Journey: {replies} replies, {insights.journey.optouts} opted out.",
        f"Members: {insights.members.met} met, {this_month} used the bot this month.",
        sharing_line(insights.sharing),
    ]


def _missing_sections(insights: Insights) -> tuple[Section, ...]:
    """Searches that found nothing, each with buttons to fill the gap."""
    sections = []
    for search in insights.library.not_found[:SHOWN_MISSING]:
        words = _arg(search.words, ADD_FOR)
        sections.append(
            Section(
                title=f"Found nothing: {search.words}"[:150],
                fields=(Field.of("Times", str(search.empty)),),
                buttons=(
                    Button("Add a resource", Action(ADD_FOR, (words,)), style="primary"),
                    Button(
                        "Suggest as a topic", Action(SUGGEST_ACTION, (_arg(words, SUGGEST_ACTION),))
                    ),
                ),
            )
        )
    return tuple(sections)


def _arg(text: str, name: str) -> str:
    return fit_arg(text, MAX_ID_LENGTH - len(name) - 1)


@router.action(ADD_FOR, organizer_only=True)
async def add_for(press: ButtonPress, deps: Deps) -> Reply:
    words = press.action.arg(0)[:200]
    data = ResourceData(url_key="", url="", title=words)
    return Reply(text="Add a resource", form=main_form(Action(ADD), "Add a resource", data))


@router.every("insights.digest", cron="*/5 * * * *")
async def queue_digest(deps: Deps) -> None:
    settings = deps.settings.section(InsightsSettings)
    due = organizer_period(deps, settings.digest_cron) if settings.enabled else None
    if due is not None:
        await queue_periodic(deps, KIND, *due)


@router.every("insights.searches", seconds=FLUSH_SECONDS)
async def write_searches(deps: Deps) -> None:
    await deps.state.get(SearchTally).flush(deps.db, deps.secrets.insights_key)


@router.on_stop
async def write_searches_on_stop(deps: Deps) -> None:
    await deps.state.get(SearchTally).flush(deps.db, deps.secrets.insights_key)


@router.renderer(KIND)
async def render_digest(delivery: Delivery, deps: Deps) -> Reply | None:
    if not deps.settings.section(InsightsSettings).enabled:
        return None
    insights = await gather(deps)
    reply = await summary(insights, deps, title="Monthly insights", private=False)
    return _with_section(
        reply, Section(text=plain("Run /insights for the full dashboard (organizers only)."))
    )
