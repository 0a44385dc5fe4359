"""sitemap.xml: every page of the site in each language, each naming its language versions (bn,
en and x-default, the Bengali page, as the pages' heads do) as hreflang alternates, and, for an
innovation or a team, the date its file last changed.

Why the alternates are here too although each page's head names them: Google reads hreflang from
either place, but issue 5 asks for a sitemap with hreflang alternates, and other crawlers and
checkers read the sitemap alone, without fetching every page. They are three quarters of its bytes
(bench/corpus.py's 2,000 innovations, 6,484 pages: 0.82 MB without them, 3.49 MB with them; about
17 MB at 10,000 innovations, two files of the split below).

A sitemap file may list at most 50,000 addresses and weigh at most 50 MB (sitemaps.org), and the
bank keeps every file under 10 MB (issue 13). A bank with more pages than fit in one file gets a
sitemap index at sitemap.xml (the address robots.txt announces) naming sitemap-1.xml,
sitemap-2.xml, …; they sit at the site's root because a sitemap may list only addresses under its
own folder. A page and its twins stay in the same file.

The list comes from the pages the plugin generated: every build writes it, and a quick rebuild of
`mkdocs serve` only when a page came, went or changed its date (generator/plugin.py)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..i18n import LANGUAGES
from ..pages import url_of

LIMIT = 50_000  # addresses in one sitemap file (sitemaps.org)
MAX_BYTES = 10_000_000  # sitemaps.org allows 50 MB; the bank keeps every file under 10 MB (issue 13)
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
_URLSET = f'{_HEAD}<urlset {_NS} xmlns:xhtml="http://www.w3.org/1999/xhtml">\n', "</urlset>\n"
DEFAULT = "bn"  # x-default: the page a reader of neither language gets, as in the pages' heads (theme/main.html)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _lastmod(date) -> str:
    return f"<lastmod>{date.isoformat()}</lastmod>" if date else ""


def _urls(site_url: str, key: str, updated) -> str:
    """A page in each language, each naming all of them and x-default as alternates."""
    alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{_attr(site_url + url_of(key, version))}"/>'
                         for lang, version in (*((lang, lang) for lang in LANGUAGES), ("x-default", DEFAULT)))
    return "".join(f"<url><loc>{escape(site_url + url_of(key, lang))}</loc>{alternates}{_lastmod(updated)}</url>\n"
                   for lang in LANGUAGES)


def publish(rel, site_url: str, pages, limit: int = LIMIT, max_bytes: int = MAX_BYTES, **_) -> dict[str, str]:
    """pages: the plugin's pages (in one language or both); limit and max_bytes bound one file."""
    updated = {}  # page key → date, in the order the builders gave the pages
    for lang_page in pages:
        updated.setdefault(lang_page.page.key, lang_page.page.data.get("updated"))
    entries = {key: _urls(site_url, key, date) for key, date in updated.items()}
    room = max_bytes - len("".join(_URLSET).encode())
    files: list[list[str]] = [[]]  # the keys in each file
    used = count = 0
    for key, entry in entries.items():
        size = len(entry.encode())
        if size > room or len(LANGUAGES) > limit:
            raise ValueError(f"a sitemap file of {limit} addresses and {max_bytes} bytes cannot hold the page {key}")
        if count + len(LANGUAGES) > limit or used + size > room:
            files.append([])
            used = count = 0
        files[-1].append(key)
        used, count = used + size, count + len(LANGUAGES)
    urlsets = [_URLSET[0] + "".join(entries[key] for key in keys) + _URLSET[1] for keys in files]
    if len(urlsets) == 1:
        return {"sitemap.xml": urlsets[0]}
    out = {f"sitemap-{n}.xml": urlset for n, urlset in enumerate(urlsets, start=1)}
    listed = "".join(f"<sitemap><loc>{escape(f'{site_url}sitemap-{n}.xml')}</loc>"
                     f"{_lastmod(max(filter(None, (updated[key] for key in keys)), default=None))}</sitemap>\n"
                     for n, keys in enumerate(files, start=1))
    out["sitemap.xml"] = f"{_HEAD}<sitemapindex {_NS}>\n{listed}</sitemapindex>\n"
    return out
