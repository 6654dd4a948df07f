"""Platform limits in one place: the stricter of Slack's and Discord's, enforced by the core.

Features build replies freely; `fit` trims what is too long and `pages` splits what has
too many sections, so no adapter ever has to reject a reply. `problems` lists what breaks
a limit, and the test harness checks every reply with it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.model import Button, Field, Form, Input, Reply, Section, Span, Text, to_plain

REPLY_TEXT = 2000  # Discord message content
SECTIONS = 10  # Discord embeds per message (Slack: 50 blocks, at most 5 per section)
SECTION_TEXT = 3000  # Slack section text (Discord embed description: 4096)
TITLE = 150  # Slack header (Discord embed title: 256)
FIELDS = 10  # Slack fields per section (Discord: 25)
FIELD_LABEL = 256  # Discord field name
FIELD_VALUE = 1000  # Discord field value is 1024; Slack field text 2000
FOOTER = 2000  # Discord footer 2048; Slack context element 2000
BUTTONS = 5  # Discord buttons per row (one row per section)
BUTTON_LABEL = 75  # Slack (Discord: 80)
TOTAL_CHARS = 6000  # Discord: all embeds of one message together
FORM_TITLE = 24  # Slack modal title (Discord: 45)
FORM_INPUTS = 5  # Discord modal text inputs
INPUT_LABEL = 45  # Discord text input label
INPUT_VALUE = 4000  # Discord text input value
ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def cut_text(text: Text, limit: int) -> Text:
    out: list[Span] = []
    budget = limit
    for span in text:
        if budget <= 0:
            break
        if len(span.text) > budget:
            out.append(replace(span, text=cut(span.text, budget)))
            break
        out.append(span)
        budget -= len(span.text)
    return tuple(out)


def _fit_section(section: Section) -> Section:
    return replace(
        section,
        title=cut(section.title, TITLE) if section.title else section.title,
        text=cut_text(section.text, SECTION_TEXT),
        fields=tuple(
            Field(cut(f.label, FIELD_LABEL), cut_text(f.value, FIELD_VALUE))
            for f in section.fields[:FIELDS]
        ),
        buttons=tuple(
            replace(b, label=cut(b.label, BUTTON_LABEL)) for b in section.buttons[:BUTTONS]
        ),
        footer=cut(section.footer, FOOTER) if section.footer else section.footer,
    )


def _fit_form(form: Form) -> Form:
    inputs = tuple(
        replace(
            i,
            label=cut(i.label, INPUT_LABEL),
            max_length=min(i.max_length, INPUT_VALUE),
            initial=cut(i.initial, min(i.max_length, INPUT_VALUE)),
        )
        for i in form.inputs[:FORM_INPUTS]
    )
    return replace(form, title=cut(form.title, FORM_TITLE), inputs=inputs)


def fit(reply: Reply) -> Reply:
    """The same reply with every piece trimmed to its limit."""
    return replace(
        reply,
        text=cut(reply.text, REPLY_TEXT),
        sections=tuple(_fit_section(s) for s in reply.sections),
        form=_fit_form(reply.form) if reply.form else None,
    )


def section_chars(section: Section) -> int:
    return (
        len(section.title or "")
        + len(to_plain(section.text))
        + len(section.footer or "")
        + sum(len(f.label) + len(to_plain(f.value)) for f in section.fields)
    )


def pages(reply: Reply) -> list[Reply]:
    """Split a reply whose sections break the per-message limits into several messages."""
    reply = fit(reply)
    chunks: list[list[Section]] = [[]]
    total = 0
    for section in reply.sections:
        size = section_chars(section)
        if chunks[-1] and (len(chunks[-1]) >= SECTIONS or total + size > TOTAL_CHARS):
            chunks.append([])
            total = 0
        chunks[-1].append(section)
        total += size
    first, *rest = chunks
    out = [replace(reply, sections=tuple(first))]
    out += [
        replace(
            reply,
            text=cut(f"{reply.text.splitlines()[0] if reply.text else ''} (continued)", REPLY_TEXT),
            sections=tuple(chunk),
            form=None,
            attachments=(),
        )
        for chunk in rest
    ]
    return out


def problems(reply: Reply) -> list[str]:
    """Every limit this reply breaks (empty when it fits one message on every platform)."""
    found = []
    if not reply.text:
        found.append("reply has no text")
    if len(reply.text) > REPLY_TEXT:
        found.append(f"reply text {len(reply.text)} > {REPLY_TEXT}")
    if len(reply.sections) > SECTIONS:
        found.append(f"{len(reply.sections)} sections > {SECTIONS}")
    if sum(section_chars(s) for s in reply.sections) > TOTAL_CHARS:
        found.append(f"sections hold more than {TOTAL_CHARS} characters")
    for n, s in enumerate(reply.sections):
        found += _section_problems(n, s)
    if reply.form:
        found += _form_problems(reply.form)
    return found


def _section_problems(n: int, s: Section) -> list[str]:
    found = []
    if s.title and len(s.title) > TITLE:
        found.append(f"section {n} title > {TITLE}")
    if len(to_plain(s.text)) > SECTION_TEXT:
        found.append(f"section {n} text > {SECTION_TEXT}")
    if len(s.fields) > FIELDS:
        found.append(f"section {n} has {len(s.fields)} fields > {FIELDS}")
    if any(len(f.label) > FIELD_LABEL or len(to_plain(f.value)) > FIELD_VALUE for f in s.fields):
        found.append(f"section {n} has a field over its limit")
    if len(s.buttons) > BUTTONS:
        found.append(f"section {n} has {len(s.buttons)} buttons > {BUTTONS}")
    found += [
        f"button label {b.label!r} > {BUTTON_LABEL}"
        for b in s.buttons
        if len(b.label) > BUTTON_LABEL
    ]
    found += [f"button {b.label!r} has an empty label" for b in s.buttons if not b.label.strip()]
    found += _button_ids(s.buttons)
    return found


def _button_ids(buttons: tuple[Button, ...]) -> list[str]:
    found = []
    for b in buttons:
        if b.action is not None:
            try:
                b.action.encode()
            except ValueError as error:
                found.append(str(error))
    return found


def _form_problems(form: Form) -> list[str]:
    found = []
    if len(form.title) > FORM_TITLE:
        found.append(f"form title {form.title!r} > {FORM_TITLE}")
    if len(form.inputs) > FORM_INPUTS:
        found.append(f"form has {len(form.inputs)} inputs > {FORM_INPUTS}")
    found += [
        f"input label {i.label!r} > {INPUT_LABEL}"
        for i in form.inputs
        if len(i.label) > INPUT_LABEL
    ]
    found += _inputs(form.inputs)
    return found


def _inputs(inputs: tuple[Input, ...]) -> list[str]:
    return [
        f"input {i.name} max_length > {INPUT_VALUE}" for i in inputs if i.max_length > INPUT_VALUE
    ]
