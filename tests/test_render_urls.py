"""The theme's `url` and `link` filters remember the addresses they made (generator/templating.py):
each must give exactly what MkDocs' normalize_url gives, for every kind of address a template
passes and every kind of page, so that a page's bytes do not depend on which page was rendered
before it in the same worker."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from mkdocs.utils import normalize_url

from generator.templating import _parts, _relative, link, relative, url

TARGETS = ["", ".", "./", "index", "ideas/", "ideas/x/", "ideas/y/", "en/ideas/x/", "ideas/x/feed.xml",
           "assets/stylesheets/bank.css", "assets/images/favicon.svg", "browse/status/implemented/2/",
           "../ideas/x/", "../../x", "ideas/../teams/", "ideas/./x/", "/innobank/", "#awards", "ideas/x/#a",
           "https://example.org/a", "mailto:a@example.org", "//host/x", "api/v1/ideas.json", "ideas\\x/"]
PAGES = ["", "ideas/x/", "ideas/y/", "en/", "en/ideas/x/", "browse/status/implemented/2/", "404.html",
         "en/404.html", "ideas/", "a/b.html", "teams/"]


@pytest.mark.parametrize("page_url", PAGES)
def test_relative_addresses_are_the_ones_mkdocs_makes(page_url):
    page = SimpleNamespace(url=page_url)
    for _ in range(2):  # the second time from what was remembered
        for target in TARGETS:
            assert relative({"page": page}, target) == normalize_url(target, page=page), (target, page_url)


def test_pages_in_turn_get_their_own_addresses():
    """The same targets on pages one after another, as a worker renders them, from nothing remembered."""
    _relative.cache_clear(), _parts.cache_clear()
    for page_url, target in itertools.product(PAGES * 2, TARGETS):
        page = SimpleNamespace(url=page_url)
        assert relative({"page": page}, target) == normalize_url(target, page=page)


def test_without_a_page_addresses_are_joined_to_the_base():
    for target in TARGETS:
        assert relative({"page": None, "base_url": ".."}, target) == normalize_url(target, base="..")


def test_the_filters_read_the_page_and_its_language():
    from jinja2 import Environment

    env = Environment()
    env.filters.update(url=url, link=link)
    template = env.from_string("{{ 'assets/x.css' | url }} {{ 'ideas/a' | link }} {{ 'index' | link('bn') }}")
    page = SimpleNamespace(url="en/ideas/b/")
    assert template.render(page=page, page_lang="en") == "../../../assets/x.css ../a/ ../../.."
