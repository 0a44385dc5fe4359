"""Unicode's noncharacters (U+FDD0–U+FDEF, U+FFFE and U+FFFF of every plane) are never text, and
U+FFFE and U+FFFF are not XML: one in a title made every Atom feed that lists it not well-formed,
and feed readers refuse such a feed whole. Validation refuses each one where it is written (file,
line, field), and whatever reaches the feed writer, what it writes is XML a strict parser reads."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from generator.cli import main
from generator.load import load
from generator.load.source import read_text
from generator.pages.relations import relate
from generator.publish import feeds, made
from generator.templating import install
from sitebuild import ROOT, built_site

NONCHARACTERS = [*map(chr, range(0xFDD0, 0xFDF0)),
                 *(chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF))]
SITE_URL = "https://innobank.github.io/innobank/"
IDEA = "content/ideas/lgd-help-desk.md"


def test_there_are_66_and_each_is_refused_at_its_line_and_column(tmp_path):
    assert len(NONCHARACTERS) == 66
    path = tmp_path / "x.md"
    for char in NONCHARACTERS:
        path.write_text(f"---\ntitle: অনলাইন{char}ছুটি\n---\n", encoding="utf-8")
        problems = []
        assert read_text(path, "x.md", problems) is None, f"U+{ord(char):04X}"
        code = f"U+{ord(char):04X}"
        assert [(p.code, p.line, p.column) for p in problems] == [("noncharacter", 2, 14)], code
        assert code in problems[0].en and code in problems[0].bn


def test_the_characters_next_to_them_are_text(tmp_path):
    path = tmp_path / "x.md"
    for char in ("\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd", "\U00020000", "😀", "\ufeff"):
        path.write_text(f"---\ntitle: অনলাইন{char}ছুটি\n---\n", encoding="utf-8")
        problems = []
        assert read_text(path, "x.md", problems) is not None and problems == [], f"U+{ord(char):04X}"


@pytest.fixture
def content(tmp_path):
    """A copy of the sample content, whose help desk innovation the test edits."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def _edit(root, old: str, new: str, file: str = IDEA) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff"])
def test_validate_refuses_one_written_in_a_title(content, capsys, char):
    _edit(content, "জনপ্রতিনিধিদের জন্য", f"জনপ্রতিনিধিদের{char} জন্য")
    line = (content / IDEA).read_text(encoding="utf-8").split("\n")[2]
    assert main(["--root", str(content), "validate"]) == 1
    out = capsys.readouterr().out
    code = f"U+{ord(char):04X}"
    assert (f"{IDEA}\n  3:{line.index(char) + 1}\n    The text holds {code}, a code that is not a letter or sign of"
            " any language" in out), out
    assert f"লেখায় {code} আছে, যা কোনো ভাষার অক্ষর বা চিহ্ন নয়" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("escape,code", [(r"\uFFFE", "U+FFFE"), (r"\uFFFF", "U+FFFF"), (r"\uFDEF", "U+FDEF"),
                                         (r"\U0001FFFF", "U+1FFFF")])
def test_validate_refuses_one_a_quoted_summary_writes_as_an_escape_at_its_field(content, capsys, escape, code):
    _edit(content, 'single desk;', f'single desk{escape};')
    bank, problems = load(content / "content")
    assert [(p.file.endswith(IDEA), p.line, p.field, p.code) for p in problems] == [(True, 7, "summary.en", "noncharacter")]
    assert main(["--root", str(content), "validate"]) == 1
    out = capsys.readouterr().out
    assert f"{IDEA}\n  7:" in out and f" summary.en\n    The text holds {code}, a code that is not a letter" in out


def _feeds(bank) -> dict[str, str]:
    """Every feed the site publishes of this bank, written by the theme's own template."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_url=SITE_URL)
    env = config.theme.get_env()
    rel = relate(bank, ROOT)
    install(env, SimpleNamespace(rel=rel, share_plan={}), ROOT / "theme")
    return made(feeds.publish(rel, SITE_URL, env, config))


def test_the_feed_writer_writes_xml_whatever_text_reaches_it():
    """A title or summary validation did not see (a record made by code) holding what XML 1.0
    forbids: each feed still parses, the character shown as U+FFFD, the rest of the text kept."""
    bank = load(ROOT / "content")[0]
    idea = bank.ideas["lgd-help-desk"].item
    idea.title.bn = "হেল্প\uffffডেস্ক\x01"
    idea.summary.en = "A desk\ufffe for \ud800all\x1b."
    written = _feeds(bank)
    assert "feed.xml" in written and "en/offices/lgd/feed.xml" in written
    for path, text in written.items():
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == "{http://www.w3.org/2005/Atom}feed", path
    texts = [e.text for e in ET.fromstring(written["feed.xml"].encode()).iter("{http://www.w3.org/2005/Atom}title")]
    assert "হেল্প\ufffdডেস্ক\ufffd" in texts
    summaries = [e.text for e in ET.fromstring(written["en/feed.xml"].encode()).iter("{http://www.w3.org/2005/Atom}summary")]
    assert "A desk\ufffd for \ufffdall\ufffd." in summaries


def test_every_xml_file_of_the_built_site_is_well_formed():
    """What a feed reader or a search engine's crawler does first: parse the file as XML (expat:
    a character XML forbids, an unescaped & or <, a tag left open each stop it)."""
    site = built_site()
    files = sorted(site.rglob("*.xml"))
    assert {"feed.xml", "en/feed.xml", "offices/lgd/feed.xml", "en/offices/lgd/feed.xml", "sitemap.xml"} <= {
        f.relative_to(site).as_posix() for f in files}
    for file in files:
        try:
            ET.parse(file)
        except ET.ParseError as error:
            pytest.fail(f"{file.relative_to(site)}: {error}")
