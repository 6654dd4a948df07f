"""A Reply as terminal text: sections as cards, buttons numbered so a bare number presses one."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Button, Reply, Text

# Bold on a terminal; plain text in a pipe (asterisks would show literally either way).
BOLD = ("\x1b[1m", "\x1b[0m")
PLAIN = ("", "")


def spans(text: Text, strong: tuple[str, str] = PLAIN) -> str:
    out = []
    for span in text:
        piece = f"{strong[0]}{span.text}{strong[1]}" if span.strong else span.text
        out.append(f"{piece} <{span.url}>" if span.url else piece)
    return "".join(out)


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: tuple[Button, ...]


def render(reply: Reply, strong: tuple[str, str] = PLAIN) -> Rendered:
    lines = [reply.text] if reply.text and not reply.sections else []
    if reply.sections and not _repeats(reply):
        lines.append(reply.text.split("\n", 1)[0])
    buttons: list[Button] = []
    for section in reply.sections:
        lines.append("")
        if section.title:
            url = f" <{section.title_url}>" if section.title_url else ""
            lines.append(f"== {section.title}{url}")
        if section.text:
            lines.append(spans(section.text, strong))
        lines.extend(f"  {f.label}: {spans(f.value, strong)}" for f in section.fields)
        if section.footer:
            lines.append(f"  ({section.footer})")
        labels = []
        for button in section.buttons:
            buttons.append(button)
            suffix = f" <{button.url}>" if button.url else ""
            labels.append(f"[{len(buttons)}] {button.label}{suffix}")
        if labels:
            lines.append("  " + "  ".join(labels))
    if reply.form:
        lines.append(f"(form: {reply.form.title})")
    return Rendered("\n".join(lines).strip("\n"), tuple(buttons))


def _repeats(reply: Reply) -> bool:
    """The reply's text is the (only) section's own words: the platforms' fallback text."""
    first = reply.text.split("\n", 1)[0].strip()
    section = reply.sections[0]
    shown = [section.title or "", "".join(span.text for span in section.text)]
    return not first or any(first and part.strip().startswith(first) for part in shown)
