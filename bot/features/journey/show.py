"""/journey for everyone: this quarter's theme, its latest prompt, links, how to take part."""

from __future__ import annotations

from bot.deps import Deps
from bot.features.journey import posting
from bot.features.journey.render import placeholder_values, prompt_reply, quarter_label
from bot.features.journey.schedule import QuarterId, Slot, slots
from bot.features.journey.settings import JourneySettings
from bot.i18n import _
from bot.i18n.dates import moment
from bot.limits import fit
from bot.model import Actor, Reply, Section, plain
from storage import journey as store
from storage import members


async def this_quarter(deps: Deps, quarter: QuarterId) -> list[Slot]:
    """The quarter's prompts, without those an organizer skipped."""
    settings = deps.settings
    planned = slots(
        posting.content_of(deps),
        [quarter],
        post_time=settings.section(JourneySettings).post_time,
        catch_up=settings.section(JourneySettings).catch_up_window,
        zone=settings.bot.zone,
    )
    async with deps.db.read() as session:
        skips = await store.skipped(session)
    return [s for s in planned if (str(s.quarter), s.prompt.id) not in skips]


def _taking_part(deps: Deps, upcoming: Slot | None, opted_out: bool) -> str:
    lines = [
        _(
            "Each prompt is posted in the journey channel and starts a thread: reply there "
            "with your thoughts, questions or examples from your own work."
        )
    ]
    if upcoming is not None:
        when = moment(upcoming.due, deps.settings.bot.zone)
        lines.append(_("Next prompt: {when}.").format(when=when))
    lines.append(
        _("You opted out, so your replies are not kept. Type /journey optin to change that.")
        if opted_out
        else _(
            "Replies are kept for the organizers' quarterly summary; type /journey optout "
            "if you would rather yours were not."
        )
    )
    return "\n".join(lines)


async def journey_home(deps: Deps, actor: Actor) -> Reply:
    now = deps.clock.now()
    quarter = posting.current_quarter(deps)
    planned = await this_quarter(deps, quarter)
    if not planned:
        text = _(
            "No learning prompt is set for {quarter}. "
            "Organizers add themes and prompts in the journey content file."
        ).format(quarter=quarter_label(quarter))
        return Reply(text=text)
    due = [s for s in planned if s.due <= now]
    shown = due[-1] if due else planned[0]
    upcoming = next((s for s in planned if s.due > now), None)
    values = await placeholder_values(deps, quarter, shown.content)
    post = prompt_reply(quarter, shown.content, shown.prompt, values)
    async with deps.db.read() as session:
        opted_out = await members.is_opted_out(session, actor.account)
    how = Section(title=_("How to take part"), text=plain(_taking_part(deps, upcoming, opted_out)))
    # The post's own footer repeats "reply in this thread", which is wrong outside it.
    body = tuple(Section(s.title, s.text, s.fields, s.buttons) for s in post.sections)
    lead = _("Latest prompt") if due else _("Coming up first")
    return fit(
        Reply(
            text=_("{lead}: {post}").format(lead=lead, post=post.text), sections=(*body, how)[:10]
        )
    )
