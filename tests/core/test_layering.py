"""The lines of the house, checked on the source: imports point one way, the kernel knows no
feature, features meet only at each other's `api` module, nothing imports in a circle, and
the core names no platform.

Every import counts, at module level, inside a function or under TYPE_CHECKING. Each rule
is also run on a small probe tree that breaks it, so a check that can no longer see a
breach fails here too.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("slack_bolt", "slack_sdk", "discord", "adapters")
PACKAGES = ("bot", "storage", "adapters")
FEATURES = "bot.features"
# The one circle allowed: Deps names the Router type and the Router's handlers take Deps.
ALLOWED_CYCLE = {"bot.deps", "bot.router"}
PLATFORM_WORDS = {"slack", "discord"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(root: Path) -> dict[str, Path]:
    """Every module under the packages, by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ours that `name` imports: ``from a import b`` means ``a.b`` when that
    is a module, else ``a``; relative imports are resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            subs = {f"{base}.{alias.name}" for alias in node.names} & known.keys()
            out |= subs or {base}
    return {module for module in out if module in known}


def graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


@functools.cache
def house() -> dict[str, set[str]]:
    return graph(ROOT)


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if module.startswith(FEATURES + ".") and len(parts) > 2 else None


def kernel_reaches(edges: dict[str, set[str]]) -> list[str]:
    """Kernel modules (bot/ outside bot/features/) that import a feature."""
    return sorted(
        f"{module} imports {target}"
        for module, targets in edges.items()
        if module.startswith("bot") and not module.startswith(FEATURES)
        for target in targets
        if target == FEATURES or target.startswith(FEATURES + ".")
    )


def feature_reaches(edges: dict[str, set[str]]) -> list[str]:
    """A feature importing another feature's module other than that feature's `api`."""
    offenders = []
    for module, targets in edges.items():
        own = feature_of(module)
        if own is None:
            continue  # the kernel, or bot/features/__init__.py: the composition list
        for target in targets:
            other = feature_of(target)
            foreign = target == FEATURES or (other is not None and other != own)
            if foreign and target != f"{FEATURES}.{other}.api":
                offenders.append(f"{module} imports {target}")
    return sorted(offenders)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), but the allowed pair."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain never meets the recursion limit.
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1 and set(group) != ALLOWED_CYCLE:
                        found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def platform_literals(root: Path) -> list[str]:
    """String constants in bot/ that are a platform's name (the core must not know them)."""
    return sorted(
        f"{path.relative_to(root)}:{node.lineno} {node.value!r}"
        for path in (root / "bot").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.strip(" :").lower() in PLATFORM_WORDS
    )


def test_core_and_storage_import_no_platform_library() -> None:
    offenders = []
    for package in ("bot", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            for name in imported_modules(path):
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_storage_knows_nothing_above_it() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "storage").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] == "bot"
    ]
    assert offenders == []


def test_the_kernel_imports_no_feature() -> None:
    assert kernel_reaches(house()) == []


def test_features_meet_only_at_each_others_api() -> None:
    assert feature_reaches(house()) == []


def test_nothing_imports_in_a_circle() -> None:
    assert cycles(house()) == []


def test_the_core_names_no_platform() -> None:
    assert platform_literals(ROOT) == []


def test_the_check_itself_sees_imports() -> None:
    probe = ROOT / "adapters" / "console" / "session.py"
    assert "bot.model" in imported_modules(probe)
    edges = house()
    assert "bot.router" in edges["bot.app"]
    assert {"bot.deps", "bot.router"} <= edges.keys()


def _tree(root: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (root / package).mkdir(exist_ok=True)
        (root / package / "__init__.py").touch()
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            if parent != Path("."):
                (root / parent / "__init__.py").touch()
        path.write_text(source)
    return root


def test_a_kernel_import_of_a_feature_is_seen_even_inside_a_function(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "bot/app.py": "def later():\n    from bot.features.help import commands\n",
            "bot/features/help/commands.py": "",
        },
    )
    assert kernel_reaches(graph(root)) == ["bot.app imports bot.features.help.commands"]


def test_a_reach_past_another_features_api_is_seen_under_type_checking(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "bot/features/a/x.py": (
                "from typing import TYPE_CHECKING\n"
                "from bot.features.b import api\n"
                "from bot.features.a import y\n"
                "if TYPE_CHECKING:\n"
                "    from bot.features.b.forms import Form\n"
            ),
            "bot/features/a/y.py": "",
            "bot/features/b/api.py": "",
            "bot/features/b/forms.py": "",
            # The composition list may import every feature.
            "bot/features/__init__.py": "from bot.features.b import forms\n",
        },
    )
    assert feature_reaches(graph(root)) == ["bot.features.a.x imports bot.features.b.forms"]


def test_a_circle_through_a_function_level_import_is_seen(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "adapters/p.py": "from adapters import q\n",
            "adapters/q.py": "def later():\n    from . import r\n",
            "adapters/r.py": "import adapters.p\n",
            "bot/deps.py": "from bot.router import Router\n",
            "bot/router.py": "from bot.deps import Deps\n",
        },
    )
    assert cycles(graph(root)) == [["adapters.p", "adapters.q", "adapters.r"]]


def test_a_platform_name_in_the_core_is_seen(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "bot/x.py": (
                '"""Slack and Discord may be named in prose."""\n'
                'NAMES = {"Discord": 1}\nKEY = f"slack:{1}"\nOK = "slack.com"\n'
            )
        },
    )
    assert platform_literals(root) == ["bot/x.py:2 'Discord'", "bot/x.py:3 'slack:'"]
