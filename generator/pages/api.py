"""The page that documents the open data (JSON API v1, its schemas, the form downloads, the
feeds and the offices' embeds), and the API's addresses: publish/api.py writes its documents at
the addresses named here, so the page and the files cannot disagree."""

from __future__ import annotations

from typing import NamedTuple

from ..model import KINDS
from ..model.schema import DIALECT
from . import Page, url_of

VERSION = "v1"
BASE = f"api/{VERSION}"
INDEX = f"{BASE}/index.json"
PAGE_SIZE = 100  # records in a list page: about 100 KB of summaries
BULK_LINES = 5_000  # documents in a part of the bulk download: about 4 MB gzipped at 10,000 innovations
ONE = {kind: kind[:-1] for kind in KINDS}  # ideas → idea: the name of one document of a kind


def listing_path(kind: str) -> str:
    return f"{BASE}/{kind}.json"


def page_path(kind: str, number: int | str) -> str:
    return f"{BASE}/{kind}/page/{number}.json"


def item_path(kind: str, slug: str) -> str:
    return f"{BASE}/{kind}/{slug}.json"


def bulk_path(number: int | str) -> str:
    return f"{BASE}/bulk/{number}.ndjson.gz"


def schema_path(name: str) -> str:
    return f"{BASE}/schema/{name}.schema.json"


def embed_key(office: str) -> str:
    """The page key of an office's embed (publish/embeds.py)."""
    return f"embed/offices/{office}"


class ResponseNames(NamedTuple):
    """The names of the schemas of a kind's documents."""

    listing: str  # ideas.response: the list of its pages
    page: str  # ideas.page.response: a page of it
    item: str  # idea.response: one record's


def response_names(kind: str) -> ResponseNames:
    return ResponseNames(f"{kind}.response", f"{kind}.page.response", f"{ONE[kind]}.response")


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """A list has at least one page, empty when nothing is there yet."""
    return max(1, -(-total // size))


def bulk_count(lines: int, size: int = BULK_LINES) -> int:
    return -(-lines // size)


def build(rel, settings):
    counts = {kind: len(getattr(rel.bank, kind)) for kind in KINDS}
    first = {kind: next(iter(getattr(rel.bank, kind)), None) for kind in KINDS}
    parts = bulk_count(sum(counts.values()))

    def row(path: str, key: str, schema: str | None, link: str | None, **values) -> dict:
        """One address (or pattern) of the API, what it holds, its schema and the real address its
        link opens (for a pattern, the first page, part or record)."""
        return {"path": path, "key": key, "args": values, "link": link,
                "schema": schema and schema_path(schema)}

    endpoints = [row(INDEX, "api.index", "index.response", INDEX)]
    for kind, count in counts.items():
        listing, page, item = response_names(kind)
        endpoints += [
            row(listing_path(kind), f"api.{kind}_list", listing, listing_path(kind)),
            row(page_path(kind, "{n}"), f"api.{kind}_page", page, page_path(kind, 1),
                size=PAGE_SIZE, pages=page_count(count)),
            row(item_path(kind, "{id}"), f"api.{ONE[kind]}", item, first[kind] and item_path(kind, first[kind])),
        ]
    endpoints += [row(bulk_path("{n}"), "api.bulk", None, parts and bulk_path(1), lines=BULK_LINES, parts=parts),
                  row(schema_path("{kind}"), "api.schema", None, schema_path("idea"))]
    # an office's embed (publish/embeds.py), whose code to paste is on its page (partials/bank/open-data.html)
    embed = {"address": url_of(embed_key("{id}"), "bn"), "address_en": url_of(embed_key("{id}"), "en"),
             "example": first["offices"]}
    # the page shows the addresses alone (Relations.again)
    yield rel.again(("api",), (endpoints, first["offices"]), lambda: Page("api", "api.html", "nav.api", data={
        "api_version": VERSION, "dialect": DIALECT, "endpoints": endpoints, "replaced": listing_path("ideas"),
        "embed": embed}))
