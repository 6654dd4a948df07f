"""`collab-bot doctor` against the loopback fakes, as CI's fresh-clone check runs it:
python -m tests.operator.doctor_demo  (exit status: the doctor's)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from tests.operator.world import healthy_world, toml


async def main() -> int:
    world = await healthy_world()
    try:
        work = Path(tempfile.mkdtemp(prefix="collab-doctor-"))
        config = work / "config.toml"
        config.write_text(toml(world.config(str(work / "bot.db"))))
        env = {**os.environ, **world.env()}
        env.pop("COLLAB_BOT_DATABASE_URL", None)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli.main", "doctor", "--config", str(config), env=env
        )
        return await process.wait()
    finally:
        await world.stop()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
