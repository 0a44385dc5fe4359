"""bench/size.py, where a built site's bytes go: every byte of the sample site is counted once in
each table, the parts of a page add up to the page, and paths are told apart by what they are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from size import kind_of, measure, table  # noqa: E402

from sitebuild import built_site  # noqa: E402


def test_every_byte_is_counted_once_in_each_table():
    site = built_site()
    sizes = [os.lstat(os.path.join(folder, name)).st_size for folder, _, names in os.walk(site) for name in names]
    html = sum(os.lstat(os.path.join(folder, name)).st_size for folder, _, names in os.walk(site)
               for name in names if name.endswith(".html"))
    facts = measure(site)
    assert facts["files"] == len(sizes) and facts["bytes"] == sum(sizes)
    blocks = sum(-(-size // 4096) * 4096 for size in sizes)  # whole 4 KB disk blocks, as du counts
    assert facts["blocks"] == blocks > facts["bytes"]
    for name in ("group", "kind", "folder", "extension"):
        assert sum(facts[f"by_{name}"].values()) == sum(sizes), name
        assert sum(facts[f"files_by_{name}"].values()) == len(sizes), name
        assert sum(facts[f"blocks_by_{name}"].values()) == blocks, name
    # the parts of the pages (head, cards, body …) add up to the pages; "=" rows count them again
    assert sum(v for k, v in facts["html_parts"].items() if not k.startswith("=")) == html
    assert facts["html_parts"]["cards"] > 0 and facts["html_parts"]["filter menu"] > 0
    assert facts["ideas"] == sum(1 for p in (site / "ideas").iterdir() if (p / "index.html").exists())
    # scaled to ten times the innovations: what grows is ten times, the theme's assets are not
    shown = table(facts, scale_to=10 * facts["ideas"])
    projected = (facts["bytes"] - facts["fixed_bytes"]) * 10 + facts["fixed_bytes"]
    assert f"{projected / 1e6:,.0f} MB" in shown.splitlines()[0]
    on_disk = (facts["blocks"] - facts["fixed_blocks"]) * 10 + facts["fixed_blocks"]
    assert f"{projected / 1e6:,.0f} MB, {on_disk / 1e6:,.0f} MB on disk" in shown.splitlines()[0]
    assert 0 < facts["fixed_bytes"] < facts["bytes"]


@pytest.mark.parametrize("path, kind", [
    ("ideas/online-leave/index.html", "ideas"),
    ("en/ideas/online-leave/index.html", "en/ideas"),
    ("browse/index.html", "browse (page 1)"),
    ("en/browse/status/implemented/2/index.html", "en/browse (page 2+)"),
    ("offices/index.html", "offices (index)"),
    ("offices/lgd/index.html", "offices"),
    ("api/v1/ideas/online-leave.json", "api: records"),
    ("api/v1/ideas/page/3.json", "api: list pages"),
    ("api/v1/bulk/1.ndjson.gz", "api: bulk"),
    ("contribute/source/ideas/lgd.json.gz", "contribute: source"),
    ("assets/share/0123456789abcdef01234567.png", "assets/share"),
    ("sitemap.xml", "xml: sitemap"),
    ("en/offices/lgd/feed.xml", "xml: feeds"),
])
def test_paths_are_told_apart_by_what_they_are(path, kind):
    assert kind_of(path) == kind
