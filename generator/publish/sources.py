"""Each innovation's and team's file as it is in the repository, at contribute/source/<kind>/<file>.txt
(a .md file among the site's files would be taken for a page to render),
for the contribute form: "Propose a change" fills the form from the API's record and keeps this
text, so a change leaves the rest of the file (its comments, its layout) as it was, and a file sent
back unchanged is the same bytes. Copied, never rewritten; the English body's .en.md beside it."""

from __future__ import annotations

from pathlib import Path

from ..pages.contribute import KINDS, SOURCE


def publish(rel, **_) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for kind in KINDS:
        for slug, rec in getattr(rel.bank, kind).items():
            path = rec.source.path
            out[f"{SOURCE}/{kind}/{path.name}.txt"] = path
            english = path.with_name(f"{slug}.en.md")
            if "en" in rec.body:
                out[f"{SOURCE}/{kind}/{english.name}.txt"] = english
    return out
