"""/language: the language the bot answers a person in, for all of their linked accounts.

``/language es`` and ``/language en`` choose; ``/language auto`` follows the platform (the
Slack profile's locale, the Discord client's); ``/language`` alone shows the current one.
"""

from __future__ import annotations

from babel import Locale

from bot.deps import Deps
from bot.errors import BadInput
from bot.features.members.languages import read_language, use_language
from bot.i18n import _, speaking
from bot.i18n.choice import AUTO
from bot.model import Actor, Command, Reply
from bot.params import Param, Params
from bot.router import Router
from storage import members as store

router = Router("language")


def own_name(code: str) -> str:
    """A language in its own words: ``español``, ``English``."""
    return Locale.parse(code).get_display_name(code) or code


def choices(deps: Deps) -> str:
    offered = [f"/language {code} ({own_name(code)})" for code in deps.settings.bot.languages]
    return ", ".join([*offered, f"/language {AUTO}"])


@router.command(
    "language",
    "Choose the language I answer you in: es, en or auto",
    params=(Param("language", "es, en, or auto to follow your app's language"),),
    examples=("/language", "/language es", "/language auto"),
)
async def language_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    wanted = params.text("language").strip().lower()
    if not wanted:
        return await show(cmd, deps)
    offered = deps.settings.bot.languages
    if wanted != AUTO and wanted not in offered:
        raise BadInput(
            _("I don't have {language}. Choose one of: {choices}.").format(
                language=wanted[:20], choices=choices(deps)
            )
        )
    chosen = None if wanted == AUTO else wanted
    async with deps.db.session() as session:
        await store.set_language(
            session, cmd.actor.account, chosen, deps.clock.now(), cmd.actor.display_name
        )
    state = await read_language(cmd.actor, deps)
    use_language(cmd.actor, state, deps)  # the answer is already in the new language
    return Reply(text=_summary(deps, chosen, changed=True))


async def show(cmd: Command, deps: Deps) -> Reply:
    return Reply(text=await language_summary(cmd.actor, deps))


async def language_summary(actor: Actor, deps: Deps) -> str:
    """The person's language and how to change it, in that language: /language alone, and
    the language line of /settings (members.api)."""
    state = await read_language(actor, deps)
    use_language(actor, state, deps)
    return _summary(deps, state.chosen, changed=False)


def _summary(deps: Deps, chosen: str | None, *, changed: bool) -> str:
    name = own_name(speaking().language)
    if chosen:
        said = (
            _("Done: I answer you in {language}.")
            if changed
            else _("I answer you in {language}, as you chose.")
        ).format(language=name)
    elif changed:
        said = _("Done: I follow your app's language, so I answer you in {language}.").format(
            language=name
        )
    else:
        said = _("I answer you in {language}, following your app's language.").format(language=name)
    return "\n".join((said, _("To change it: {choices}.").format(choices=choices(deps))))
