"""Site search: Pagefind indexes the built HTML after MkDocs writes it. It keeps one index per
`<html lang>` (Bengali words are indexed whole, without stemming), splits it into small chunks,
and the browser loads only the chunks a query needs. Pages opt in with `data-pagefind-body`.
Pagefind files a word under its letters without vowel signs (সেবা and সব share a key), so
theme/assets/javascripts/search.js checks each result's text for the words asked for; and it runs
adjacent elements' text together unless whitespace separates them, so the templates keep it."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable

log = logging.getLogger("mkdocs.plugins.innobank")


SEARCHED = ("ideas", "teams", "offices", "showcase")  # the folders of pages readers search


def pagefind() -> str:
    """Pagefind 1.6, which `make` installs from npm into the virtual environment's bin. From 1.6,
    Pagefind counts a word's vowel-sign variants when it splits the index into chunks (Pagefind
    PR #1316); before, nearly every Bengali word counted as empty, and a first Bengali search at
    10,000 innovations loaded a 500 KB chunk. PyPI's pagefind-bin (1.5.2) is the fallback."""
    return shutil.which("pagefind", path=os.path.dirname(sys.executable)) or str(get_executable())


def index_site(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Index the searched pages of these languages into site_dir/pagefind, one language at a
    time: Pagefind holds a whole index in memory while it writes it, and one language's is half
    the site's."""
    for lang in languages:
        output = site_dir / "pagefind" if lang == languages[0] else site_dir / f".pagefind-{lang}"
        folders = [("" if lang == "bn" else f"{lang}/") + folder for folder in SEARCHED]
        glob = "{" + ",".join(folders) + "}/**/*.html"
        result = subprocess.run([pagefind(), "--site", str(site_dir), "--glob", glob, "--output-path", str(output),
                                 "--quiet"], capture_output=True, text=True)
        if result.returncode != 0:
            pages = sum(1 for folder in folders for _ in (site_dir / folder).rglob("*.html"))
            raise PluginError(f"Pagefind could not index {site_dir}, which holds {pages} pages to search in "
                              f"{', '.join(folders)} at this moment:\n{result.stdout}{result.stderr}")
        if output.name != "pagefind":
            _merge(output, site_dir / "pagefind")
    log.info("Search index written to %s", site_dir / "pagefind")


def _merge(source: Path, target: Path) -> None:
    """One language's Pagefind bundle into another's: the bundles are content-addressed (a file
    both have is the same file); only the entry file lists the languages."""
    entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
    other = json.loads((source / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"].update(other["languages"])
    for folder, _, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            if not (into / name).exists():
                os.replace(Path(folder, name), into / name)
    (target / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(source, ignore_errors=True)
