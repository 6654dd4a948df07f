"""The insights dashboard as one server-rendered HTML page: charts with tables beside them.

No script, no external font or style sheet: the page is readable on a phone, with a screen
reader (each chart is named and described, every table has a caption and headers), and
printable. Every piece of text from the database is escaped here, in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.features.insights import charts
from bot.features.insights.figures import Insights
from bot.features.insights.sessions import answers_words, ratings_words

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;
background:#fff;line-height:1.5}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-top:1px solid #ccc;
padding-top:1rem}
.chart{width:100%;height:auto;max-width:40rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%;max-width:40rem}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}
td.n,th.n{text-align:right}
caption{text-align:left;font-weight:600;padding:.25rem 0}
.note{color:#444}
figure{margin:1rem 0}
.scroll{overflow-x:auto;max-width:100%}
th,td{overflow-wrap:anywhere}
"""


def page(title: str, body: str, *, status_note: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>{status_note}</header>"
        f"<main>{body}</main></body></html>"
    )


def refusal(message: str) -> str:
    """The page for an expired, forged or unusable link: a sentence, never data."""
    return page("Insights", f'<p role="alert">{escape(message)}</p>')


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col"{_numeric(i)}>{escape(h)}</th>' for i, h in enumerate(headers))
    if not rows:
        body = f'<tr><td colspan="{len(headers)}">Nothing yet.</td></tr>'
    else:
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{escape(str(v))}</th>'
                if i == 0
                else f"<td{_numeric(i)}>{escape(str(v))}</td>"
                for i, v in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
    # A region that can scroll must be reachable by keyboard, hence tabindex.
    return (
        f'<div class="scroll" role="region" tabindex="0" aria-label="{escape(caption)}">'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _numeric(index: int) -> str:
    return ' class="n"' if index > 0 else ""


def _figure(chart: charts.Chart) -> str:
    return (
        f"<figure>{charts.section_svg(chart)}"
        f"<figcaption>{escape(chart.description)}</figcaption></figure>"
    )


def _held(count: int) -> str:
    if count == 1:
        return "1 phrase is held back"
    return f"{count} phrases are held back"


def _percent(value: float | None) -> str:
    return "no notices yet" if value is None else f"{value:.0%}"


def _days(value: float | None) -> str:
    return "no decisions yet" if value is None else f"{value:.1f} days"


def _library(insights: Insights) -> str:
    lib = insights.library
    return (
        '<section aria-labelledby="library"><h2 id="library">Library</h2>'
        f"<p>{lib.searches} searches in the last {insights.window_weeks} full weeks; "
        f"{lib.empty_searches} found nothing. Words are shown only when at least "
        f"{insights.min_members} different members searched them; "
        f"{_held(lib.hidden)}.</p>"
        + _figure(charts.library_chart(insights))
        + _table(
            "Most searched words",
            ("Words", "Searches", "Found nothing"),
            [(s.words, s.searches, s.empty) for s in lib.top],
        )
        + _table(
            "Searches that found nothing",
            ("Words", "Times"),
            [(s.words, s.empty) for s in lib.not_found],
        )
        + "</section>"
    )


def _suggestions(insights: Insights) -> str:
    sug = insights.suggestions
    return (
        '<section aria-labelledby="suggestions"><h2 id="suggestions">Suggestions</h2>'
        f"<p>Median time from suggestion to decision: {_days(sug.median_days_to_decision)}. "
        f"Close-the-loop rate: {_percent(sug.close_the_loop_rate)} "
        f"({sug.notices_delivered} of {sug.notices_owed} notices delivered).</p>"
        + _figure(charts.suggestions_chart(insights))
        + _table("Suggestions by status", ("Status", "Suggestions"), sug.by_status)
        + "</section>"
    )


def _sharing(insights: Insights) -> str:
    sh = insights.sharing
    items = ("Resource", "Title", "Members")
    return (
        '<section aria-labelledby="sharing"><h2 id="sharing">Shared by members</h2>'
        f"<p>{sh.received} resources proposed: {sh.added} added, {sh.declined} declined, "
        f"{sh.already} already in the library, {sh.pending} waiting. Median time from "
        f"proposal to decision: {_days(sh.median_days_to_decision)}.</p>"
        + _table(
            "Proposals by outcome",
            ("Outcome", "Proposals"),
            [
                ("added", sh.added),
                ("declined", sh.declined),
                ("already there", sh.already),
                ("waiting", sh.pending),
            ],
        )
        + _table("Most saved", items, [(f"#{i}", t, n) for i, t, n in sh.most_saved])
        + _table("Most useful", items, [(f"#{i}", t, n) for i, t, n in sh.most_useful])
        + _table("Marked not useful", items, [(f"#{i}", t, n) for i, t, n in sh.not_useful])
        + "</section>"
    )


def _events(insights: Insights) -> str:
    ev = insights.events
    rows = [
        (e.title, e.starts_at.strftime("%Y-%m-%d"), p, n)
        for e in ev.upcoming
        for p, n in e.by_platform
    ]
    return (
        '<section aria-labelledby="events"><h2 id="events">Events</h2>'
        f"<p>Reminders this month: {ev.reminders_sent} delivered ({ev.reminders_late} late), "
        f"{ev.reminders_failed} failed.</p>"
        + _figure(charts.events_chart(insights))
        + _table(
            "Reminders, per upcoming event and platform",
            ("Event", "Starts", "Platform", "Members"),
            rows,
        )
        + "</section>"
    )


def _after(insights: Insights) -> str:
    """Each event's loop, without a name anywhere: counts and unsigned words."""
    rows = [
        (
            o.title,
            o.session_start.strftime("%Y-%m-%d"),
            answers_words(o),
            o.reminders_delivered,
            ratings_words(o),
        )
        for o in insights.after
    ]
    ideas = [
        (o.title, t.text, f"#{t.suggestion_id}" if t.suggestion_id else "not yet")
        for o in insights.after
        for t in o.next_topics
    ]
    return (
        '<section aria-labelledby="after"><h2 id="after">After the sessions</h2>'
        "<p>Answers and ratings are counts; nobody's name is kept with a rating.</p>"
        + _table(
            "Per event: answers, reminders delivered, ratings",
            ("Event", "Session", "Answers", "Reminders delivered", "Ratings"),
            rows,
        )
        + _table("What should we cover next?", ("Event", "Answer", "Suggestion"), ideas)
        + "</section>"
    )


def _journey(insights: Insights) -> str:
    jr = insights.journey
    return (
        '<section aria-labelledby="journey"><h2 id="journey">Journey</h2>'
        f"<p>{jr.optouts} members opted out of having their replies kept.</p>"
        + _figure(charts.journey_chart(insights))
        + _table(
            "Replies per prompt",
            ("Prompt", "Quarter", "Replies", "Participants"),
            [(p.prompt_id, p.quarter, p.replies, p.participants) for p in jr.prompts],
        )
        + _table(
            "Participants per quarter", ("Quarter", "Participants"), jr.participants_by_quarter
        )
        + "</section>"
    )


def _members(insights: Insights) -> str:
    mem = insights.members
    monthly = [
        (month, insights.members.active_in(month), ", ".join(f"{p} {n}" for p, n in counts))
        for month, counts in mem.active_by_month
    ]
    return (
        '<section aria-labelledby="members"><h2 id="members">Members</h2>'
        f"<p>The bot has met {mem.met} members.</p>"
        + _figure(charts.members_chart(insights))
        + _table("Members met, per platform", ("Platform", "Members"), mem.met_by_platform)
        + _table(
            "Members who used the bot, per month", ("Month", "Members", "By platform"), monthly
        )
        + "</section>"
    )


def render(insights: Insights, collaborative: str) -> str:
    when = insights.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    note = (
        f'<p class="note">Figures as of {escape(when)}. Only counts are kept: '
        "the bot never shows who searched, voted or replied.</p>"
    )
    body = "".join(
        part(insights)
        for part in (_library, _sharing, _suggestions, _events, _after, _journey, _members)
    )
    return page(f"{collaborative}: insights", body, status_note=note)
