"""Where a built site's bytes go: by group (innovation pages, listings, API, search index …), by
page kind, by folder and by file extension, and inside the HTML pages by part (head, header,
tabs, filter menus, cards, inline SVG, the article of an English page that falls back to Bengali …), in
total and per innovation, optionally scaled to another number of innovations.

    .venv/bin/python bench/size.py SITE_DIR [--ideas N] [--scale-to 10000] [--json]

`--ideas` defaults to the number of innovation pages in SITE_DIR/ideas/. Scaling is linear per
innovation (each innovation's card is on a fixed number of listings, the teams and offices grow
with the bank) except for the files that do not grow with it: the theme's assets and media, and
the share images as drawn: a build draws at most 1,000 and the cache
keeps them, so the line below the total says what they weigh once every page has its own.
1 KB = 1,000 bytes, 1 MB = 10⁶ bytes; each table gives file bytes and disk blocks ("disk MB":
each file rounded up to whole 4 KB blocks, as du counts them: small files take far more on disk
than their bytes).
`measure()` gives the figures as a dict (bench/run.py can call it); the command prints tables."""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

# What does not grow with the number of innovations; share images are scaled as drawn (at most
# 1,000 a build), and their line says what all of them weigh.
FIXED = ("assets/images/*", "assets/stylesheets/*", "assets/javascripts/*", "assets/fonts/*", "media/*",
         "404.html", "assets/share/*")
BLOCK = 4096  # a file takes whole disk blocks of 4 KB (ext4's; du and a host's quota count these)
SHARE = "assets/share/"  # share images: generator/publish/share_images.py
LISTINGS = ("browse", "showcase", "offices", "teams", "places", "scorecard")
GROUPS = (  # page kind (prefix) → group, first match wins
    ("ideas", "innovation pages"), ("en/ideas", "innovation pages"),
    ("browse", "listings (browse, showcase, index pages)"), ("en/browse", "listings (browse, showcase, index pages)"),
    ("showcase", "listings (browse, showcase, index pages)"), ("en/showcase", "listings (browse, showcase, index pages)"),
    ("offices (index", "listings (browse, showcase, index pages)"), ("en/offices (index", "listings (browse, showcase, index pages)"),
    ("teams (index", "listings (browse, showcase, index pages)"), ("en/teams (index", "listings (browse, showcase, index pages)"),
    ("offices", "office, team and place pages"), ("en/offices", "office, team and place pages"),
    ("teams", "office, team and place pages"), ("en/teams", "office, team and place pages"),
    ("places", "office, team and place pages"), ("en/places", "office, team and place pages"),
    ("api", "API (JSON, NDJSON)"), ("contribute: source", "contribute form: source bundles"),
    ("data", "downloads (CSV, XLSX)"), ("xml", "feeds and sitemap"), ("search", "search index"),
    ("assets/share", "share images"), ("assets", "assets and media"), ("media", "assets and media"),
)

# Parts of an HTML page, taken out in this order; what none of them holds is "body".
PARTS = (
    ("head", re.compile(r"<head>.*?</head>", re.S)),
    ("header", re.compile(r"<header\b.*?</header>", re.S)),
    ("tabs", re.compile(r"<nav class=\"bank-tabs.*?</nav>", re.S)),
    ("footer", re.compile(r"<footer\b.*?</html>", re.S)),
    ("filter menu", re.compile(r"<details class=\"bank-facets\"[^>]*>.*?</details>", re.S)),
    ("cards", re.compile(r"<ul class=\"bank-cards[^\"]*\">.*?</ul>", re.S)),
    ("inline svg", re.compile(r"<svg\b.*?</svg>", re.S)),
    ("inline script", re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>", re.S)),
    ("fallback article", re.compile(r"<div class=\"admonition note bank-fallback.*?</article>", re.S)),
)
# Across the whole page (the same bytes again, so these rows start with "=").
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"(?<=>)\s+(?=<)|\s{2,}")
UP = re.compile(r"(?:\.\./)+")


