"""A light page per office and language for ministry websites to put in an iframe: no site
header or scripts, inline styles, a few KB, listing the office's first showcased innovations
(awarded, or implemented with a running service: pages.showcase.embedded) with status and
service links that open in the parent tab. embed/offices/<id>/ and en/embed/offices/<id>/."""

from __future__ import annotations

from ..i18n import LANGUAGES
from ..pages import url_of
from ..pages.api import embed_key
from ..pages.showcase import embedded
from .output import Output


def publish(rel, site_url: str, env, config, **_) -> dict[str, Output]:
    template = env.get_template("embed.html")

    def embed(oid, office, records, total, lang) -> str:
        return template.render(page_lang=lang, config=config, site_url=site_url, office=office, oid=oid,
                               records=records, total=total)

    out = {}
    for oid, rec in rel.bank.offices.items():
        records = embedded(rel.ideas_by_office.get(oid, []))
        for lang in LANGUAGES:
            out[url_of(embed_key(oid), lang) + "index.html"] = Output(
                embed, oid, rec, records, len(rel.ideas_by_office.get(oid, [])), lang)
    return out
