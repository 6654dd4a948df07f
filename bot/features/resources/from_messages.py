"""Message commands: Propose for the library and Suggest as a topic, on any chat message.

Propose takes the message's first link (and the title the platform's preview showed for it)
and opens the proposal form, prefilled; Suggest opens the topic suggestion form with the
message's text (through the topics feature's api).
"""

from __future__ import annotations

from bot import params
from bot.deps import Deps
from bot.errors import BadInput
from bot.features.resources import proposals
from bot.features.resources.credit import credits
from bot.features.resources.links import SHARE_HINT, checked_link, first_link, in_library, unwrap
from bot.features.resources.records import clean, normalize_url
from bot.features.resources.settings import ResourcesSettings
from bot.features.topics import api as topics
from bot.i18n import N_, _
from bot.message_commands import TEXT, previews_of
from bot.model import FormSubmit, Reply
from bot.router import Router

router = Router("resources.from_messages")
# The names the platforms show in a message's menu (registered once, in English).
PROPOSE = N_("Propose for the library")
SUGGEST = N_("Suggest as a topic")


@router.message_command(
    PROPOSE, "Propose this message's link for the resource library", form="resources.from_message"
)
async def propose_message(submit: FormSubmit, deps: Deps) -> Reply:
    text = unwrap(submit.values.get(TEXT, ""))
    found = first_link(text)
    if found is None:
        raise BadInput(
            _("That message has no link to propose. Paste the link into {hint}").format(
                hint=_(SHARE_HINT)
            )
        )
    link = checked_link(found)
    key = normalize_url(link)
    title = next(
        (clean(t) for url, t in previews_of(submit.values) if normalize_url(url) == key and t), ""
    )
    async with deps.db.read() as session:
        row = await in_library(
            session, link, title, deps.settings.section(ResourcesSettings).thesaurus()
        )
    if row is not None:
        assert row.id is not None
        named = await credits(deps, [row.id])
        return proposals.already_here(row, named.get(row.id, ""), submit.actor.is_organizer)
    why = " ".join(text.replace(found, " ").split())[: proposals.MAX_WHY]
    return proposals.form_reply(link, why, title, source=submit.place.platform)


@router.message_command(SUGGEST, "Suggest this message as a topic", form="topics.from_message")
async def suggest_message(submit: FormSubmit, deps: Deps) -> Reply:
    text = params.clean(unwrap(submit.values.get(TEXT, ""))).strip()  # keeps its lines
    if not text:
        raise BadInput(_("That message has no text to suggest. Try /suggest with your own words."))
    return topics.suggestion_form(text)
