"""The innovations' titles of each office and each place, at contribute/titles/<field>/<value>.json,
for the contribute form's warning that a new title is nearly the same as an existing one's
(load/duplicates.py). The form fetches the file of the office and of the place the officer chose,
and only those: a bank of 100,000 innovations is never in one page. Each row is
[slug, folded Bengali title, folded English title, Bengali title, English title], folded by
load/duplicates.py itself, so the form folds only what is typed."""

from __future__ import annotations

import json

from ..i18n import LANGUAGES
from ..load.duplicates import folded_title, grouped, title_in
from ..pages.contribute import TITLES


def publish(rel, **_) -> dict[str, str]:
    out: dict[str, str] = {}
    for (field, value), slugs in grouped(rel.bank).items():
        rows = []
        for slug in slugs:
            titles = [title_in(rel.bank.ideas[slug].item, lang) for lang in LANGUAGES]
            rows.append([slug, *map(folded_title, titles), *titles])
        out[f"{TITLES}/{field}/{value}.json"] = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return out
