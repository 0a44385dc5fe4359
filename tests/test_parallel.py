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
from generator.parallel import RUN, share
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


def test_a_worker_renders_runs_of_consecutive_pages():
    first, second = _shares(PAGES, 2)
    numbers = sorted({number for number, _ in first})
    assert numbers[:RUN] == list(range(RUN)), "the first run is the first RUN pages"
    assert numbers[RUN] == 2 * RUN, "the next run follows the other worker's"
    assert {number for number, _ in second} == set(range(5000)) - set(numbers)


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
