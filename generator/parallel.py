"""Building the two languages in parallel. A site of 10,000 innovations has over 20,000 pages,
and one MkDocs process renders them one after another; these machines have two cores. So once
`mkdocs build` has loaded and validated the bank, it forks: the child builds the English pages
(and their search index) into a folder of its own from the bank already in memory, while the
parent renders the Bengali pages; when both are done, the English files are moved into the site
being built. Nothing is read or validated twice, and no environment variable changes what the
plugin does: the child's plugin is told in code which languages it builds (`InnobankPlugin.part`).

The child runs with the parent's configuration (so `--strict`, `--no-directory-urls` and `-q`/`-v`
apply to it as to the parent) and logs through the parent's handlers, each line marked with the
language, so its warnings appear in the build's log as they happen. `mkdocs serve` stays one
process."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import traceback
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

MKDOCS_LOGGER = "mkdocs"


class _Marked(logging.Filter):
    """Names the language on every line the English part logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = f"[English pages] {record.getMessage()}", ()
        return True


class EnglishPart:
    """A forked child that renders the English pages into `folder` from the loaded bank."""

    def __init__(self, config, folder: Path, preloaded) -> None:
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would print the parent's buffered lines again
        self.pid = os.fork()
        if self.pid == 0:
            os._exit(_build_english(config, folder, preloaded))

    def wait(self) -> None:
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise PluginError("Building the English pages failed (see the lines marked [English pages] above).")

    def merge_into(self, site: Path) -> None:
        """Move the English pages and the English search index into the site."""
        _move_tree(self.folder / "en", site / "en")
        _merge_search(self.folder / "pagefind", site / "pagefind")
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def _build_english(parent, folder: Path, preloaded) -> int:
    """In the child: a fresh configuration from the same file with the same command-line values,
    whose innobank plugin builds the English part from the parent's bank. Returns the exit code."""
    marked = _Marked()
    for handler in logging.getLogger(MKDOCS_LOGGER).handlers:
        handler.addFilter(marked)
    try:
        config = load_config(parent.config_file_path, strict=parent.strict, site_dir=str(folder),
                             use_directory_urls=parent.use_directory_urls)
        config.plugins["innobank"].become_part("en", preloaded)
        build(config)
        return 0
    except Abort as abort:  # e.g. warnings in strict mode: the command line would print this
        logging.getLogger(MKDOCS_LOGGER).error("%s", abort.format_message())
        return 1
    except BaseException:  # noqa: BLE001 — the parent reports the failure; the details go to the log
        logging.getLogger(MKDOCS_LOGGER).error("%s", traceback.format_exc())
        return 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()


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
