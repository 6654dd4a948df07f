"""/help: the commands the caller may use, with one-line descriptions and examples."""

from __future__ import annotations

from bot.deps import Deps
from bot.errors import NotFound
from bot.model import Command, Field, Reply, Section, plain
from bot.params import Param, Params
from bot.router import CommandSpec, Router

router = Router("help")


def visible(specs: list[CommandSpec], organizer: bool) -> list[CommandSpec]:
    return [s for s in specs if organizer or not s.organizer_only]


def _detail(spec: CommandSpec) -> Reply:
    fields = [Field.of(p.name, p.description) for p in spec.params]
    examples = "\n".join(spec.examples)
    section = Section(
        title=spec.usage(),
        text=plain(spec.description),
        fields=tuple(fields[:10]),
        footer=f"Examples:\n{examples}" if examples else None,
    )
    return Reply(text=f"{spec.usage()}: {spec.description}", sections=(section,))


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
            raise NotFound(f"There is no /{wanted} command. Type /help to see them all.")
        if len(matches) == 1:
            return _detail(matches[0])
        specs = matches
    lines = [f"{s.usage()} - {s.description}" for s in specs]
    roots: dict[str, list[CommandSpec]] = {}
    for spec in specs:
        roots.setdefault(spec.root, []).append(spec)
    sections = tuple(_group(root, group) for root, group in roots.items())
    intro = f"Here is what {deps.settings.bot.name} can do for you (type /help <command> for more):"
    return Reply(text=intro + "\n" + "\n".join(lines), sections=sections)


def _group(root: str, specs: list[CommandSpec]) -> Section:
    body = "\n".join(
        f"{s.usage()}: {s.description}" + (" (organizers)" if s.organizer_only else "")
        for s in specs
    )
    examples = [e for s in specs for e in s.examples[:1]]
    return Section(
        title=f"/{root}",
        text=plain(body),
        footer=("e.g. " + ", ".join(examples[:3])) if examples else None,
    )
