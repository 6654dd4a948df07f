"""Charts of the insights, drawn by matplotlib: one PNG for chat, one SVG per dashboard section.

Each chart comes with a sentence describing it, for screen readers and for chat fallbacks.
matplotlib's object API (no pyplot) keeps no global state, so charts can be drawn in threads.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.features.insights.figures import Insights
from bot.platforms import info as platform_info

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Colours from a palette readable by people with colour-vision deficiencies (Okabe-Ito).
BLUE, ORANGE, GREEN, GREY = "#0072B2", "#E69F00", "#009E73", "#555555"
LABEL_WIDTH = 28


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    draw: Callable[[Axes], None]


def _short(label: str) -> str:
    """Cut to fit, and drawn as plain text: members' and organizers' words may hold `$`, which
    matplotlib would read as math ("$\\notacommand{x}$" raised and broke every chart)."""
    cut = label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"
    return cut.replace("$", r"\$")


def _bars(ax: Axes, labels: Sequence[str], values: Sequence[int], colour: str) -> None:
    if not values:
        ax.text(0.5, 0.5, "Nothing yet", ha="center", va="center", color=GREY)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    positions = range(len(values))
    ax.barh(list(positions), list(values), color=colour)
    ax.set_yticks(list(positions), [_short(label) for label in labels])
    ax.invert_yaxis()
    for y, value in zip(positions, values, strict=True):
        ax.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_xlim(0, max(values) * 1.2 + 1)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)


def library_chart(insights: Insights) -> Chart:
    top = insights.library.top
    words = ", ".join(f"{s.words} ({s.searches})" for s in top[:5]) or (
        f"none yet; words are shown once {insights.min_members} different members searched them"
    )
    return Chart(
        "Most searched words",
        f"Bar chart of the most searched words in the last {insights.window_weeks} full weeks: "
        f"{words}.",
        lambda ax: _bars(ax, [s.words for s in top], [s.searches for s in top], BLUE),
    )


def suggestions_chart(insights: Insights) -> Chart:
    rows = insights.suggestions.by_status
    parts = ", ".join(f"{status} {n}" for status, n in rows)
    return Chart(
        "Suggestions by status",
        f"Bar chart of topic suggestions by status: {parts}.",
        lambda ax: _bars(ax, [s for s, _ in rows], [n for _, n in rows], GREEN),
    )


def events_chart(insights: Insights) -> Chart:
    events = insights.events.upcoming
    parts = ", ".join(f"{e.title} ({e.total})" for e in events[:5]) or "no upcoming event yet"
    return Chart(
        "Reminders, per upcoming event",
        f"Bar chart of members who asked for a reminder, per upcoming event: {parts}.",
        lambda ax: _bars(ax, [e.title for e in events], [e.total for e in events], ORANGE),
    )


def members_chart(insights: Insights) -> Chart:
    months = insights.members.active_by_month
    parts = ", ".join(f"{m} {insights.members.active_in(m)}" for m, _ in months)

    def draw(ax: Axes) -> None:
        platforms = sorted({p for _, counts in months for p, _ in counts})
        bottoms = [0] * len(months)
        for platform in platforms:
            values = [dict(counts).get(platform, 0) for _, counts in months]
            colour = platform_info(platform).colour
            ax.bar([m for m, _ in months], values, bottom=bottoms, label=platform, color=colour)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        if platforms:
            ax.legend(frameon=False)
        ax.tick_params(axis="x", labelrotation=30)
        from matplotlib.ticker import MaxNLocator  # matplotlib loads only to draw (0.9 s)

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    return Chart(
        "Members who used the bot, per month",
        f"Stacked bar chart of members who used the bot each month, by platform: {parts}.",
        draw,
    )


def journey_chart(insights: Insights) -> Chart:
    rows = insights.journey.participants_by_quarter
    parts = ", ".join(f"{q} {n}" for q, n in rows) or "no replies yet"
    return Chart(
        "Journey participants, per quarter",
        f"Bar chart of members who replied to a journey prompt, per quarter: {parts}.",
        lambda ax: _bars(ax, [q for q, _ in rows], [n for _, n in rows], BLUE),
    )


def charts(insights: Insights) -> list[Chart]:
    return [
        library_chart(insights),
        suggestions_chart(insights),
        events_chart(insights),
        members_chart(insights),
    ]


def summary_description(insights: Insights) -> str:
    """What summary_png shows, figures and all, for its alt text and the message beside it."""
    parts = " ".join(chart.description for chart in charts(insights))
    return f"Four charts of insights for {insights.month}. {parts}"


def summary_png(insights: Insights) -> bytes:
    """The four charts on one 1200x900 image, for chat and the monthly digest."""
    from matplotlib.figure import Figure  # matplotlib loads only to draw (0.9 s)

    figure = Figure(figsize=(12, 9), dpi=100, layout="constrained")
    figure.suptitle(f"Insights, {insights.month}", fontsize=16)
    for index, chart in enumerate(charts(insights), start=1):
        ax = figure.add_subplot(2, 2, index)
        ax.set_title(chart.title)
        chart.draw(ax)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def section_svg(chart: Chart) -> str:
    """One chart as inline SVG, text kept as text, named for screen readers."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), dpi=100, layout="constrained")
    chart.draw(figure.add_subplot(1, 1, 1))
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "collab-bot"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})  # same page, same bytes
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\swidth="[^"]*"\sheight="[^"]*"', "", svg, count=1)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{_attribute(chart.description)}" class="chart" ',
        1,
    )


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
