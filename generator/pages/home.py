"""The home page: what the bank is, its counts and savings, featured awards, newest additions."""

from __future__ import annotations

from ..stats import summary
from . import Page
from .showcase import by_award

FEATURED = 6
NEWEST = 6


def build(rel, settings):
    ideas = list(rel.bank.ideas.values())
    yield Page("index", "home.html", "site.name", description="site.description", data={
        "summary": summary(rel.bank),
        "featured": by_award(ideas)[:FEATURED],
        "newest": rel.newest_first(ideas)[:NEWEST],
    })
