"""Where a built site's bytes go: by page kind, by folder, by file extension, and inside the HTML
pages by part (head, header and tabs, filter menus, cards, inline SVG, …), in total and per
innovation, optionally scaled to another number of innovations.

    .venv/bin/python bench/size.py SITE_DIR [--ideas N] [--scale-to 10000] [--json]

`--ideas` defaults to the number of innovation pages in SITE_DIR/ideas/. Scaling is linear per
innovation except for the files that do not grow with the bank (assets/, media/, share images,
which a build draws at most 1,000 of, the Pagefind runtime): listings grow about linearly, as
each innovation's card appears in a fixed number of them. 1 KB = 1,000 bytes, 1 MB = 10⁶ bytes;
file bytes, not disk blocks (bench/run.py records those as `site_mb`). `measure()` is what
bench/run.py can call; the command line prints the tables."""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter
from pathlib import Path

# Folders whose bytes do not grow with the number of innovations.
FIXED = ("assets/images", "assets/stylesheets", "assets/javascripts", "assets/fonts", "media", "pagefind/*.js",
         "pagefind/*.wasm*", "assets/share")
LISTINGS = {"browse", "offices", "teams", "places", "showcase", "scorecard"}

# Parts of an HTML page, found in this order; what none of them holds is "body".
PARTS = (
    ("head", re.compile(r"<head>.*?</head>", re.S)),
    ("header", re.compile(r"<header class=\"md-header.*?</header>", re.S)),
    ("tabs", re.compile(r"<nav class=\"bank-tabs.*?</nav>", re.S)),
    ("footer", re.compile(r"<footer class=\"md-footer.*?</html>", re.S)),
    ("filter menu", re.compile(r"<details class=\"bank-facets\">.*?</details>", re.S)),
    ("cards", re.compile(r"<ul class=\"bank-cards[^\"]*\">.*?</ul>", re.S)),
    ("inline svg", re.compile(r"<svg\b.*?</svg>", re.S)),
    ("inline json/script", re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>", re.S)),
    ("fallback body", re.compile(r"<div class=\"admonition note bank-fallback.*?</article>", re.S)),
)
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"(?<=>)\s+(?=<)|\s{2,}")
RELATIVE = re.compile(r"(?:\.\./)+")


def kind_of(rel: str) -> str:
    """A file's page kind: ideas, en/ideas, browse (first pages), browse (page 2+), api lists, …"""
    parts = rel.split("/")
    lang = "en/" if parts[0] == "en" else ""
    if lang:
        parts = parts[1:]
    top = parts[0] if len(parts) > 1 else "(root)"
    name = parts[-1]
    if not name.endswith(".html"):
        if top == "api" and name.endswith(".json"):
            return "api: list pages" if re.search(r"/(\d+|index)\.json$", rel) or len(parts) <= 3 else "api: records"
        if top == "contribute":
            return "contribute: " + (parts[1] if len(parts) > 2 else name)
        if name.endswith(".xml"):
            return "xml: sitemap" if name.startswith("sitemap") else "xml: feeds"
        if top == "assets" and len(parts) > 2:
            return f"assets/{parts[1]}"
        return top if top != "(root)" else name
    paged = any(p.isdigit() for p in parts[1:-1])
    if top == "browse" and len(parts) > 2:
        facet = parts[1] if not parts[1].isdigit() else ""
        return f"{lang}browse{'/' + facet if facet else ''}{' (page 2+)' if paged else ''}"
    if top in LISTINGS and paged:
        return f"{lang}{top} (page 2+)"
    return lang + (top if top != "(root)" else name)


def fixed(rel: str) -> bool:
    from fnmatch import fnmatch
    return any(rel.startswith(f + "/") or fnmatch(rel, f) for f in FIXED)


def html_parts(text: str) -> dict[str, int]:
    """The bytes of each part of a page, and across the page: markup (tags), text, whitespace
    between tags or doubled, and the relative-path prefixes (../../) in links."""
    found: dict[str, int] = {}
    rest = text
    for name, pattern in PARTS:
        size = 0
        for match in pattern.finditer(rest):
            size += len(match.group(0).encode())
        if size:
            found[name] = size
            rest = pattern.sub("", rest)
    found["body"] = len(rest.encode())
    total = len(text.encode())
    tags = sum(len(m.group(0).encode()) for m in TAG.finditer(text))
    found["= of which markup (tags)"] = tags
    found["= of which text"] = total - tags
    found["= of which whitespace"] = sum(len(m.group(0)) - (1 if "\n" not in m.group(0) else 0)
                                         for m in SPACE.finditer(text))
    found["= of which ../ in links"] = sum(len(m.group(0)) for m in RELATIVE.finditer(text))
    return found


