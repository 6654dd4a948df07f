"""The application command tree, generated from the router's command specs.

A root with sub-commands becomes a Group (``/resources add``); the bare root command is
exposed inside the group under its spec's ``group_default`` (``/resources search``),
because Discord cannot run a group itself. Every invocation becomes one neutral Command
named ``"root sub"`` with its typed options as text, so features never see Discord.

Organizer-only specs go under a root of their own (``/events-admin add``) with a
``default_member_permissions`` and guild-only contexts, so Discord hides them from members;
member roots are usable in servers and in DMs with the bot.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Coroutine, Sequence
from itertools import groupby
from typing import Any, Optional

import discord
from discord import app_commands

from adapters.discord import limits as dl
from adapters.discord.components import bridge_of
from bot.message_commands import MessageCommandSpec
from bot.params import Param
from bot.router import CommandSpec, Router

CHOICES = dl.COMMAND_CHOICES
_INVALID = re.compile(r"[^-_\w]+")
_KINDS: dict[str, Any] = {
    "text": str,
    "rest": str,
    "choice": str,
    "bool": bool,
    # bot.params accepts at most nine digits, so Discord should not offer more
    "int": app_commands.Range[int, -999_999_999, 999_999_999],
}
AutocompleteFn = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


def command_name(name: str) -> str:
    """A name Discord accepts: 1-32 lowercase letters, digits, - and _."""
    cleaned = _INVALID.sub("-", name.strip().lower()).strip("-")[: dl.COMMAND_NAME_LENGTH]
    return cleaned or "run"


def describe(text: str) -> str:
    text = " ".join(text.split())
    limit = dl.COMMAND_DESCRIPTION
    return (text if len(text) <= limit else text[: limit - 1] + "…") or "…"


def named_str(name: str) -> app_commands.locale_str:
    """A name as Discord takes it, carrying its words for the translator (translator.py)."""
    return app_commands.locale_str(command_name(name), words=name)


def described(text: str) -> app_commands.locale_str:
    """A description as Discord takes it, carrying the catalog's msgid for the translator."""
    return app_commands.locale_str(describe(text), msgid=text)


def as_option_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _completer(param: Param) -> AutocompleteFn | None:
    """Router completers by name, or a filter over choices too many for a fixed list."""
    if param.autocomplete:
        name = param.autocomplete

        async def complete(
            interaction: discord.Interaction[Any], current: str
        ) -> list[app_commands.Choice[str]]:
            return await bridge_of(interaction.client).complete(name, current)

        return complete
    if param.kind == "choice" and len(param.choices) > CHOICES:
        choices = param.choices

        async def filter_choices(
            interaction: discord.Interaction[Any], current: str
        ) -> list[app_commands.Choice[str]]:
            wanted = current.lower()
            hits = [c for c in choices if wanted in c.lower()][:CHOICES]
            return [app_commands.Choice(name=describe(c), value=c[: dl.CHOICE_TEXT]) for c in hits]

        return filter_choices
    return None


def _signature(params: Sequence[tuple[str, Param]]) -> inspect.Signature:
    out = [
        inspect.Parameter(
            "interaction",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=discord.Interaction,
        )
    ]
    for py_name, param in params:
        annotation = _KINDS.get(param.kind, str)
        out.append(
            inspect.Parameter(
                py_name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=annotation if param.required else Optional[annotation],  # noqa: UP045
                default=inspect.Parameter.empty if param.required else None,
            )
        )
    return inspect.Signature(out)


def make_command(spec: CommandSpec, name: str) -> app_commands.Command[Any, ..., None]:
    """One Discord command for one spec; its callback hands a neutral Command to the bridge."""
    # Python names stay p0, p1...; Discord sees the real names (which may be keywords).
    named = [(f"p{n}", param) for n, param in enumerate(spec.params)]
    by_python = dict(named)

    async def callback(interaction: discord.Interaction[Any], **values: object) -> None:
        options = {
            by_python[key].name: as_option_text(value)
            for key, value in values.items()
            if value is not None and key in by_python
        }
        await bridge_of(interaction.client).command(interaction, spec, options)

    fn: Any = callback
    fn.__signature__ = _signature(named)
    fn.__discord_app_commands_param_rename__ = {py: named_str(p.name) for py, p in named}
    fn.__discord_app_commands_param_description__ = {
        py: described(p.description) for py, p in named
    }
    fn.__discord_app_commands_param_choices__ = {
        py: [app_commands.Choice(name=describe(c), value=c[: dl.CHOICE_TEXT]) for c in p.choices]
        for py, p in named
        if p.kind == "choice" and 0 < len(p.choices) <= CHOICES and not p.autocomplete
    }
    completers = {py: _completer(p) for py, p in named}
    fn.__discord_app_commands_param_autocomplete__ = {
        py: c for py, c in completers.items() if c is not None
    }
    return app_commands.Command(
        name=named_str(name),
        description=described(spec.description),
        callback=fn,
        extras={"spec": spec.name},
    )


