"""Shared fixtures. Append new fixtures below; keep each one small."""

from __future__ import annotations

from collections import Counter

import pytest


# ---- content validation (test_validate.py, test_hostile_input.py) -------------------------------

_HOSTILE_TALLY: Counter = Counter()


@pytest.fixture(scope="session")
def hostile_tally() -> Counter:
    """Counts the hostile inputs fed to the loader, by kind; the total is printed after the run."""
    return _HOSTILE_TALLY


def pytest_terminal_summary(terminalreporter):
    if _HOSTILE_TALLY:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(_HOSTILE_TALLY.items()))
        terminalreporter.write_line(f"hostile inputs tried: {sum(_HOSTILE_TALLY.values())} ({kinds})")
