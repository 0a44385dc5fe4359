"""robots.txt: everything may be crawled except the iframe embeds (which also carry a noindex
meta of their own); the sitemap is announced. Crawlers read robots.txt only at the root of a host
(RFC 9309), so it is published only when the bank is served there: under a project path
(https://innobank.github.io/innobank/) it would be a file nobody reads, and the host's own
robots.txt must carry these lines instead (README, "robots.txt")."""

from __future__ import annotations

from urllib.parse import urlparse


def rules(site_url: str) -> str:
    root = urlparse(site_url).path or "/"
    return (f"User-agent: *\nDisallow: {root}embed/\nDisallow: {root}en/embed/\n\n"
            f"Sitemap: {site_url}sitemap.xml\n")


def publish(rel, site_url: str, **_) -> dict[str, str]:
    if (urlparse(site_url).path or "/") != "/":
        return {}
    return {"robots.txt": rules(site_url)}