ADMIN_SUFFIX = "-admin"
# Who sees a root of organizer tools before a server admin adjusts it per role (Server
# Settings > Integrations): event organizers run events and journey prompts; moderators
# curate the library and the suggestions. Any other root asks for Manage Events.
ORGANIZER_PERMISSION = {
    "events": "manage_events",
    "journey": "manage_events",
    "resources": "manage_messages",
    "topics": "manage_messages",
}
DEFAULT_PERMISSION = "manage_events"
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True)
GUILD_ONLY = app_commands.AppCommandContext(guild=True)
GUILD_INSTALL = app_commands.AppInstallationType(guild=True)


def organizer_permissions(root: str) -> discord.Permissions:
    """Hide a root of organizer tools; the core still checks the role on every call."""
    return discord.Permissions(**{ORGANIZER_PERMISSION.get(root, DEFAULT_PERMISSION): True})


def discord_root(spec: CommandSpec, specs: Sequence[CommandSpec]) -> str:
    """The root an organizer-only spec lives under: ``events-admin`` beside ``events``."""
    shared = any(s.root == spec.root and not s.organizer_only for s in specs)
    name = f"{spec.root}{ADMIN_SUFFIX}" if spec.organizer_only and shared else spec.root
    return command_name(name)


def discord_path(spec: CommandSpec, specs: Sequence[CommandSpec]) -> tuple[str, str | None]:
    """Where a spec is on Discord: (root, sub-command) or (root, None) for a bare command."""
    root = discord_root(spec, specs)
    siblings = [s for s in specs if discord_root(s, specs) == root and s.root == spec.root]
    if not any(s.sub for s in siblings):
        return root, None
    return root, command_name(spec.sub or spec.group_default)


def root_command(
    root: str, specs: Sequence[CommandSpec], *, organizers: bool = False
) -> app_commands.Command[Any, ..., None] | app_commands.Group:
    """One Discord root; an organizers' root is hidden by permission and works in servers only."""
    bare = next((s for s in specs if s.sub is None), None)
    subs = [s for s in specs if s.sub is not None]
    base = specs[0].root
    hidden = organizer_permissions(base) if organizers else None
    contexts = GUILD_ONLY if organizers else EVERYWHERE
    if bare is not None and not subs:
        command = make_command(bare, root)
        command.default_permissions = hidden
        command.allowed_contexts = contexts
        command.allowed_installs = GUILD_INSTALL
        command.guild_only = organizers  # the deprecated dm_permission says the same
        return command
    group = app_commands.Group(
        name=named_str(root),
        description=described(bare.description if bare else _group_description(base, organizers)),
        default_permissions=hidden,
        guild_only=organizers,
        allowed_contexts=contexts,
        allowed_installs=GUILD_INSTALL,
    )
    taken: set[str] = set()
    entries = [(bare, bare.group_default)] if bare else []
    entries += [(s, s.sub or "") for s in subs]
    for spec, name in entries:
        final = command_name(name)
        if final in taken:
            raise ValueError(f"/{root}: two commands would both be called {final!r} on Discord")
        taken.add(final)
        group.add_command(make_command(spec, name))
    return group


def _group_description(root: str, organizers: bool) -> str:
    return f"Organizer tools for /{root}" if organizers else f"/{root} commands"


def build_tree(client: discord.Client, router: Router) -> app_commands.CommandTree[Any]:
    """A CommandTree holding one global command or group per root of the router's specs,
    and the router's message commands as message context menus."""
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    commands = commands_for(router)
    menus = context_menus(router)
    if len(commands) > dl.CHAT_INPUT_COMMANDS or len(menus) > dl.MESSAGE_COMMANDS:
        raise ValueError(
            f"Discord takes at most {dl.CHAT_INPUT_COMMANDS} slash commands and "
            f"{dl.MESSAGE_COMMANDS} message commands; the router has {len(commands)} and "
            f"{len(menus)}"
        )
    for command in commands:
        tree.add_command(command)
    for menu in menus:
        tree.add_command(menu)
    return tree


def context_menu(spec: MessageCommandSpec) -> app_commands.ContextMenu:
    """A message command (type 3) whose callback hands the message to the bridge."""

    async def callback(interaction: discord.Interaction[Any], message: discord.Message) -> None:
        await bridge_of(interaction.client).message_command(interaction, spec, message)

    menu = app_commands.ContextMenu(
        name=spec.name[: dl.COMMAND_NAME_LENGTH],
        callback=callback,
        extras={"form": spec.form},
    )
    menu.allowed_contexts = EVERYWHERE
    menu.allowed_installs = GUILD_INSTALL
    return menu


def context_menus(router: Router) -> list[app_commands.ContextMenu]:
    return [context_menu(spec) for spec in router.message_commands.values()]


def commands_for(
    router: Router,
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """Member commands under their root; organizer-only ones under a root of their own."""
    specs = router.specs()
    out: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    ordered = sorted(specs, key=lambda s: (discord_root(s, specs), s.name))
    for root, group in groupby(ordered, key=lambda s: discord_root(s, specs)):
        members = list(group)
        out.append(root_command(root, members, organizers=members[0].organizer_only))
    return out