def measure(site: Path, ideas: int | None = None, parts: bool = True) -> dict:
    """Bytes by kind, folder and extension (and HTML parts, when `parts`) of a built site."""
    site = Path(site)
    by_kind: Counter = Counter()
    files_by_kind: Counter = Counter()
    by_folder: Counter = Counter()
    by_ext: Counter = Counter()
    by_part: Counter = Counter()
    part_by_kind: dict[str, Counter] = {}
    fixed_bytes = 0
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            size = os.lstat(path).st_size
            kind = kind_of(rel)
            by_kind[kind] += size
            files_by_kind[kind] += 1
            top = rel.split("/")
            by_folder["/".join(top[:2] if top[0] == "en" and len(top) > 2 else top[:1]) if len(top) > 1 else "."] += size
            by_ext[name.rsplit(".", 1)[-1] if "." in name else ""] += size
            if fixed(rel):
                fixed_bytes += size
            if parts and name.endswith(".html"):
                found = html_parts(Path(path).read_text(encoding="utf-8", errors="replace"))
                by_part.update(found)
                part_by_kind.setdefault(kind, Counter()).update(found)
    if ideas is None:
        ideas = sum(1 for p in (site / "ideas").iterdir() if (p / "index.html").exists()) if (site / "ideas").is_dir() else 0
    total = sum(by_kind.values())
    return {"ideas": ideas, "bytes": total, "fixed_bytes": fixed_bytes, "files": sum(files_by_kind.values()),
            "by_kind": dict(by_kind.most_common()), "files_by_kind": dict(files_by_kind),
            "by_folder": dict(by_folder.most_common()), "by_extension": dict(by_ext.most_common()),
            "html_parts": dict(by_part.most_common()),
            "html_parts_by_kind": {k: dict(v.most_common()) for k, v in part_by_kind.items()}}


def scaled(facts: dict, to: int | None) -> float:
    """The factor that takes a growing byte count to `to` innovations (1 without `to`)."""
    return to / facts["ideas"] if to and facts["ideas"] else 1.0


def table(facts: dict, scale_to: int | None = None, top: int = 40) -> str:
    factor = scaled(facts, scale_to)
    total = facts["bytes"]
    projected = (total - facts["fixed_bytes"]) * factor + facts["fixed_bytes"]
    head = f"{'':<34}{'files':>8}{'MB':>9}{'%':>6}{'KB/file':>9}{'B/idea':>9}"
    if scale_to:
        head += f"{'MB@' + format(scale_to, ','):>11}"
    lines = [f"{facts['ideas']:,} innovations, {facts['files']:,} files, {total / 1e6:,.1f} MB "
             f"({total / max(facts['ideas'], 1) / 1e3:,.1f} KB per innovation)"
             + (f"; scaled to {scale_to:,}: {projected / 1e6:,.0f} MB" if scale_to else "")]

    def rows(title, sizes, counts=None, growing=True):
        lines.append("")
        lines.append(f"{title:<34}" + head[34:])
        for name, size in list(sizes.items())[:top]:
            count = counts.get(name, 0) if counts else 0
            row = (f"{name[:33]:<34}{count or '':>8}{size / 1e6:>9.2f}{100 * size / total:>6.1f}"
                   f"{(size / count / 1e3 if count else 0):>9.1f}{size / max(facts['ideas'], 1):>9.0f}")
            if scale_to:
                row += f"{size * (factor if growing else 1) / 1e6:>11.1f}"
            lines.append(row)

    rows("by page kind", facts["by_kind"], facts["files_by_kind"])
    rows("by folder", facts["by_folder"])
    rows("by extension", facts["by_extension"])
    if facts["html_parts"]:
        rows("inside the HTML pages", facts["html_parts"])
        kinds = sorted(facts["html_parts_by_kind"], key=lambda k: -facts["by_kind"][k])[:8]
        for kind in kinds:
            rows(f"inside {kind}", facts["html_parts_by_kind"][kind])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--ideas", type=int, help="innovations in the bank (default: pages in SITE/ideas/)")
    ap.add_argument("--scale-to", type=int, help="also print the bytes scaled to this many innovations")
    ap.add_argument("--top", type=int, default=40, help="rows per table")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    facts = measure(args.site, args.ideas)
    print(json.dumps(facts, indent=1) if args.json else table(facts, args.scale_to, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
