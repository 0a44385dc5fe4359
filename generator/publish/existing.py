"""Every innovation's and team's file name, at contribute/existing.json, for the contribute form's
check that a new file's name is not taken (pages/contribute.py `existing`, whose digest the form's
address for it carries). Published as text, so a build keeps the last one's file while the names
are the same."""

from __future__ import annotations

from ..pages.contribute import EXISTING, existing


def publish(rel, **_) -> dict[str, str]:
    return {EXISTING: existing(rel.bank)}
