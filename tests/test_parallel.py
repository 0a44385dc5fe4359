"""Rendering in forked workers (generator/parallel.py): every page is rendered by exactly one
worker, both its languages by the same one, in runs of consecutive pages (a worker then copies
the memory of its own records only), and a build whose workers share the pages publishes the
bytes a build in one process publishes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter

import pytest

from generator import incremental
from generator.parallel import FIRST, RUN, share
from sitebuild import ROOT, built_site
from test_incremental import same_site

PAGES = [(number, lang) for number in range(5000) for lang in ("bn", "en")]


def _shares(items, count):
    return [list(share(items, index, count, key=lambda page: page[0])) for index in range(count)]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_every_page_is_rendered_once_with_both_languages_by_the_same_worker(count):
    shares = _shares(PAGES, count)
    assert sorted(page for got in shares for page in got) == sorted(PAGES)
    for got in shares:
        assert set(Counter(number for number, _ in got).values()) <= {2}


def test_a_share_is_made_of_runs_of_consecutive_pages():
    first, second = _shares(PAGES, 2)
    numbers = sorted({number for number, _ in first})
    assert numbers[:RUN] == list(range(RUN)), "the first run is the first RUN pages"
    assert numbers[RUN] > RUN, "the next run follows the other share's"
    for got in (first, second):
        runs = Counter(number // RUN for number, _ in got)
        assert all(pages == 2 * RUN for run, pages in runs.items() if run < 5000 // RUN), "whole runs"
    assert {number for number, _ in second} == set(range(5000)) - set(numbers)


@pytest.mark.parametrize("count", [2, 3])
def test_the_first_process_has_the_smaller_share_as_it_publishes_besides(count):
    first, *workers = [len(got) for got in _shares(PAGES, count)]
    for worker in workers:
        assert abs(first - FIRST * worker) <= 2 * RUN, (first, workers)  # within a run of pages


def test_a_small_site_is_still_shared_by_every_worker():
    pages = [(number, "bn") for number in range(40)]
    assert all(_shares(pages, 2)), "both workers have pages"


# A build of the sample content in one process: ROOT's own mkdocs.yml (the same project folder,
# so the same git dates) with the plugin's `parallel` turned off, into a site folder of its own.
IN_ONE = """import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins["innobank"].config.parallel = False
build(config)
"""


def test_workers_publish_the_bytes_one_process_publishes(tmp_path):
    """The session's sample site, whose pages the workers shared (os.cpu_count() of them), against
    the same content built in one process."""
    in_one = tmp_path / "in-one"
    result = subprocess.run([sys.executable, "-c", IN_ONE, str(ROOT / "mkdocs.yml"), str(in_one)],
                            cwd=ROOT, capture_output=True, text=True)
    shutil.rmtree(incremental.state_folder(ROOT / "mkdocs.yml", in_one), ignore_errors=True)
    assert result.returncode == 0, result.stderr
    same_site(built_site(), in_one)


BROKEN_DOWNLOADS = """import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from generator.publish import downloads
def broken(*args):
    raise ValueError("a workbook that cannot be written")
downloads._xlsx = broken
logging.getLogger("mkdocs").addHandler(logging.StreamHandler())
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
"""


def test_a_failure_in_the_downloads_fails_the_build_and_publishes_nothing(tmp_path):
    """The downloads are made in a process of their own, forked before the pages are built (on
    one core, in the build's): its failure is the build's, logged, and no site is put in place."""
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", BROKEN_DOWNLOADS, str(ROOT / "mkdocs.yml"), str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    shutil.rmtree(incremental.state_folder(ROOT / "mkdocs.yml", site), ignore_errors=True)
    assert result.returncode != 0
    assert "ValueError: a workbook that cannot be written" in result.stderr
    assert "The build failed; the previous site" in result.stderr
    assert not site.exists() and not (tmp_path / ".site-building").exists()


# Workers fork, and a test session has threads: each case runs in a fresh interpreter, which prints
# which process ran each share, what wait() said and what the log showed.
RUN_SHARES = """
import logging, os, sys
from mkdocs.exceptions import PluginError
from generator import parallel

count, failing, strict = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "strict"
logging.getLogger(parallel.MKDOCS_LOGGER).addHandler(logging.StreamHandler(sys.stdout))
forks, fork = [], os.fork
os.fork = lambda: forks.append(1) or fork()
first = os.getpid()


def job(index, count):
    os.write(1, f"share {index} of {count} in {'this process' if os.getpid() == first else 'a worker'}\\n".encode())
    if index == 0 and failing == "fails":
        raise ValueError("a page that cannot be rendered")
    if index == 0 and failing == "warns":
        parallel.MARK.lang = "en"
        logging.getLogger(parallel.MKDOCS_LOGGER + ".innobank").warning("a link to nowhere")


workers = parallel.Workers(job, count, strict)
workers.run_here()
try:
    print("warned" if workers.wait() else "clean")
except PluginError as error:
    print(f"failed: {error}")
try:
    os.waitpid(-1, os.WNOHANG)
    left = "some"
except ChildProcessError:
    left = "none"
print(f"forked {len(forks)}; children left: {left}")
"""


def _run_shares(count: int, failing: str = "", strict: bool = False) -> list[str]:
    done = subprocess.run([sys.executable, "-c", RUN_SHARES, str(count), failing or "-", "strict" if strict else "-"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_the_first_process_renders_the_first_share_and_forks_one_worker_fewer():
    lines = _run_shares(3)
    assert sorted(lines[:3]) == ["share 0 of 3 in this process", "share 1 of 3 in a worker", "share 2 of 3 in a worker"]
    assert lines[3:] == ["clean", "forked 2; children left: none"]


def test_on_one_core_nothing_is_forked():
    assert _run_shares(1) == ["share 0 of 1 in this process", "clean", "forked 0; children left: none"]


def test_a_failure_in_the_first_process_s_share_fails_the_build_as_a_worker_s_does():
    lines = _run_shares(2, "fails")
    assert "ValueError: a page that cannot be rendered" in "\n".join(lines), "the details are logged"
    assert lines[-2:] == ["failed: Rendering the pages failed (see the errors above).", "forked 1; children left: none"]


@pytest.mark.parametrize("strict", [False, True])
def test_the_first_process_s_warnings_are_marked_and_counted_as_a_worker_s(strict):
    lines = _run_shares(2, "warns", strict)
    assert "[English pages] a link to nowhere" in lines
    assert lines[-2] == ("failed: Rendering the pages failed (see the errors above)." if strict else "warned")
