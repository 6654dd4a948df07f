"""Queries of the topics feature, one module per idea.

- `suggestions`: adding, reading and listing suggestions with their vote counts;
- `support`: votes and follows (one of each per person and suggestion);
- `decisions`: a decision proposed, applied, undone, and its notices;
- `merges`: what a merge moves, kept while it can be undone, and put back on Undo;
- `drafts`: drafts kept while a member decides about a near-duplicate;
- `posts`: a suggestion's channel posts.

The feature reads them as one store (`from storage import topics as store`), except a
merge, which is done and undone in `storage.topics.merges` alone.
"""

from storage.topics.decisions import (
    apply,
    get_change,
    latest_applied,
    propose,
    revert,
    withdraw_notices,
)
from storage.topics.drafts import add_draft, prune_drafts, take_draft
from storage.topics.posts import channel_posts
from storage.topics.suggestions import (
    add,
    alive_titles,
    by_author,
    count_since,
    everything,
    get,
    is_empty,
    lock_author,
    page,
    planned_for_event,
    top_alive,
    voted_by,
)
from storage.topics.support import followers, set_follow, toggle_vote, vote_count, voted_among

__all__ = [
    "add",
    "add_draft",
    "alive_titles",
    "apply",
    "by_author",
    "channel_posts",
    "count_since",
    "everything",
    "followers",
    "get",
    "get_change",
    "is_empty",
    "latest_applied",
    "lock_author",
    "page",
    "planned_for_event",
    "propose",
    "prune_drafts",
    "revert",
    "set_follow",
    "take_draft",
    "toggle_vote",
    "top_alive",
    "vote_count",
    "voted_among",
    "voted_by",
    "withdraw_notices",
]
