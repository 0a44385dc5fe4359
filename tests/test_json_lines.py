"""A paragraph may hold U+2028 or U+2029 (a quoted "\\u2028"), and a content file's own text NEL:
JSON allows them raw, but a consumer that splits the bulk NDJSON into lines with Python's
str.splitlines (or evaluates JSON as JavaScript before ES2019) saw one record as two lines, neither
of them JSON. Every JSON file the site writes escapes them; each NDJSON line is one record."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from generator.load import load
from generator.pages.relations import relate
from generator.publish import api, made, sources
from sitebuild import ROOT

SITE_URL = "https://innobank.github.io/innobank/"
IDEA = "content/ideas/lgd-help-desk.md"


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    """The sample content, the help desk's summaries holding both separators (quoted escapes) and
    its file a NEL in a YAML comment (the reader makes a NEL in the text a space; the file's own
    text, which the form's source bundle carries, keeps it)."""
    root = tmp_path_factory.mktemp("separators")
    shutil.copytree(ROOT / "content", root / "content")
    path = root / IDEA
    text = path.read_text(encoding="utf-8")
    old = 'desk; complaints'
    assert old in text
    text = text.replace(old, 'desk\\u2028two; complaints', 1)
    text = text.replace('  bn: "সচিবালয়ে', '  bn: "ডেস্ক\\u2028একটি\\u2029 সচিবালয়ে', 1)
    path.write_text(text.replace("kind: simplification\n", "kind: simplification # a\x85b\n", 1), encoding="utf-8")
    bank, problems = load(root / "content")
    assert problems == []
    summary = bank.ideas["lgd-help-desk"].item.summary
    assert "\u2028" in summary.en and "\u2029" in summary.bn
    return bank


def test_each_line_of_the_bulk_download_is_one_record_for_splitlines(bank):
    out = made(api.publish(relate(bank, ROOT), SITE_URL))
    text = gzip.decompress(out["api/v1/bulk/1.ndjson.gz"]).decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == len(bank.offices) + len(bank.teams) + len(bank.ideas) == text.count("\n")
    documents = [json.loads(line) for line in lines]
    idea = next(d["idea"] for d in documents if "idea" in d and d["idea"]["id"] == "lgd-help-desk")
    assert "\u2028two" in idea["summary"]["en"] and "ডেস্ক\u2028একটি\u2029" in idea["summary"]["bn"], "the text is kept"
    own = out["api/v1/ideas/lgd-help-desk.json"]
    assert "desk\\u2028two" in own and "\u2028" not in own and "\u2029" not in own
    page = next(text for path, text in out.items() if path.startswith("api/v1/ideas/page/") and "lgd-help-desk" in text)
    assert "\u2028" not in page and len(page.splitlines()) == 1


def test_the_forms_source_bundle_escapes_them_too(bank):
    files = {"lgd-help-desk": (bank.ideas["lgd-help-desk"].source.path, None)}
    bundle = gzip.decompress(sources.bundle(files)).decode("utf-8")
    assert "\x85" not in bundle and len(bundle.splitlines()) == 1
    assert "# a\x85b" in json.loads(bundle)["lgd-help-desk"]["bn"], "the file's text as it is"

