"""What other features may use of insights: counting a library search, the settings."""

from bot.features.insights.activity import record_search
from bot.features.insights.settings import InsightsSettings

__all__ = ["InsightsSettings", "record_search"]