def kind_of(rel: str) -> str:
    """A file's page kind: ideas, en/ideas, browse (page 1), browse (page 2+), api: records …"""
    parts = rel.split("/")
    lang = "en/" if parts[0] == "en" and len(parts) > 1 else ""
    if lang:
        parts = parts[1:]
    top, name = (parts[0] if len(parts) > 1 else "(root)"), parts[-1]
    if rel.startswith(SHARE):
        return "assets/share"
    if not name.endswith(".html"):
        if top == "api":
            paged = "page" in parts or name in ("index.json", "ideas.json", "teams.json", "offices.json")
            return "api: bulk" if "bulk" in parts else "api: schemas" if "schema" in parts else \
                "api: list pages" if paged else "api: records"
        if top == "contribute":
            return "contribute: " + parts[1]
        if name.endswith(".xml"):
            return "xml: sitemap" if name.startswith("sitemap") else "xml: feeds"
        if top == "assets":
            return f"assets/{parts[1]}"
        return top if top != "(root)" else name
    if top in LISTINGS:
        if top in ("offices", "teams", "places") and (len(parts) == 2 or parts[1].isdigit()):
            return f"{lang}{top} (index)"
        if top in ("browse", "showcase"):
            return f"{lang}{top} (page {'2+' if any(p.isdigit() for p in parts[1:-1]) else '1'})"
    return lang + (top if top != "(root)" else name)


def group_of(kind: str) -> str:
    return next((group for prefix, group in GROUPS if kind.startswith(prefix)), "other pages and files")


def html_parts(text: str) -> dict[str, int]:
    """The bytes of each part of a page, then across the page: markup (tags), text, whitespace
    between tags or doubled, and the ../ of relative links."""
    found: dict[str, int] = {}
    rest = text
    for name, pattern in PARTS:
        size = sum(len(m.group(0).encode()) for m in pattern.finditer(rest))
        if size:
            found[name] = size
            rest = pattern.sub("", rest)
    found["body"] = len(rest.encode())
    tags = sum(len(m.group(0).encode()) for m in TAG.finditer(text))
    found["= markup (tags)"] = tags
    found["= text"] = len(text.encode()) - tags
    found["= whitespace"] = sum(len(m.group(0)) - ("\n" not in m.group(0)) for m in SPACE.finditer(text))
    found["= ../ in links"] = sum(len(m.group(0)) for m in UP.finditer(text))
    return found


