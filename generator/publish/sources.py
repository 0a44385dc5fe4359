"""Each innovation's and team's file as it is in the repository, gzipped, at
contribute/source/<kind>/<file>.gz (a .md file among the site's files would be taken for a page to
render), for the contribute form: "Propose a change" fills the form from the API's record and
keeps this text, so a change leaves the rest of the file (its comments, its layout) as it was, and
a file sent back unchanged is the same bytes. The English body's .en.md beside it.

Gzipped because the form alone reads them, one or two at a time, and they deflate to a third:
4.7 → 1.6 KB a file of the bench corpus, 84 → 28 MB at 10,000 innovations. The form
unpacks them with the browser's DecompressionStream (contribute.js); the bytes inside are the
file's own, never rewritten, and gzip's header holds no time, so a build gives the same bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

from ..pages.contribute import KINDS, SOURCE
from .output import Output


def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def publish(rel, **_) -> dict[str, Output]:
    out: dict[str, Output] = {}
    for kind in KINDS:
        for slug, rec in getattr(rel.bank, kind).items():
            path = rec.source.path
            out[f"{SOURCE}/{kind}/{path.name}.gz"] = Output(_gzipped, path)
            english = path.with_name(f"{slug}.en.md")
            if "en" in rec.body:
                out[f"{SOURCE}/{kind}/{english.name}.gz"] = Output(_gzipped, english)
    return out
