"""Rendering in forked workers. A site of 10,000 innovations has over 20,000 pages and 20,000
share images; these machines have two cores. So once `mkdocs build` has loaded and validated the
bank, it forks one worker per core but one: each renders a share of the pages, in both languages,
from the bank already in memory (generator/render.py) and draws its share of the share images,
while the first process renders the first share itself, smaller by about the time it then takes to
publish the open data. Nothing is read or validated twice. A worker reading the bank writes the
reference count of every object it reads, and so copies most of the bank's memory: a process fewer
is a copy of the bank fewer while the pages are rendered, which is when a large bank's build needs
the most memory. On one core nothing is forked. `mkdocs serve` renders in its own process.

Every share logs through the first process's handlers, so a worker's warnings appear in the
build's log as they happen; a line about an English page is marked `[English pages]`. Under
`--strict` a share that logged a warning fails, and the build with it; otherwise a worker says so
by its exit code (a build that warned leaves no state for an incremental one: the next build warns
again)."""

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

from .load import ContentError

MKDOCS_LOGGER = "mkdocs"
WARNED = 3  # a share's exit code: its job is done, and it logged a warning (not under --strict)
RUN = 256  # at most this many items in a row go to the same share (see share)
RUNS = 8  # at least this many runs for each share, so that the processes finish together
# The size of the first process's share of the pages against a worker's: besides its share it
# publishes the open data, and the processes should end together (2,000 innovations: it renders for
# 9–10.5 s of CPU and publishes for 3.5–5, the worker renders for 14–15.5; bench/README.md, memory).
# Since the downloads are made by a process of their own, at 10,000 innovations the first process
# rendered for 36.1 s of CPU and published for 18.6, the worker rendered for 53.4: 0.6 left the first
# process working alone at the end, for 1.3 s of CPU.
FIRST = 0.58

T = TypeVar("T")


def share(items: Sequence[T], index: int, count: int, key: Callable[[T], Hashable]) -> Iterator[T]:
    """The index-th of `count` shares of items, dealt out in runs of consecutive items; items of
    the same key (a page's two languages) count as one and go together. Consecutive pages show
    records loaded one after another, whose objects lie side by side in memory: a worker reading
    an object writes its reference count and so copies its memory page, so a worker given whole
    runs copies the pages of its own records, where one given every other page copied nearly all
    of the bank's. The 0th share, the first process's, is the smaller by FIRST."""
    run = max(1, min(RUN, len({key(item) for item in items}) // (count * RUNS)))
    weights, dealt, owners = [FIRST] + [1] * (count - 1), [0] * count, []  # owners: each run's share
    numbers: dict[Hashable, int] = {}
    for item in items:
        number = numbers.setdefault(key(item), len(numbers))
        if number // run == len(owners):  # the first item of a run: to the share least served for its weight
            owners.append(min(range(count), key=lambda share: dealt[share] / weights[share]))
            dealt[owners[-1]] += 1
        if owners[number // run] == index:
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
    """job(i, count) for each of `count` shares: the 0th in this process (run_here, which a caller
    with nothing to do here leaves out), each other one in a forked process. wait() raises when one
    failed."""

    def __init__(self, job: Callable[[int, int], None], count: int, strict: bool) -> None:
        self.job, self.count, self.strict = job, count, strict
        self.code = 0  # this process's share's, as a worker's exit code
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or each child would print the parent's buffered lines again
        # What the parent loaded stays shared while the workers run: no collection, in a child or in
        # the parent (which renders and publishes meanwhile), writes to its objects and so copies their pages.
        # It stays frozen after them too: the caller lets it go when it is done with it (a deploy never
        # is, and a full collection over it would scan millions of objects for nothing).
        gc.freeze()
        self.pids = []
        for index in range(1, count):
            pid = os.fork()
            if pid == 0:
                os._exit(_run(job, index, count, strict, forked=True))
            self.pids.append(pid)

    def run_here(self) -> None:
        """The 0th share, in this process, as a worker runs its own."""
        self.code = _run(self.job, 0, self.count, self.strict, forked=False)

    def wait(self) -> bool:
        """Whether a share logged a warning."""
        codes = [self.code]
        for pid in self.pids:
            _, status = os.waitpid(pid, 0)
            codes.append(os.waitstatus_to_exitcode(status))
        self.pids = []
        if any(code not in (0, WARNED) for code in codes):
            raise PluginError("Rendering the pages failed (see the errors above).")
        return WARNED in codes

    def stop(self) -> None:
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pids = []
        gc.unfreeze()


def _run(job: Callable[[int, int], None], index: int, count: int, strict: bool, forked: bool) -> int:
    """The job, with its log lines marked and, under --strict, its warnings counted. Returns the
    exit code a worker ends with. A worker catches everything, or an interrupt would have it go on
    as a copy of the first process; the first process lets an interrupt through."""
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
    except (PluginError, ContentError) as error:  # a content file changed during the build, say
        logger.error("%s", error)
        return 1
    except BaseException as error:  # noqa: BLE001 — wait() reports the failure; the details go to the log
        if not (forked or isinstance(error, Exception)):
            raise
        logger.error("%s", traceback.format_exc())
        return 1
    finally:
        MARK.lang = None
        logger.removeHandler(warnings)
        for handler in logger.handlers:
            handler.removeFilter(MARK)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
