"""The innovations' titles of each office and each place, at contribute/titles/<field>/<value>.json,
for the contribute form's warning that a new title is nearly the same as an existing one's
(load/duplicates.py). The form fetches the file of the office and of the place the officer chose,
and only those: a bank of 100,000 innovations is never in one page. Each row is
[slug, folded Bengali title, folded English title, Bengali title, English title], folded by
load/duplicates.py itself, so the form folds only what is typed."""

from __future__ import annotations

from ..i18n import LANGUAGES
from ..load.duplicates import folded_title, grouped, title_in
from ..pages.contribute import TITLES
from ..json_text import dumps
from .output import Output


def rows(*records) -> str:
    out = []
    for rec in records:
        titles = [title_in(rec.item, lang) for lang in LANGUAGES]
        out.append([rec.slug, *map(folded_title, titles), *titles])
    return dumps(out)


def publish(rel, **_) -> dict[str, Output]:
    return {f"{TITLES}/{field}/{value}.json": Output(rows, *(rel.bank.ideas[slug] for slug in slugs))
            for (field, value), slugs in grouped(rel.bank).items()}
