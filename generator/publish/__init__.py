"""Everything the site publishes besides its pages: the JSON API and schemas, the Cabinet
Division form as CSV/XLSX, Atom feeds, office embeds, alias redirects and robots.txt. Each
module returns `{site path: content}`; the plugin adds them to the build as generated files."""

from __future__ import annotations

from . import api, downloads, embeds, feeds, redirects, robots

PUBLISHERS = (api.publish, downloads.publish, feeds.publish, embeds.publish, redirects.publish, robots.publish)

__all__ = ["PUBLISHERS"]
