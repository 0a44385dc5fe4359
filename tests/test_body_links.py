"""Links inside contributors' Markdown: a link to another innovation, team or office (by its file or
as idea:/team:/office:) is published as that page in the language being read, under any site path;
a link to a page that does not exist is refused by `innobank validate` with the file and line."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import yaml
from mkdocs.config.defaults import MkDocsConfig

from generator.load import ContentError, load
from generator.load.body_links import MARKDOWN_EXTENSIONS, SUGGESTIONS, hrefs, may_link, parse, renderer
from generator.pages import LangPage, Page
from generator.pages.body_links import resolver
from generator.sanitise import sanitise
from sitebuild import ROOT, built_site, html
# root: test_validate's fixture, a valid bank in tmp_path that is also the working directory
from test_validate import IDEA, IDEA_EN, TEAM, edit, expect_problem, line_of, problems, root, validate, write_tree

IDEA_FILE, IDEA_EN_FILE = "content/ideas/online-leave.md", "content/ideas/online-leave.en.md"
SITE = "https://innobank.github.io/innobank/"  # served under a project path


def with_body(text: str, extra: str) -> str:
    return text.rstrip("\n") + "\n\n" + extra + "\n"


def test_a_link_to_a_missing_page_is_refused_with_file_and_line(root, capsys):
    idea = with_body(IDEA, "বিস্তারিত [লিংক](../missing-page.md) দেখুন।")
    write_tree(root, ideas={"online-leave.md": idea, "online-leave.en.md": IDEA_EN})
    p = expect_problem(root, capsys, IDEA_FILE, line_of(idea, "missing-page"),
                       'The link "../missing-page.md" leads to no innovation, team or office',
                       '"../missing-page.md" লিংকটি content/ এর কোনো উদ্ভাবন, টিম বা দপ্তরে যায় না', field="body")
    assert p["column"] == len("বিস্তারিত [লিংক](") + 1  # where the address starts


def test_a_missing_link_in_the_english_body_names_the_english_file(root, capsys):
    english = with_body(IDEA_EN, "See the [team](../teams/lgd-inovation-team.md#members).")
    write_tree(root, ideas={"online-leave.md": IDEA, "online-leave.en.md": english})
    p = expect_problem(root, capsys, IDEA_EN_FILE, line_of(english, "lgd-inovation-team"),
                       'Did you mean "../teams/lgd-innovation-team.md#members"?',
                       'আপনি কি "../teams/lgd-innovation-team.md#members" বোঝাতে চেয়েছেন?', field="body")
    assert problems(root, capsys, IDEA_EN_FILE) == [p]  # `validate FILE` reports it too


@pytest.mark.parametrize("link, suggestion", [
    ("idea:online-leav", "idea:online-leave"),  # the short forms
    ("team:lgd-innovation", "team:lgd-innovation-team"),
    ("office:dc-munshigonj#teams", "office:dc-munshiganj#teams"),
    ("online-leve.md", "online-leave.md"),  # a file beside this one
    ("../offices/lgd.md", "../offices/lgd.yaml"),  # a file that is no page: the page closest to its name
    ("/ideas/online-leave/", "online-leave.md"),  # the site's address, not the file
    ("../../README.md", ""),  # outside content/
    ("../ideas/", ""),
    ("team:", ""),
])
def test_every_form_of_a_wrong_link_is_refused_with_a_suggestion(root, capsys, link, suggestion):
    idea = with_body(IDEA, f"এক\n\nদুই [এখানে]({link})।")
    write_tree(root, ideas={"online-leave.md": idea})
    found = problems(root, capsys)
    assert [(p["file"], p["line"], p["field"], p["code"]) for p in found] == [
        (IDEA_FILE, line_of(idea, "দুই [এখানে]"), "body", "unknown_link")]
    assert f'"{link}"' in found[0]["en"] and f'"{link}"' in found[0]["bn"]
    if suggestion:
        assert f'Did you mean "{suggestion}"?' in found[0]["en"]
        assert f'আপনি কি "{suggestion}" বোঝাতে চেয়েছেন?' in found[0]["bn"]
    else:
        assert "Did you mean" not in found[0]["en"]


VALID_LINKS = """\
The [team](../teams/lgd-innovation-team.md), its [members](team:lgd-innovation-team#members), the
[office](../offices/lgd.yaml), the [district](office:dc-munshiganj), this [innovation](online-leave.md),
its [English text](online-leave.en.md), the [old name](idea:old-online-leave), from content/:
[team](/teams/lgd-innovation-team.md), a [website](https://www.lgd.gov.bd), [mail](mailto:info@lgd.gov.bd),
a [section](#how), a [reference][r].

In code a link is text: `[x](missing.md)`

    [y](../missing.md)

[r]: ../ideas/online-leave.md "the innovation"
"""


def test_links_to_existing_pages_in_every_form_pass(root, capsys):
    idea = edit(with_body(IDEA, VALID_LINKS), "awards:", "aliases: [old-online-leave]\nawards:")
    team = with_body(TEAM, "Its innovation: [online leave](../ideas/online-leave.md), [the same](idea:online-leave).")
    write_tree(root, ideas={"online-leave.md": idea, "online-leave.en.md": with_body(IDEA_EN, VALID_LINKS)},
               teams={"lgd-innovation-team.md": team})
    code, out = validate(root, capsys)
    assert code == 0, out


def test_the_links_checked_are_the_ones_the_site_renders(root, capsys):
    """A link in an admonition (indented, like a code block) is a link on the site, so it is
    checked; a reference definition is reported on the line where its address is written."""
    idea = with_body(IDEA, "!!! note \"মনে রাখুন\"\n    দেখুন [এটি](missing-a.md)।\n\n[ref][b]\n\n[b]: <missing-b.md>")
    write_tree(root, ideas={"online-leave.md": idea})
    found = problems(root, capsys)
    assert [(p["line"], p["code"]) for p in found] == [(line_of(idea, "missing-a"), "unknown_link"),
                                                       (line_of(idea, "[b]: <missing-b"), "unknown_link")]


def test_the_renderer_is_configured_as_the_site():
    """mkdocs.yml's extensions and those MkDocs always adds (fenced_code: a fence the checker did
    not know hid a link from it behind a backtick, which the site then published)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert set(names) | set(MkDocsConfig.markdown_extensions.builtins) == set(MARKDOWN_EXTENSIONS)


def test_a_link_after_a_fenced_backtick_is_checked_as_the_site_shows_it(root):
    hidden = "~~~\n`\n~~~\n[সেবা নিন](https://www.mopa.gov.bd@evil.example/login) `"
    write_tree(root, ideas={"online-leave.md": with_body(IDEA, hidden)})
    assert [p.code for p in load(root / "content")[1]] == ["url_scheme"]


@pytest.mark.parametrize("href", ["https://10.0.0.1/x", "https://xn--m-8sb5bi.gov.bd/", "https://lgd.gov.bd:70000/"])
def test_a_plainly_written_web_address_the_fields_refuse_is_refused_in_a_body_too(root, href):
    """Refused where it is written, not dropped from the page unsaid."""
    write_tree(root, ideas={"online-leave.md": with_body(IDEA, f"দেখুন [এখানে]({href})।")})
    assert [p.code for p in load(root / "content")[1]] == ["url_scheme"]


@pytest.mark.parametrize("body", [
    "ছুটি এখন [অনলাইনে](https://leave.lgd.gov.bd)। [মেইল](mailto:a@lgd.gov.bd) [অংশ](#how)",
    "[a]( https://x.gov.bd) [b](<https://x.gov.bd/a b>)\n\n[r]: https://x.gov.bd\n\n<https://x.gov.bd>",
    "কোনো লিংক নেই। [শুধু বন্ধনী] (ফাঁক দিয়ে) এবং a ] ( b",
])
def test_a_body_whose_links_all_go_to_websites_is_decided_without_rendering(body):
    assert not may_link(body)
    assert all(parse(href, "ideas") is None for href in hrefs(body, renderer()))


@pytest.mark.parametrize("body", ["[a](  x.md)", "[a](\n<x.md>)", "[r]:\n  x.md", "<A HREF='x.md'>x</A>",
                                  "[a](HTTPS-not-a-scheme.md)", "<ftp://x.gov.bd>", "[a](idea:x)"])
def test_a_body_that_may_link_to_a_file_is_rendered(body):
    assert may_link(body)


# ---- rendering ------------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: dict[str, str | None] = {}  # text → href

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data):
        if getattr(self, "_href", False) is not False:
            self.links[data] = self._href
            self._href = False


def links_of(page_html: str) -> dict[str, str | None]:
    parser = _Links()
    parser.feed(page_html)
    return parser.links


def render(body: str, key: str, lang: str, bank) -> str:
    """A body as the site renders it: Markdown, then the sanitiser resolving its links."""
    return sanitise(renderer().convert(body), link=resolver(LangPage(Page(key, "idea.html", "t"), lang), bank))


BODY = """\
[team](../teams/lgd-innovation-team.md#members) [office](office:dc-munshiganj) [yaml](../offices/lgd.yaml)
[english file](online-leave.en.md) [old name](idea:old-online-leave) [root](/ideas/online-leave.md)
[web](https://www.lgd.gov.bd/a) [section](#how) [script](javascript:alert(1))
"""


@pytest.mark.parametrize("lang, prefix", [("bn", ""), ("en", "en/")])
def test_a_link_is_published_as_the_page_in_the_same_language(root, lang, prefix):
    idea = edit(IDEA, "awards:", "aliases: [old-online-leave]\nawards:")
    write_tree(root, ideas={"online-leave.md": idea, "other.md": IDEA})
    bank, found = load(root / "content")
    assert found == []
    page_url = urljoin(SITE, f"{prefix}ideas/other/")
    links = {text: href and urljoin(page_url, href) for text, href in links_of(render(BODY, "ideas/other", lang, bank)).items()}
    assert links == {
        "team": f"{SITE}{prefix}teams/lgd-innovation-team/#members",
        "office": f"{SITE}{prefix}offices/dc-munshiganj/",
        "yaml": f"{SITE}{prefix}offices/lgd/",
        "english file": f"{SITE}{prefix}ideas/online-leave/",
        "old name": f"{SITE}{prefix}ideas/online-leave/",
        "root": f"{SITE}{prefix}ideas/online-leave/",
        "web": "https://www.lgd.gov.bd/a",
        "section": f"{page_url}#how",
        "script": None,  # the sanitiser still lets only http(s) and mailto through
    }


def test_a_link_the_site_would_not_publish_is_refused_where_it_is_written(root):
    """Only https, http and mailto links reach a page; a host without its scheme would be opened as
    another website, so it is refused as any other scheme is, not dropped from the page unsaid."""
    hostile = ["//evil.example/p", "/\\evil.example/p", "javascript:alert(1)", "ftp://files.example/x",
               "https://m\u043epa.gov.bd/", "https://www.mopa.gov.bd@evil.example/"]
    idea = with_body(IDEA, "\n\n".join(f"দেখুন [এখানে]({href})" for href in hostile) + "\n\n[ঠিক](https://www.lgd.gov.bd/)")
    write_tree(root, ideas={"online-leave.md": idea})
    bank, found = load(root / "content")
    assert [(p.line, p.column, p.field, p.code) for p in found] == [
        (line_of(idea, href), len("দেখুন [এখানে](") + 1, "body", "url_scheme") for href in hostile]
    alone = with_body(IDEA, "[সেবা](https://m\u043epa.gov.bd/) ও <https://m\u043epa.gov.bd/x>")  # no other link
    write_tree(root, ideas={"online-leave.md": alone})
    found = load(root / "content")[1]
    assert [p.code for p in found] == ["url_scheme"] * 2 and found[0].column == len("[সেবা](") + 1
    assert all("http://" in p.en and "http://" in p.bn for p in found)
    shown = render("[x](//evil.example/p) [y](/\\evil.example) [z](https://m\u043epa.gov.bd/)", "ideas/online-leave", "bn", bank)
    assert links_of(shown) == {"x": None, "y": None, "z": None}  # should one ever reach a page


def test_a_link_the_loader_did_not_see_stops_the_build_instead_of_being_published(root):
    bank, _ = load(root / "content")
    with pytest.raises(ContentError, match="missing-page"):
        render("[লিংক](../missing-page.md)", "ideas/online-leave", "bn", bank)


def test_the_sample_site_links_one_innovation_to_another_in_both_languages():
    target = "ideas/mopa-implemented-innovations-database/"
    for prefix, text in (("", "ইতঃপূর্বে বাস্তবায়িত উদ্ভাবনের ডাটাবেজ"),
                         ("en/", "the database of previously implemented innovations")):
        page = f"{prefix}ideas/mopa-innovation-bank/"
        href = links_of(html(page))[text]
        address = urljoin(SITE + page, href)
        assert address == SITE + prefix + target
        assert (built_site() / posixpath.relpath(address, SITE.rstrip("/")) / "index.html").is_file()
    for page in ("ideas/mopa-innovation-bank/", "en/ideas/mopa-innovation-bank/"):  # no file address left
        assert not re.search(r'href="(?!https://github\.com/)[^"]*\.(md|yaml)["#]', html(page))


def test_a_body_of_thousands_of_wrong_links_is_reported_link_by_link(root, capsys):
    """Each is found in one pass over the body; "did you mean" (a comparison with every page's
    name) is given to the first few only, so a hostile file cannot make validation take hours."""
    lines = [f"[{i}](../ideas/online-leave-{i}.md) [ঠিক](idea:online-leave)" for i in range(1000)]
    idea = with_body(IDEA, "\n\n".join(lines))
    write_tree(root, ideas={"online-leave.md": idea})
    bank, found = load(root / "content")
    first = line_of(idea, "[0](")
    assert [(p.line, p.column, p.code) for p in found] == [(first + 2 * i, 1 + len(f"[{i}]("), "unknown_link")
                                                           for i in range(1000)]
    hinted = [p for p in found if "Did you mean" in p.en]
    assert 0 < len(hinted) <= SUGGESTIONS and hinted == found[: len(hinted)]
