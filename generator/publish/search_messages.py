"""The search box's messages in both languages, at assets/javascripts/search-messages.json, which
search.js loads with the index: one file instead of data- attributes on every page (8.6 MB at
10,000 innovations). The message for an index that cannot load stays on the page
(partials/bank/search.html), with the digest of this file's text (a template global, `digest`
below): search.js asks for the file with it in the query, so a reader who comes back after the
catalogue changed gets the new messages, not the browser's copy of the old ones (GitHub Pages lets
a browser keep a file for ten minutes)."""

from __future__ import annotations

from functools import lru_cache

from ..i18n import LANGUAGES, t
from ..load import stable_hash
from ..json_text import dumps

PATH = "assets/javascripts/search-messages.json"
KEYS = ("none", "one", "other", "similar", "more")  # search.js fills their {placeholders}


def text() -> str:
    """The file, from the catalogue's search.* messages."""
    return dumps({lang: {key: t(f"search.{key}", lang) for key in KEYS} for lang in LANGUAGES})


def digest_of(text: str) -> str:
    return f"{stable_hash(text):016x}"


@lru_cache(maxsize=1)
def digest() -> str:
    return digest_of(text())


def publish(**_) -> dict[str, str]:
    return {PATH: text()}
