"""The page that documents the open data: JSON API v1, schemas, form downloads and feeds."""

from __future__ import annotations

from . import Page


def build(rel, settings):
    yield Page("api", "api.html", "nav.api")
