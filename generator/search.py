"""Site search: Pagefind indexes the built HTML after MkDocs writes it. It keeps one index per
`<html lang>` (Bengali words are indexed whole, without stemming), splits it into small chunks,
and the browser loads only the chunks a query needs. Pages opt in with `data-pagefind-body`."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable

log = logging.getLogger("mkdocs.plugins.innobank")


SEARCHED = ("ideas", "teams", "offices", "showcase")  # the folders of pages readers search


def index_site(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Index the searched pages of these languages into site_dir/pagefind."""
    folders = [("" if lang == "bn" else f"{lang}/") + folder for lang in languages for folder in SEARCHED]
    glob = "{" + ",".join(folders) + "}/**/*.html"
    result = subprocess.run([str(get_executable()), "--site", str(site_dir), "--glob", glob, "--quiet"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    log.info("Search index written to %s", site_dir / "pagefind")
