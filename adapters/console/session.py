"""One person at the console: lines become interactions, replies become text or JSON.

A bare number presses button N of the last reply, through the same encode/decode path the
platforms use; a reply that opens a form asks for its fields one by one.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from adapters.console.render import render
from adapters.runtime import Runtime
from bot.actions import Action
from bot.model import Actor, ButtonPress, Command, Form, FormSubmit, Place, Reply
from bot.serialize import reply_to_dict

Ask = Callable[[str], Awaitable[str | None]]
QUIT = {"/quit", "/exit", "quit", "exit"}
MAX_FORM_TRIES = 3


class ConsoleSession:
    def __init__(
        self,
        runtime: Runtime,
        actor: Actor,
        *,
        write: Callable[[str], None] = print,
        ask: Ask | None = None,
        as_json: bool = False,
        place: Place | None = None,
    ) -> None:
        self.runtime = runtime
        self.actor = actor
        self.place = place or Place("console", "general")
        self.write = write
        self.ask = ask
        self.as_json = as_json
        self.buttons: tuple[str, ...] = ()
        self.replies: list[Reply] = []

    async def handle_line(self, line: str) -> bool:
        """Handle one typed line; False when the person asked to quit."""
        line = line.strip()
        if not line:
            return True
        if line.lower() in QUIT:
            return False
        reply = await self._reply(line)
        await self.show(reply)
        if reply.form is not None:
            await self.fill(reply.form)
        return True

    async def _reply(self, line: str) -> Reply:
        if line.isdigit():
            return await self._press(int(line))
        if not line.startswith("/"):
            return Reply(text="Commands start with a slash. Type /help to see them.")
        name, _, text = line[1:].partition(" ")
        command = Command(name=name, text=text, actor=self.actor, place=self.place)
        return await self.runtime.app.handle(command)

    async def _press(self, number: int) -> Reply:
        if not 1 <= number <= len(self.buttons):
            shown = f"1 to {len(self.buttons)}" if self.buttons else "none right now"
            return Reply(text=f"There is no button {number} (buttons: {shown}).")
        encoded = self.buttons[number - 1]
        if encoded.startswith("url:"):
            return Reply(text=f"Open this link in your browser: {encoded[4:]}")
        try:
            action = Action.decode(encoded)
        except ValueError:
            return Reply(text="That button cannot be pressed any more.")
        return await self.runtime.app.handle(ButtonPress(action, self.actor, self.place))

    async def show(self, reply: Reply) -> None:
        self.replies.append(reply)
        rendered = render(reply)
        if rendered.buttons:
            self.buttons = tuple(
                b.action.encode() if b.action else f"url:{b.url}" for b in rendered.buttons
            )
        if self.as_json:
            self.write(json.dumps(reply_to_dict(reply)))
        else:
            self.write(rendered.text)

    async def fill(self, form: Form) -> None:
        """Ask each field in turn and submit; ask again (at most 3 times) if a field is wrong."""
        if self.ask is None:
            return
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        for _ in range(MAX_FORM_TRIES):
            for item in form.inputs:
                if errors and item.name not in errors:
                    continue
                answer = await self.ask(
                    _prompt(
                        item.label,
                        item.required,
                        item.choices,
                        values.get(item.name) or item.initial,
                        errors.get(item.name),
                    )
                )
                if answer is None:
                    self.write("Form cancelled.")
                    return
                values[item.name] = answer.strip() or values.get(item.name, item.initial)
            submit = FormSubmit(form.action, values, self.actor, self.place)
            reply = await self.runtime.app.handle(submit)
            await self.show(reply)
            if not reply.form_errors:
                return
            errors = dict(reply.form_errors)
        self.write("Giving up on this form after three tries; nothing was saved.")


def _prompt(
    label: str, required: bool, choices: tuple[str, ...], default: str, error: str | None
) -> str:
    hint = f" (one of: {', '.join(choices)})" if choices else ""
    optional = "" if required else " (optional)"
    shown = f" [{default}]" if default else ""
    fix = f"{error} " if error else ""
    return f"{fix}{label}{hint}{optional}{shown}: "
