"""Everything the site publishes besides its pages: the JSON API and schemas, the Cabinet
Division form as CSV/XLSX, Atom feeds, office embeds, alias redirects, robots.txt, share
images and the sitemap. Each module returns `{site path: content}` (or the Path of a file to
copy); the plugin adds them to the build as generated files."""

from __future__ import annotations

from . import api, downloads, embeds, feeds, redirects, robots, share_images, sitemap, sources, titles

PUBLISHERS = (api.publish, downloads.publish, feeds.publish, embeds.publish, redirects.publish, robots.publish,
              share_images.publish, sitemap.publish, sources.publish, titles.publish)
# Also on `mkdocs serve`'s quick rebuilds: cheap, and what the first build wrote would be wrong
# after an edit that adds or removes a page.
EVERY_BUILD = (sitemap.publish,)

__all__ = ["PUBLISHERS", "EVERY_BUILD"]
