"""Each event's loop in /insights: answers by kind and platform, reminders delivered, ratings
and the unsigned "what next" answers, each with a button to make it a topic suggestion."""

from __future__ import annotations

from datetime import tzinfo

from bot.features.events.api import Outcome, suggest_button
from bot.limits import cut
from bot.model import Button, Field, Section

SHOWN_EVENTS = 3
SHOWN_IDEAS = 5
IDEA_BUTTONS = 3


def answers_words(outcome: Outcome) -> str:
    kinds = outcome.by_kind()
    return "; ".join(f"{kind} {n} ({per})" for kind, n, per in kinds) or "none yet"


def ratings_words(outcome: Outcome) -> str:
    r = outcome.ratings
    if r is None or not r.count or r.average is None:
        return "none yet"
    spread = " · ".join(f"{stars}: {n}" for stars, n in enumerate(r.by_stars, start=1))
    return f"{r.count}, average {r.average:.1f} ({spread})"


def session_date(outcome: Outcome, zone: tzinfo) -> str:
    return outcome.session_start.astimezone(zone).strftime("%b %d %Y")


def has_news(outcome: Outcome) -> bool:
    return bool(
        outcome.answered
        or outcome.reminders_delivered
        or (outcome.ratings and outcome.ratings.count)
        or outcome.next_topics
    )


def _idea_button(outcome: Outcome, index: int) -> Button | None:
    topic = outcome.next_topics[index]
    button = suggest_button(topic)
    if button is None:
        return None
    return Button(f"Suggest “{cut(topic.text, 40)}”", button.action)


def sections(after: tuple[Outcome, ...], zone: tzinfo) -> tuple[Section, ...]:
    """The latest events with anything to show, one section each (never a name)."""
    shown = [o for o in after if has_news(o)][-SHOWN_EVENTS:]
    out = []
    for outcome in shown:
        ideas = outcome.next_topics[-SHOWN_IDEAS:]
        fields = [
            Field.of("Answers", answers_words(outcome)),
            Field.of("Reminders delivered", str(outcome.reminders_delivered)),
            Field.of("Ratings", ratings_words(outcome)),
        ]
        if ideas:
            fields.append(Field.of("What next", "; ".join(f"“{cut(t.text, 80)}”" for t in ideas)))
        first = len(outcome.next_topics) - len(ideas)
        buttons = [_idea_button(outcome, first + n) for n in range(len(ideas))]
        out.append(
            Section(
                title=f"{outcome.title}, {session_date(outcome, zone)}"[:150],
                fields=tuple(fields),
                buttons=tuple(b for b in buttons if b is not None)[:IDEA_BUTTONS],
                footer="Answers and ratings are counts; nobody's name is kept with them.",
            )
        )
    return tuple(out)
