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


# Only the folders whose pages readers search; Pagefind need not open the rest.
INDEXED = "{ideas,teams,offices,showcase,en/ideas,en/teams,en/offices,en/showcase}/**/*.html"


def index_site(site_dir: Path) -> None:
    result = subprocess.run([str(get_executable()), "--site", str(site_dir), "--glob", INDEXED, "--quiet"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    log.info("Search index written to %s", site_dir / "pagefind")
