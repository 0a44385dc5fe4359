"""Renamed innovations keep their old addresses: each alias becomes a small redirect page in
both languages (a meta refresh to the new address, relative so it works on any host, and a
canonical link to the published page)."""

from __future__ import annotations

from markupsafe import escape

from ..i18n import LANGUAGES
from ..pages import url_of

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{slug}</title>
<link rel="canonical" href="{canonical}"><link rel="icon" href="{root}{icon}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=../{slug}/"></head>
<body><a href="../{slug}/">{canonical}</a></body></html>
"""


def publish(rel, site_url: str, config, **_) -> dict[str, str]:
    """The site's icon is named too: a page without one has the browser ask for /favicon.ico,
    which the site does not have (a 404 on a phone's slow connection)."""
    out = {}
    icon = escape(config.theme["favicon"])
    for slug, rec in rel.bank.ideas.items():
        for alias in rec.item.aliases:
            for lang in LANGUAGES:
                canonical = escape(site_url + url_of(f"ideas/{slug}", lang))
                url = url_of(f"ideas/{alias}", lang)
                out[url + "index.html"] = _PAGE.format(
                    lang=lang, slug=slug, canonical=canonical, root="../" * url.count("/"), icon=icon)
    return out