def measure(site: Path, ideas: int | None = None, parts: bool = True) -> dict:
    """Bytes (and files) by group, kind, folder and extension, the bytes of each that do not grow
    with the bank, and (with `parts`) the parts of the HTML pages, in all and by kind."""
    site = Path(site)
    tables = {name: Counter() for name in ("group", "kind", "folder", "extension")}
    files = {name: Counter() for name in tables}
    blocks = {name: Counter() for name in tables}
    fixed = {name: Counter() for name in tables}
    fixed_blocks = {name: Counter() for name in tables}
    html, html_by_kind = Counter(), {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            size = os.lstat(path).st_size
            disk = -(-size // BLOCK) * BLOCK
            kind = kind_of(rel)
            top = rel.split("/")
            keys = {"group": group_of(kind), "kind": kind,
                    "folder": "/".join(top[:2] if top[0] == "en" and len(top) > 2 else top[:1]) if len(top) > 1 else ".",
                    "extension": name.rsplit(".", 1)[-1] if "." in name else ""}
            steady = any(fnmatch(rel, pattern) for pattern in FIXED)
            for table, key in keys.items():
                tables[table][key] += size
                files[table][key] += 1
                blocks[table][key] += disk
                fixed[table][key] += size if steady else 0
                fixed_blocks[table][key] += disk if steady else 0
            if parts and name.endswith(".html"):
                found = html_parts(Path(path).read_text(encoding="utf-8", errors="replace"))
                html.update(found)
                html_by_kind.setdefault(kind, Counter()).update(found)
    if ideas is None:
        ideas = sum(1 for p in (site / "ideas").iterdir() if (p / "index.html").exists()) if (site / "ideas").is_dir() else 0
    return {"ideas": ideas, "bytes": sum(tables["kind"].values()), "files": sum(files["kind"].values()),
            "fixed_bytes": sum(fixed["kind"].values()),
            "blocks": sum(blocks["kind"].values()), "fixed_blocks": sum(fixed_blocks["kind"].values()),
            "share_images": {"drawn": files["kind"]["assets/share"], "bytes": tables["kind"]["assets/share"],
                             "pages": ideas},  # one per innovation, for both its pages
            **{f"by_{name}": dict(table.most_common()) for name, table in tables.items()},
            **{f"files_by_{name}": dict(table) for name, table in files.items()},
            **{f"fixed_by_{name}": {k: v for k, v in table.items() if v} for name, table in fixed.items()},
            **{f"blocks_by_{name}": dict(table) for name, table in blocks.items()},
            **{f"fixed_blocks_by_{name}": {k: v for k, v in table.items() if v} for name, table in fixed_blocks.items()},
            "html_parts": dict(html.most_common()),
            "html_parts_by_kind": {k: dict(v.most_common()) for k, v in html_by_kind.items()}}


def table(facts: dict, scale_to: int | None = None, top: int = 30, kinds: int = 6) -> str:
    factor = scale_to / facts["ideas"] if scale_to and facts["ideas"] else 1.0
    total, ideas = facts["bytes"], max(facts["ideas"], 1)

    def project(size: int, fixed: int = 0) -> float:
        return (size - fixed) * factor + fixed

    width = 40
    head = f"{'files':>8}{'MB':>9}{'%':>6}{'KB/file':>9}{'B/idea':>8}{'disk MB':>9}" + (
        f"{'MB@' + format(scale_to, ','):>11}{'disk@' + format(scale_to, ','):>12}" if scale_to else "")
    lines = [f"{facts['ideas']:,} innovations, {facts['files']:,} files, {total / 1e6:,.1f} MB, "
             f"{total / ideas / 1e3:,.1f} KB per innovation, {facts['blocks'] / 1e6:,.1f} MB on disk in {BLOCK // 1024} KB blocks"
             + (f"; scaled to {scale_to:,} innovations: {project(total, facts['fixed_bytes']) / 1e6:,.0f} MB, "
                f"{project(facts['blocks'], facts['fixed_blocks']) / 1e6:,.0f} MB on disk" if scale_to else "")]
    share = facts["share_images"]
    if share["drawn"]:
        every = share["bytes"] / share["drawn"] * share["pages"] * factor
        lines.append(f"share images: {share['drawn']:,} of {share['pages']:,} drawn, {share['bytes'] / 1e6:,.1f} MB; "
                     f"once every innovation has its own: {every / 1e6:,.0f} MB" + (f" at {scale_to:,}" if scale_to else ""))

    def rows(title: str, sizes: dict, counts: dict | None = None, fixed: dict | None = None, limit: int = top,
             disk: dict | None = None, fixed_disk: dict | None = None):
        lines.extend(["", f"{title[:width - 1]:<{width}}{head}"])
        for name, size in list(sizes.items())[:limit]:
            count, blocks = (counts or {}).get(name, 0), (disk or {}).get(name)
            row = (f"{name[:width - 1]:<{width}}{count or '':>8}{size / 1e6:>9.2f}{100 * size / total:>6.1f}"
                   f"{(size / count / 1e3 if count else 0):>9.1f}{size / ideas:>8.0f}"
                   + (f"{blocks / 1e6:>9.2f}" if blocks is not None else f"{'':>9}"))
            if scale_to:
                row += f"{project(size, (fixed or {}).get(name, 0)) / 1e6:>11.1f}"
                row += f"{project(blocks, (fixed_disk or {}).get(name, 0)) / 1e6:>12.1f}" if blocks is not None else ""
            lines.append(row)

    for name in ("group", "kind", "folder", "extension"):
        rows(f"by {name}", facts[f"by_{name}"], facts[f"files_by_{name}"], facts[f"fixed_by_{name}"],
             disk=facts[f"blocks_by_{name}"], fixed_disk=facts[f"fixed_blocks_by_{name}"])
    if facts["html_parts"]:
        rows("inside the HTML pages", facts["html_parts"])
        for kind in sorted(facts["html_parts_by_kind"], key=lambda k: -facts["by_kind"][k])[:kinds]:
            rows(f"inside {kind}", facts["html_parts_by_kind"][kind], limit=len(PARTS) + 5)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--ideas", type=int, help="innovations in the bank (default: pages in SITE/ideas/)")
    ap.add_argument("--scale-to", type=int, help="also give the bytes scaled to this many innovations")
    ap.add_argument("--top", type=int, default=30, help="rows per table")
    ap.add_argument("--json", action="store_true", help="the figures as JSON")
    args = ap.parse_args(argv)
    facts = measure(args.site, args.ideas)
    print(json.dumps(facts, indent=1, ensure_ascii=False) if args.json else table(facts, args.scale_to, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
