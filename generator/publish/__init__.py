"""Everything the site publishes besides its pages: the JSON API and schemas, the Cabinet
Division form as CSV/XLSX, Atom feeds, office embeds, redirect pages (of aliases and of folders),
robots.txt, share images, the sitemap, the search box's messages, and what the contribute form
reads (each file's source text, each office's and place's titles folded for the near-duplicate
warning, the file names taken).

Each module returns `{site path: output}`: text, bytes, the Path of a file to copy, or an `Output`
that makes one of those when asked. The plugin keeps a file from the last build when what it is
made from did not change (generator/incremental.py), so a publisher hands its work over as Outputs
wherever making the file costs more than saying what it is made from."""

from __future__ import annotations

from . import (api, downloads, embeds, existing, feeds, redirects, robots, search_messages, share_images, sitemap,
               sources, titles)
from .output import Output, made

# Those whose files the plugin's render workers make (share images are drawn by the workers too:
# share_images.plan, draw, place); the first process makes the others while they render.
SHARED = (downloads.publish,)
PUBLISHERS = (api.publish, feeds.publish, embeds.publish, redirects.publish, robots.publish, sitemap.publish,
              sources.publish, titles.publish, existing.publish, search_messages.publish)
# Also on `mkdocs serve`'s quick rebuilds: cheap, and what the first build wrote would be wrong
# after an edit that adds or removes a page.
EVERY_BUILD = (sitemap.publish, existing.publish)

__all__ = ["PUBLISHERS", "SHARED", "EVERY_BUILD", "Output", "made"]
