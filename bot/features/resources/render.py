"""Search results as a neutral Reply: linked titles, highlighted snippets, paging and sharing.

The search state (query, filters, offset) travels in the More and Share buttons' ids, cut to
fit, so a press repeats the search without anything remembered in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from babel.numbers import format_decimal

from bot.actions import MAX_ID_LENGTH, Action, fit_arg
from bot.features.resources.names import SAVE, SHARE_LABEL, SHARE_ONE, USEFUL
from bot.features.resources.query import Hints, Outcome, exactly, shown
from bot.features.topics.api import SUGGEST_ACTION
from bot.i18n import _, ngettext, speaking
from bot.i18n.dates import day
from bot.limits import cut
from bot.model import Actor, Button, Field, Reply, Section, Span, Text, mention_of, plain
from bot.params import Params
from storage.resources import MARK_CLOSE, MARK_OPEN, Clause, Filters, Hit, fold, tokens, ways
from storage.resources.language import ENGLISH
from storage.resources.language import shown as shown_language

MORE = "resources.more"
SHARE = "resources.share"
EDIT_FORM = "resources.edit_form"
CONFIRM_REMOVE = "resources.confirm_remove"
REMOVE = "resources.remove"
VERIFY = "resources.verify"
DETAILS_FORM = "resources.details_form"
SNIPPET = 280
_TOPIC_BUDGET = 24  # a cut topic still works: the topic filter matches by prefix
_ORG_BUDGET = 16  # and the organization filter by words within the name
_SMALL_NUMBER = re.compile(r"\d{1,6}")


@dataclass(frozen=True)
class SearchState:
    """What was asked: the query and the filters as typed."""

    query: str = ""
    type: str = ""
    topic: str = ""
    year: str = ""
    org: str = ""

    @classmethod
    def from_params(cls, params: Params) -> SearchState:
        return cls(
            params.text("query"),
            params.text("type"),
            params.text("topic"),
            params.text("year"),
            params.text("org"),
        )

    @classmethod
    def from_action(cls, action: Action) -> tuple[SearchState, int]:
        state = cls(action.arg(5), action.arg(1), action.arg(2), action.arg(3), action.arg(4))
        return state, action.number(0, 0)

    def filters(self) -> Filters:
        # Button ids can be forged, so numbers are held to what a typed param allows.
        year = int(self.year) if _SMALL_NUMBER.fullmatch(self.year.lstrip("-")) else None
        return Filters(
            type=self.type or None,
            topic=fold(self.topic).strip()[:100] or None,
            year=year,
            org=self.org or None,
        )

    def described(self) -> str:
        parts = [f"“{cut(self.query, 80)}”"] if self.query.strip() else []
        for name in ("type", "topic", "year", "org"):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}:{cut(value, 40)}")
        return " ".join(parts) or _("everything")

    def action(self, name: str, offset: int) -> Action:
        """This search as a button id, free text cut so the id fits in 100 characters."""
        fixed = (
            str(offset),
            self.type,
            fit(self.topic, _TOPIC_BUDGET),
            self.year[:6],
            fit(self.org, _ORG_BUDGET),
        )
        used = len(Action(name, (*fixed, "")).encode())
        return Action(name, (*fixed, fit(self.query, MAX_ID_LENGTH - used)))


def fit(text: str, budget: int) -> str:
    """`fit_arg`, after a cheap first cut (it trims one character at a time)."""
    return fit_arg(text[:budget], budget)


def snippet_text(snippet: str) -> Text:
    """FTS highlight markers -> strong spans; the rest plain."""
    spans: list[Span] = []
    for n, piece in enumerate(snippet.replace(MARK_CLOSE, MARK_OPEN).split(MARK_OPEN)):
        if piece:
            spans.append(Span(piece, strong=n % 2 == 1))
    budget, out = SNIPPET, []
    for span in spans:
        if budget <= 0:
            break
        out.append(Span(cut(span.text, budget), strong=span.strong))
        budget -= len(span.text)
    return tuple(out)


def _stem(word: str) -> str:
    """Enough of a word to see that `vaccines` matched *Vaccination* (the index stems)."""
    return word[: max(4, len(word) - 3)] if len(word) > 4 else word


def _matching(text: str, stems: set[str]) -> list[str]:
    """The words of `text` (as written) that a searched word matched."""
    out: list[str] = []
    for word in text.split():
        folded = tokens(word)
        bare = word.strip(".,:;()[]\"'“”")
        if any(_stem(t) in stems or t in stems for t in folded) and bare not in out:
            out.append(bare)
    return out


def why(hit: Hit, terms: tuple[Clause, ...]) -> str:
    """What matched, for the many items without a description: topics, organization, the
    words of the title."""
    stems = {_stem(tok) for clause in terms for term in ways(clause) for tok in term}
    stems |= {tok for clause in terms for term in ways(clause) for tok in term}
    parts = []
    topics = [t.strip() for t in hit.topics.split(";") if _matching(t, stems)]
    if topics:
        parts.append(_("topic {topics}").format(topics=", ".join(topics[:3])))
    if hit.organization and _matching(hit.organization, stems):
        parts.append(_("from {organization}").format(organization=hit.organization))
    words = _matching(hit.title, stems)
    if words:
        parts.append(_("title: {words}").format(words=", ".join(words[:6])))
    return "; ".join(parts)


def hit_section(
    hit: Hit,
    *,
    organizer: bool,
    terms: tuple[Clause, ...] = (),
    share: bool = False,
    credit: str = "",
    saved: bool = False,
) -> Section:
    """One item as a card; `share` adds a button that posts this one item in the channel."""
    fields = [Field.of(_("Type"), hit.type.capitalize())]
    matched = why(hit, terms) if terms else ""
    if matched:
        fields.append(Field.of(_("Matched"), cut(matched, 200)))
    if hit.organization:
        fields.append(Field.of(_("From"), hit.organization))
    if hit.published:
        fields.append(Field.of(_("Published"), hit.published))
    if hit.language != ENGLISH:
        fields.append(Field.of(_("Language"), shown_language(hit.language)))
    if credit:
        fields.append(Field.of(_("Shared by"), cut(credit, 100)))
    footer = f"#{hit.id}"
    if hit.topics:
        footer += f" · {hit.topics}"
    if hit.verified_at:
        checked = _("link checked {date}").format(date=day(hit.verified_at.date()))
        footer += f" · {checked}"
    ident = (str(hit.id),)
    shared = (Button(_(SHARE_LABEL), Action(SHARE_ONE, ident)),) if share else ()
    save = Button(_("Take off my list") if saved else _("Save"), Action(SAVE, ident))
    useful = Button(_("Was this useful?"), Action(USEFUL, ident))
    buttons: tuple[Button, ...] = (*shared, save, useful)
    if organizer:
        # Five buttons fit a card on every platform: on a card that can also be shared, an
        # organizer's tools take the usefulness question's place.
        tools = organizer_tools(ident)
        buttons = (*shared, save, *(() if share else (useful,)), *tools)
    return Section(
        title=hit.title,
        title_url=hit.url,
        text=snippet_text(hit.snippet),
        fields=tuple(fields),
        footer=cut(footer, 300),
        buttons=buttons,
    )


def organizer_tools(ident: tuple[str, ...]) -> tuple[Button, ...]:
    """An organizer's buttons on a card (organizer tools stay English: docs/languages.md)."""
    return (
        Button("Edit", Action(EDIT_FORM, ident)),
        Button("Verify link", Action(VERIFY, ident)),
        Button("Remove", Action(CONFIRM_REMOVE, ident), style="danger"),
    )


