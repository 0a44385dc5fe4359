"""Rendering in forked workers (generator/parallel.py): every page is rendered by exactly one
worker, both its languages by the same one, in runs of consecutive pages (a worker then copies
the memory of its own records only), and a build whose workers share the pages publishes the
bytes a build in one process publishes."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator.parallel import RUN, share
from test_build import ROOT, mkdocs_build, project  # noqa: F401 — the fixture
from test_incremental import same_site

PAGES = [(number, lang) for number in range(5000) for lang in ("bn", "en")]


def _shares(items, count):
    return [list(share(items, index, count, key=lambda page: page[0])) for index in range(count)]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_every_page_is_rendered_once_with_both_languages_by_the_same_worker(count):
    shares = _shares(PAGES, count)
    assert sorted(page for got in shares for page in got) == sorted(PAGES)
    for got in shares:
        numbers = [number for number, _ in got]
        assert all(numbers.count(number) == 2 for number in numbers)


def test_a_worker_renders_runs_of_consecutive_pages():
    first, second = _shares(PAGES, 2)
    numbers = sorted({number for number, _ in first})
    assert numbers[:RUN] == list(range(RUN)), "the first run is the first RUN pages"
    assert numbers[RUN] == 2 * RUN, "the next run follows the other worker's"
    assert {number for number, _ in second} == set(range(5000)) - set(numbers)


def test_a_small_site_is_still_shared_by_every_worker():
    pages = [(number, "bn") for number in range(40)]
    assert all(_shares(pages, 2)), "both workers have pages"


def test_workers_publish_the_bytes_one_process_publishes(project):  # noqa: F811 — the fixture
    ideas = project / "content" / "ideas"
    for path in (ROOT / "content" / "ideas").glob("*.md"):
        shutil.copy(path, ideas)
    shutil.copytree(ROOT / "content" / "media", project / "content" / "media", dirs_exist_ok=True)
    code, output = mkdocs_build(project, "-d", str(project / "in-workers"))
    assert code == 0, output
    config = project / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    for plugin in settings["plugins"]:
        if isinstance(plugin, dict) and "innobank" in plugin:
            plugin["innobank"]["parallel"] = False
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    code, output = mkdocs_build(project, "-d", str(project / "in-one"))
    assert code == 0, output
    same_site(project / "in-workers", project / "in-one")
