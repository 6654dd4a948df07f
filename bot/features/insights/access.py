"""Whether a dashboard link's organizer is still one, asked afresh on every load.

A signed link lives up to a week; an organizer who loses the role must lose the dashboard
at once. The platform's own answer is used where its adapter runs in this process (a Slack
user group, Discord roles); otherwise the ids in config decide, and a role-based organizer
whose platform is not here is refused (fail closed).
"""

from __future__ import annotations

from bot.deps import Deps
from bot.roles import roles_for


async def still_organizer(deps: Deps, account_key: str) -> bool:
    platform, _, user_id = account_key.partition(":")
    check = deps.organizer_checks.get(platform)
    if check is not None:
        try:
            return await check(user_id)
        except Exception:
            return False  # the platform cannot say: no dashboard until it can
    return bool(roles_for(deps.settings, platform, user_id))
