"""robots.txt: everything may be crawled except the iframe embeds; the sitemap is announced."""

from __future__ import annotations

from urllib.parse import urlparse


def publish(rel, site_url: str, **_) -> dict[str, str]:
    root = urlparse(site_url).path or "/"
    return {"robots.txt": f"User-agent: *\nDisallow: {root}embed/\nDisallow: {root}en/embed/\n\n"
                          f"Sitemap: {site_url}sitemap.xml\n"}
