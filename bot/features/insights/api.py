"""What other features may use of insights: counting a library search, forgetting a
person's counted searches, the settings."""

from bot.features.insights.activity import record_search
from bot.features.insights.forget import LABEL, forget_searches, searches_of, write_pending
from bot.features.insights.settings import InsightsSettings

__all__ = [
    "LABEL",
    "InsightsSettings",
    "forget_searches",
    "record_search",
    "searches_of",
    "write_pending",
]
