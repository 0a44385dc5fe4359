"""robots.txt: everything may be crawled, and the sitemap is announced by its full address.

Crawlers read robots.txt only at the root of a host (RFC 9309), so the file takes effect only when
the bank is served there (a custom domain). It is written on every build all the same: a reader or
a checker of the built site looks for it there, and under a project path
(https://innobank.github.io/innobank/) the host's own robots.txt should carry its Sitemap line
instead (README, "robots.txt"). The embeds are not disallowed: they carry a noindex meta of their
own, which a crawler reads only on a page it may fetch."""

from __future__ import annotations


def rules(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def publish(rel, site_url: str, **_) -> dict[str, str]:
    return {"robots.txt": rules(site_url)}
