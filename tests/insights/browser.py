"""Headless Chromium (Debian's chromium and chromium-driver) through selenium, and axe-core.

As root Chromium needs --no-sandbox. axe-core's script is vendored beside this file
(axe_core/, from the npm package, MPL-2.0; see its README); we drive it through selenium.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(DRIVER).exists()


def require() -> None:
    """Skip on a developer machine without Chromium; in CI (which installs it) fail instead."""
    if available():
        return
    if os.environ.get("CI"):
        pytest.fail("chromium and chromium-driver are missing; .ci/run installs them")
    pytest.skip("install Debian's chromium and chromium-driver to run the browser tests")


def chrome(width: int = 1280, height: int = 900) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(DRIVER))


AXE = Path(__file__).with_name("axe_core") / "axe.min.js"


def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    driver.execute_script(axe_source())
    script = (
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length}))));"
    )
    driver.set_script_timeout(60)
    result: list[dict[str, Any]] = driver.execute_async_script(script)
    return result


def console_errors(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
