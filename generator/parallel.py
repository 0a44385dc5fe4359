"""Building the two languages in parallel. A site of 10,000 innovations has over 20,000 pages,
and one MkDocs process renders them one after another; these machines have two cores. So
`mkdocs build` renders the Bengali pages itself and starts a second `mkdocs build` that renders
only the English pages (and indexes them for search) into a folder of its own; when both are
done, the English files are moved into the site being built. `mkdocs serve` stays one process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

PART = "INNOBANK_PART"  # set to "en" in the second process


def is_english_part() -> bool:
    return os.environ.get(PART) == "en"


class EnglishPart:
    """The second `mkdocs build`, started as early as possible so it overlaps the first."""

    def __init__(self, config_file: str, folder: Path):
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config_file, "-d", str(folder)],
            env={**os.environ, PART: "en", "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def wait(self) -> None:
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise PluginError(f"Building the English pages failed:\n{output}")

    def merge_into(self, site: Path) -> None:
        """Move the English pages and the English search index into the site."""
        _move_tree(self.folder / "en", site / "en")
        _merge_search(self.folder / "pagefind", site / "pagefind")
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _move_tree(source: Path, target: Path, replace: bool = True) -> None:
    """File by file, because the first process also wrote English files (feeds, embeds). With
    replace=False a file already in the target is kept."""
    for folder, _, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            if replace or not (into / name).exists():
                os.replace(Path(folder, name), into / name)


def _merge_search(source: Path, target: Path) -> None:
    """Pagefind bundles are content-addressed; only the entry file lists the languages."""
    entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
    other = json.loads((source / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"].update(other["languages"])
    _move_tree(source, target, replace=False)
    (target / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