def results(
    outcome: Outcome,
    state: SearchState,
    offset: int,
    *,
    organizer: bool,
    private: bool = True,
    shared_by: Actor | None = None,
    size: int = 5,
) -> Reply:
    """A page of results; `size` is the page size (Previous goes back by that much)."""
    page = outcome.page
    first, last = offset + 1, offset + len(page.hits)
    number = format_decimal(page.total, locale=speaking().locale)
    if page.exact:
        many = ngettext("{n} resource", "{n} resources", page.total).format(n=number)
    else:
        many = _("More than {n} resources").format(n=number)
    counted = _("{many} (showing {first}–{last})").format(many=many, first=first, last=last)
    instead: list[Button] = []
    if outcome.corrected:
        original = shown(outcome.typed)
        lines = [
            _("Showing results for {corrected} · Search instead for {typed}: {counted}.").format(
                corrected=cut(outcome.corrected, 200), typed=cut(original, 200), counted=counted
            )
        ]
        as_typed = replace(state, query=exactly(outcome.typed))
        label = _("Search instead for {typed}").format(typed=cut(original, 50))
        instead.append(Button(label, as_typed.action(MORE, 0)))
    else:
        lines = [
            _("{many} for {what} (showing {first}–{last}).").format(
                many=many, what=state.described(), first=first, last=last
            )
        ]
    notes = []
    if outcome.any_term:
        notes.append(_("No item has all of those words; these have some of them."))
    if not page.exact:
        newest = format_decimal(page.last, locale=speaking().locale)
        notes.append(
            _(
                "So many match that these are the best of the newest {n}; add words or a "
                "filter (type:, topic:, year:) to narrow it down."
            ).format(n=newest)
        )
    lines += notes
    # The renderers show only the first line of `text` beside cards, so the notes get a card
    # of their own, above the items they qualify.
    sections = [Section(text=plain(" ".join(notes)))] if notes else []
    sections += [
        hit_section(hit, organizer=organizer and private, terms=outcome.terms, share=private)
        for hit in page.hits
    ]
    buttons = list(instead)
    if offset > 0 and private:
        buttons.append(Button(_("Previous"), state.action(MORE, max(0, offset - size))))
    if last < page.last:
        buttons.append(Button(_("More"), state.action(MORE, last), style="primary"))
    if page.exact:
        nav = _("{first}–{last} of {n}").format(first=first, last=last, n=number)
    else:
        nav = _("{first}–{last} of more than {n}").format(first=first, last=last, n=number)
    if shared_by is not None:
        lines.append(_("Shared by {name}.").format(name=shared_by.display_name))
        said = (Span(f"{nav} · " + _("Shared by") + " "), mention_of(shared_by))
        sections.append(Section(text=said, buttons=tuple(buttons)))
    else:
        sections.append(Section(text=plain(nav), buttons=tuple(buttons)))
    return Reply(text="\n".join(lines), sections=tuple(sections), private=private)


def nothing_found(state: SearchState, hints: Hints, *, filtered: bool) -> Reply:
    text = _("Nothing in the library matches {what}.").format(what=state.described())
    lines = []
    if hints.topics:
        lines.append(_("Topics to try: {topics}").format(topics=", ".join(hints.topics)))
    elif hints.popular:
        lines.append(_("The most used topics: {topics}").format(topics=", ".join(hints.popular)))
    if hints.words:
        lines.append(_("Words the library uses: {words}").format(words=", ".join(hints.words)))
    if filtered:
        lines.append(_("Try fewer filters, or /resources topics to see what there is."))
    buttons: tuple[Button, ...] = ()
    query = state.query.strip()
    if query:
        budget = MAX_ID_LENGTH - len(Action(SUGGEST_ACTION, ("",)).encode())
        label = _("Suggest “{query}” as a topic").format(query=cut(query, 40))
        buttons = (Button(label, Action(SUGGEST_ACTION, (fit(query, budget),))),)
    section = Section(text=plain("\n".join(lines) or _("Try other words.")), buttons=buttons)
    return Reply(text=text, sections=(section,))
