"""The Spanish catalog is complete and sound, and the areas already wrapped say nothing in
English by accident.

- Every string the code marks (Babel extraction over the whole tree, with babel.cfg) is in
  bot/locale/es/LC_MESSAGES/messages.po, translated, and not fuzzy.
- No translation drops, adds or renames a placeholder (``{name}``, ``%(n)s``).
- In WRAPPED (the lead extends it as each area is wrapped), no member-facing literal is
  shown without `_()` / `N_()` / `ngettext()`; ENGLISH names the functions of those files
  that stay English on purpose (organizer tools, log text).
"""

from __future__ import annotations

from babel.messages.catalog import Catalog

from bot.config import BotSettings
from tests.i18n.catalog_checks import (
    catalog,
    extracted,
    files,
    placeholder_problems,
    untranslated,
    unwrapped,
)

WRAPPED = (
    "bot/app.py",
    "bot/errors.py",
    "bot/params.py",
    "bot/member_limits.py",
    "bot/features/help",
    "bot/features/members",
    "bot/features/privacy",
    "bot/message_commands.py",
    "bot/conversation.py",
    "bot/durations.py",
    "bot/features/topics/notices.py",
    "bot/features/topics/views.py",
    "bot/features/topics/suggest.py",
    "bot/features/topics/similar.py",
    "bot/features/topics/listing.py",
    "bot/features/topics/own.py",
    "bot/features/topics/votes.py",
    "bot/features/topics/posts.py",
    "bot/features/topics/lookup.py",
    "bot/features/topics/linked.py",
    "bot/features/topics/reasons.py",
    "bot/features/topics/text.py",
    "bot/features/topics/commands.py",
    "bot/features/resources/render.py",
    "bot/features/resources/commands.py",
    "bot/features/resources/saves.py",
    "bot/features/journey/api.py",
    "bot/features/journey/commands.py",
    "bot/features/journey/goals.py",
    "bot/features/journey/mine.py",
    "bot/features/journey/render.py",
    "bot/features/journey/show.py",
    "bot/features/digest",
    "bot/features/settings/choices.py",
    "bot/features/settings/commands.py",
    "adapters/slack/home.py",
    "bot/features/resources/proposals.py",
    "bot/features/resources/proposal_views.py",
    "bot/features/resources/proposal_posts.py",
    "bot/features/resources/unfurl.py",
    "bot/features/resources/from_messages.py",
    "bot/features/resources/sharing.py",
    "bot/features/resources/links.py",
    "bot/features/resources/credit.py",
    "bot/features/resources/picks.py",
    "bot/features/events/render.py",
    "bot/features/events/members.py",
    "bot/features/events/mine.py",
    "bot/features/events/rsvp.py",
    "bot/features/events/reminders.py",
    "bot/features/events/answers.py",
    "bot/features/events/feedback.py",
    "bot/features/events/recording.py",
    # recurrence.py is not listed: its describe() is wrapped, but the rest of it reads the
    # repeat words organizers type ("every other week"), which stay English on purpose.
)
# Functions of those files that stay English on purpose: organizer tools (docs/languages.md
# lists them) and text only logs or developers read.
ENGLISH = {
    "bot/app.py": ("_describe",),
    # Adding a recording is an organizer's command; only its DM (render_recording) is a member's.
    "bot/features/events/recording.py": (
        "_usage",
        "_event",
        "latest_session",
        "add_recording",
        "_session_title",
        "_added_text",
    ),
    "bot/features/members/link.py": ("digest",),  # a hash's salt
    "bot/features/topics/views.py": ("organizer_buttons",),
    # The journey's organizer tools; its content file's errors (content.py), summary and
    # counts (summary.py, outcomes.py) are organizer-only too and are not in WRAPPED.
    "bot/features/journey/commands.py": (
        "_next",
        "preview",
        "post_now",
        "post_now_confirmed",
        "skip",
        "summarize",
    ),
    "bot/features/digest/commands.py": ("_reach",),
    # What organizers type when they decide (/topics plan|cover|decline).
    "bot/features/topics/text.py": ("link_ref", "reason_text"),
    # The organizers' channel card of a proposal (proposal review stays English).
    "bot/features/resources/proposal_views.py": ("organizer_card", "organizer_post"),
    "bot/features/resources/render.py": ("organizer_tools",),
    "bot/features/resources/commands.py": (
        "add",
        "add_submitted",
        "_saved",
        "_edit_form",
        "details_pressed",
        "edit_submitted",
        "details_submitted",
        "_save",
        "_confirm_remove",
        "remove_confirmed",
        "_verify",
    ),
}


def test_every_marked_string_is_translated_in_every_language() -> None:
    strings = extracted()
    assert len(strings) > 150  # the extraction itself found the code
    for language in BotSettings().languages:
        if language == "en":
            continue
        assert untranslated(strings, catalog(language)) == []


def test_the_catalog_holds_nothing_the_code_no_longer_says() -> None:
    strings = set(extracted())
    stale = [
        m.id
        for m in catalog("es")
        if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0]) not in strings
    ]
    assert stale == [], "run pybabel update (docs/languages.md) to mark them obsolete"


def test_no_translation_drops_or_renames_a_placeholder() -> None:
    assert placeholder_problems(catalog("es")) == []


def test_the_wrapped_areas_show_no_unmarked_words() -> None:
    found, bad = [], []
    for path in files(WRAPPED):
        words, calls = unwrapped(path, ENGLISH.get(path, ()))
        found += words
        bad += calls
    assert [str(x) for x in found] == []
    assert [str(x) for x in bad] == [], "Babel cannot extract an f-string: use .format()"


# ---- the checks themselves catch what they are for -------------------------------------


def _broken() -> Catalog:
    po = Catalog(locale="es")
    po.add("Hello {name}", "Hola {nombre}")  # renamed
    po.add("{n} left", "quedan")  # dropped
    po.add("%(n)s saved", "%(n)s guardados")  # fine
    po.add(("{n} vote", "{n} votes"), ("{n} voto", "votos", "{n} votos"))  # dropped in a form
    po.add("Fuzzy", "Difuso", flags=("fuzzy",))
    po.add("Empty", "")
    return po


def test_the_placeholder_check_catches_a_dropped_or_renamed_one() -> None:
    problems = placeholder_problems(_broken())
    assert len(problems) == 3
    assert "{name}" in problems[0] and "{nombre}" in problems[0]


def test_the_translation_check_catches_missing_fuzzy_and_empty() -> None:
    keys = [(None, "Fuzzy"), (None, "Empty"), (None, "Not there"), (None, "Hello {name}")]
    problems = untranslated(keys, _broken())
    assert [p.split(":")[0] for p in problems] == ["fuzzy", "no translation", "not in the catalog"]


def test_the_literal_scan_finds_unmarked_words(tmp_path: object) -> None:
    words, calls = unwrapped("tests/i18n/unwrapped_sample.py")
    assert sorted(w.text for w in words) == ["Not marked at all", "Save", "Your {} things"]
    assert [c.text for c in calls] == ["an f-string in _"]
