"""The home page: what the bank is, its counts and savings, featured awards, newest additions."""

from __future__ import annotations

from ..stats import summary
from . import Page
from .map import choropleth, implemented_by_district
from .showcase import showcased

FEATURED = 6
NEWEST = 6


def build(rel, settings):
    newest = rel.newest
    yield Page("index", "home.html", "site.name", description="site.description", data={
        "summary": summary(rel.bank),
        "featured": showcased(newest)[0][:FEATURED],
        "newest": newest[:NEWEST],
        "map": choropleth(implemented_by_district(rel)),
    })
