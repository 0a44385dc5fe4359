"""Pages that only send the reader on, in both languages: each alias of a renamed innovation (to
its new address), and each folder of the site that holds pages but is no page of its own (to the
page that lists what it holds: ideas/ to browse/), so an address shortened by hand does not end
in a 404 on a static host. Each is a small page: a meta refresh to the page, relative so it works
on any host, a canonical link to the published page, noindex, and a link for a browser that does
not follow the refresh. A folder whose values are worth a page of their own gets one instead
(browse/status/: pages/browse.py facet_page); tests/test_folders.py walks the built site for any
folder left without a page."""

from __future__ import annotations

import posixpath

from markupsafe import escape

from ..i18n import LANGUAGES, t
from ..pages import url_of

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{canonical}"><link rel="icon" href="{root}{icon}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}"></head>
<body><a href="{target}">{text}</a></body></html>
"""

# folder → (the page that lists what it holds, that page's title): ideas/<slug>/, the embeds
# (embed/offices/<id>/), and browse/office/<id>/, whose values would be every office on one page
# where the index of offices gives them with their counts, a page at a time
FOLDERS = {
    "ideas": ("browse", "nav.browse"),
    "browse/office": ("offices", "nav.offices"),
    "embed": ("offices", "nav.offices"),
    "embed/offices": ("offices", "nav.offices"),
}


def _page(lang: str, here: str, key: str, site_url: str, icon: str, title: str, text: str) -> str:
    """here: the redirect's site path (en/ideas/x/); key: the page it sends the reader to."""
    target = url_of(key, lang)
    canonical = escape(site_url + target)
    return _PAGE.format(lang=lang, title=escape(title), canonical=canonical, root="../" * here.count("/"), icon=icon,
                        target=escape(posixpath.relpath(target, here) + "/"), text=escape(text) if text else canonical)


def publish(rel, site_url: str, config, **_) -> dict[str, str]:
    """The site's icon is named too: a page without one has the browser ask for /favicon.ico,
    which the site does not have (a 404 on a phone's slow connection)."""
    out = {}
    icon = escape(config.theme["favicon"])
    for slug, rec in rel.bank.ideas.items():
        for alias in rec.item.aliases:
            for lang in LANGUAGES:
                here = url_of(f"ideas/{alias}", lang)
                out[here + "index.html"] = _page(lang, here, f"ideas/{slug}", site_url, icon, slug, "")
    for folder, (key, title) in FOLDERS.items():
        for lang in LANGUAGES:
            here = url_of(folder, lang)
            out[here + "index.html"] = _page(lang, here, key, site_url, icon, t(title, lang), t(title, lang))
    return out
