"""Rendering in worker processes. A site of 10,000 innovations has over 20,000 pages and 20,000
share images; these machines have two cores. So once `mkdocs build` has loaded and validated the
bank, it forks one worker per core: each renders every Nth page, in both languages, from the bank
already in memory (generator/render.py) and draws its share of the share images, while the first
process publishes the open data. Nothing is read or validated twice. `mkdocs serve` renders in
its own process.

Workers log through the first process's handlers, so their warnings appear in the build's log
as they happen; a line about an English page is marked `[English pages]`. Under `--strict` a
worker that logged a warning fails, and the build with it; otherwise it says so by its exit code
(a build that warned leaves no state for an incremental one: the next build warns again)."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import traceback
from typing import Callable, Hashable, Iterator, Sequence, TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

MKDOCS_LOGGER = "mkdocs"
WARNED = 3  # a worker's exit code: its job is done, and it logged a warning (not under --strict)
RUN = 256  # at most this many items in a row go to the same worker (see share)
RUNS = 8  # at least this many runs for each worker, so that the workers finish together

T = TypeVar("T")


def share(items: Sequence[T], index: int, count: int, key: Callable[[T], Hashable]) -> Iterator[T]:
    """The index-th of `count` shares of items, dealt out in runs of consecutive items; items of
    the same key (a page's two languages) count as one and go together. Consecutive pages show
    records loaded one after another, whose objects lie side by side in memory: a worker reading
    an object writes its reference count and so copies its memory page, so a worker given whole
    runs copies the pages of its own records, where one given every other page copied nearly all
    of the bank's."""
    run = max(1, min(RUN, len({key(item) for item in items}) // (count * RUNS)))
    numbers: dict[Hashable, int] = {}
    for item in items:
        if numbers.setdefault(key(item), len(numbers)) // run % count == index:
            yield item


class LanguageMark(logging.Filter):
    """Names the language on every line logged while an English page is rendered."""

    lang: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.lang == "en":
            record.msg, record.args = f"[English pages] {record.getMessage()}", ()
        return True


MARK = LanguageMark()


class Workers:
    """`count` forked processes; the i-th runs job(i, count). wait() raises when one failed."""

    def __init__(self, job: Callable[[int, int], None], count: int, strict: bool) -> None:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or each child would print the parent's buffered lines again
        # What the parent loaded stays shared while the workers run: no collection, in a child or
        # in the parent (which publishes meanwhile), writes to its objects and so copies their pages.
        gc.freeze()
        self.pids = []
        for index in range(count):
            pid = os.fork()
            if pid == 0:
                os._exit(_run(job, index, count, strict))
            self.pids.append(pid)

    def wait(self) -> bool:
        """Whether a worker logged a warning."""
        failed = warned = 0
        for pid in self.pids:
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            warned += code == WARNED
            failed += code not in (0, WARNED)
        self.pids = []
        gc.unfreeze()
        if failed:
            raise PluginError("Rendering the pages failed (see the errors above).")
        return bool(warned)

    def stop(self) -> None:
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pids = []
        gc.unfreeze()


def _run(job: Callable[[int, int], None], index: int, count: int, strict: bool) -> int:
    """In a worker: the job, with its log lines marked and, under --strict, its warnings counted.
    Returns the exit code."""
    logger = logging.getLogger(MKDOCS_LOGGER)
    for handler in logger.handlers:
        handler.addFilter(MARK)
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    logger.addHandler(warnings)
    try:
        job(index, count)
        if warnings.get_counts():
            return 1 if strict else WARNED
        return 0
    except PluginError as error:
        logger.error("%s", error)
        return 1
    except BaseException:  # noqa: BLE001 — the parent reports the failure; the details go to the log
        logger.error("%s", traceback.format_exc())
        return 1
    finally:
        MARK.lang = None
        for stream in (sys.stdout, sys.stderr):
            stream.flush()

