"""/help: the commands the caller may use, with one-line descriptions and examples."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import NotFound
from bot.i18n import N_, _
from bot.model import Button, ButtonPress, Command, Field, Reply, Section, plain
from bot.params import Param, Params
from bot.router import CommandSpec, Router

router = Router("help")
ROOTS_PER_PAGE = 8
# Page 1 holds what a member needs on their first day, in this order; the rest follow A-Z.
FIRST_DAY = ("resources", "events", "suggest", "topics", "timezone", "reminders", "journey", "help")
ORGANIZERS_MARK = N_("(organizers)")


def visible(specs: list[CommandSpec], organizer: bool) -> list[CommandSpec]:
    return [s for s in specs if organizer or not s.organizer_only]


def described(spec: CommandSpec) -> str:
    """The description in the reader's language, marked once for organizers (some specs
    already say it themselves)."""
    marked = spec.organizer_only and "(organizers)" not in spec.description.lower()
    return _(spec.description) + (f" {_(ORGANIZERS_MARK)}" if marked else "")


def _detail(spec: CommandSpec) -> Reply:
    fields = [Field.of(p.name, _(p.description)) for p in spec.params]
    examples = "\n".join(spec.examples)
    section = Section(
        title=spec.usage(),
        text=plain(_(spec.description)),
        fields=tuple(fields[:10]),
        footer=_("Examples:") + f"\n{examples}" if examples else None,
    )
    return Reply(text=f"{spec.usage()}: {_(spec.description)}", sections=(section,))


@router.command(
    "help",
    "List the commands you can use, or explain one",
    params=(Param("command", "A command to explain, e.g. resources"),),
    examples=("/help", "/help resources"),
)
async def help_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    specs = visible(deps.router.specs(), cmd.actor.is_organizer)
    wanted = params.text("command").lstrip("/").lower()
    if wanted:
        matches = [s for s in specs if s.name == wanted or s.root == wanted]
        if not matches:
            raise NotFound(
                _("There is no /{name} command. Type /help to see them all.").format(
                    name=wanted[:40]
                )
            )
        if len(matches) == 1:
            return _detail(matches[0])
        specs = matches
    return _overview(specs, deps, page=0)


@router.action("help.page")
async def help_page(press: ButtonPress, deps: Deps) -> Reply:
    specs = visible(deps.router.specs(), press.actor.is_organizer)
    return _overview(specs, deps, page=press.action.number(0, 0))


def _overview(specs: list[CommandSpec], deps: Deps, *, page: int) -> Reply:
    roots: dict[str, list[CommandSpec]] = {}
    for spec in specs:
        roots.setdefault(spec.root, []).append(spec)
    names = sorted(roots, key=_first_day)
    pages = max(1, -(-len(names) // ROOTS_PER_PAGE))
    page = min(page, pages - 1)
    shown = names[page * ROOTS_PER_PAGE : (page + 1) * ROOTS_PER_PAGE]
    sections = [_group(root, roots[root]) for root in shown]
    nav = []
    if page > 0:
        nav.append(Button(_("Previous"), Action("help.page", (str(page - 1),))))
    if page + 1 < pages:
        nav.append(Button(_("More commands"), Action("help.page", (str(page + 1),))))
    if nav:
        shown_page = _("Page {page} of {pages}").format(page=page + 1, pages=pages)
        sections.append(Section(text=plain(shown_page), buttons=tuple(nav)))
    menus = deps.router.message_commands.values()
    if page == 0 and menus:
        lines = "\n".join(f"{m.name}: {_(m.description)}" for m in menus)
        where = _("On any message (Slack: its ⋮ menu, More message shortcuts; Discord: Apps):")
        sections.append(Section(text=plain(f"{where}\n{lines}")))
    intro = _("Here is what {bot} can do for you (type /help <command> for more):").format(
        bot=deps.settings.bot.name
    )
    listing = ", ".join(f"/{name}" for name in names)
    return Reply(text=f"{intro}\n{listing}", sections=tuple(sections))


def _first_day(root: str) -> tuple[int, str]:
    return (FIRST_DAY.index(root) if root in FIRST_DAY else len(FIRST_DAY), root)


def _group(root: str, specs: list[CommandSpec]) -> Section:
    body = "\n".join(f"{s.usage()}: {described(s)}" for s in specs)
    examples = [e for s in specs for e in s.examples[:1]]
    return Section(
        title=f"/{root}",
        text=plain(body),
        footer=_("e.g. {examples}").format(examples=", ".join(examples[:3])) if examples else None,
    )
