"""Contributors' text is untrusted. A corpus of known XSS vectors goes into every text field and
body of an innovation, in both languages; the built HTML must hold nothing executable: no
contributor script, event handler, javascript:/data: URL, iframe, form, object or style."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from generator.load import load
from generator.load.body_links import renderer
from generator.publish.redirects import FOLDERS
from generator.sanitise import sanitise
from sitebuild import ROOT, copy_offices

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"//',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="https://evil.example"><input name="x" autofocus onfocus="alert(1)"></form>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    "<body onload=alert(1)>",
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](  javascript:alert(1))",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "<!--<script>alert(1)</script>-->",
    '<a href="https://example.gov.bd" onclick="alert(1)">ok</a>',
    # ids of the page (its service box is labelled by "service"; the header's search box), and a
    # heading toc names as the page's own section: a body's ids are its own (test_sanitise.py)
    '<h2 id="service">x</h2><h3 id="bank-search-input" name="q">y</h3><span id="__search">z</span>',
    "Impact",
]


def _text(vector: str, index: int) -> dict:
    return {"bn": f"বাংলা {index} {vector}", "en": f"English {index} {vector}"}


def _line(vector: str, index: int) -> dict:
    """For a field shown on one line, which refuses tabs and line breaks (tests/test_one_line.py)."""
    return _text(" ".join(vector.split()), index)


def _idea(i: int, vector: str) -> dict:
    return {
        "title": _line(vector, i), "summary": _text(vector, i), "kind": "digitisation", "status": "implemented",
        "office": "lgd", "team": "lgd-innovation-team", "sectors": ["ict"],
        "dates": {"started": "2020-01-01", "implemented": "2021-01-01"},
        "service": {"link": "https://www.lgd.gov.bd/service", "running": i % 2 == 0,
                    "not_running_reason": _text(vector, i), "expected_result": "partly", "remarks": _text(vector, i)},
        "impact": {"time": {"before": 10, "after": 2, "unit": "days"}},
        "awards": [{"name": _line(vector, i), "level": "ministry", "year": 2022, "rank": 1, "category": _line(vector, i)}],
        "innovators": [{"name": _line(vector, i), "designation": _line(vector, i)}],
        "links": [{"title": _line(vector, i), "url": "https://www.lgd.gov.bd/news", "kind": "news"}],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    for name in ("mkdocs.yml", "theme"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    copy_offices(root / "content" / "offices")
    shutil.copytree(ROOT / "content" / "teams", root / "content" / "teams")
    ideas = root / "content" / "ideas"
    ideas.mkdir()
    for i, vector in enumerate(VECTORS):
        front = json.dumps(_idea(i, vector), ensure_ascii=False, indent=1)
        # Validation refuses a picture in the text (test_content_tree.py) and a link the site does not
        # publish (test_body_links.py): those go in the fields only, and through the sanitiser below.
        body = "" if REFUSED_IN_BODY.search(vector) else vector
        (ideas / f"xss-{i}.md").write_text(f"---\n{front}\n---\n{body}\n\n## {body}\n\n- {body}\n",
                                           encoding="utf-8")
        (ideas / f"xss-{i}.en.md").write_text(f"{body}\n\n> {body}\n", encoding="utf-8")
    bank, problems = load(root / "content")
    assert problems == [] and len(bank.ideas) == len(VECTORS)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "site"


REFUSED_IN_BODY = re.compile(r"<img|!\[|\]\(\s*(?!https:)|<a href=\"(?!https:)", re.IGNORECASE)
OUR_SCRIPTS = re.compile(r"(^|/)assets/javascripts/(bundle\.[0-9a-f]+\.min\.js|search\.js)$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster", "background"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "style"}


# The site's own pages that send the reader on from a folder (publish/redirects.py): site path → the
# one meta refresh each may hold, to the page it names, whatever contributors wrote
FORWARDS = {f"{prefix}{folder}/index.html": f"0; url={posixpath.relpath(key, folder)}/"
            for folder, (key, _) in FOLDERS.items() for prefix in ("", "en/")}


class _Audit(HTMLParser):
    def __init__(self, refresh: str | None = None):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.refresh = refresh  # the site's own meta refresh this page holds, if any

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if not (OUR_SCRIPTS.search(attrs.get("src") or "") or attrs.get("id") == "__config"):
                self.found.append(f"<script {attrs}>")
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "form" and attrs.get("class") != "bank-search":
            self.found.append(f"<form {attrs}>")
        if tag == "input" and attrs.get("id") not in ("__drawer", "__search", "bank-search-input"):
            self.found.append(f"<input {attrs}>")
        if tag == "base" and "href" in attrs:
            self.found.append("<base href>")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh" and \
                (self.refresh is None or attrs.get("content") != self.refresh):
            self.found.append("<meta refresh>")
        if tag == "link" and "evil" in (attrs.get("href") or ""):
            self.found.append(f"<link {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name == "style" and value:
                self.found.append(f"{tag} style={value!r}")
            if name in URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if cleaned.startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"{tag} {name}={value!r}")


def test_no_executable_content_reaches_the_html(hostile_site):
    pages = [p for p in hostile_site.rglob("*.html") if "xss-" in str(p) or p.parent == hostile_site]
    pages += list((hostile_site / "showcase").rglob("*.html")) + list((hostile_site / "browse").rglob("index.html"))
    pages += list((hostile_site / "offices" / "lgd").rglob("*.html")) + list((hostile_site / "en" / "offices").rglob("*.html"))
    assert len(pages) > 2 * len(VECTORS)
    problems = []
    assert any(path.relative_to(hostile_site).as_posix() in FORWARDS for path in pages)
    for path in pages:
        audit = _Audit(FORWARDS.get(path.relative_to(hostile_site).as_posix()))
        audit.feed(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(hostile_site)}: {f}" for f in audit.found]
    assert problems == []


@pytest.mark.parametrize("vector", [v for v in VECTORS if REFUSED_IN_BODY.search(v)])
def test_the_sanitiser_alone_keeps_nothing_executable_of_a_body_validation_refuses(vector):
    """Should a refused body ever reach a page, it still runs nothing."""
    audit = _Audit()
    audit.feed(sanitise(renderer().convert(vector)))
    assert audit.found == [] and "<img" not in sanitise(renderer().convert(vector))


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


def test_no_page_gives_one_id_twice(hostile_site):
    """An id given twice labels, and is the #link target of, the first element only: a body's
    heading named as the page's own section took the section's place."""
    twice = {}
    for path in hostile_site.rglob("*.html"):
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8"))
        repeated = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
        if repeated:
            twice[str(path.relative_to(hostile_site))] = repeated
    assert twice == {}


def test_embeds_and_feeds_escape_contributor_text(hostile_site):
    embed = (hostile_site / "embed" / "offices" / "lgd" / "index.html").read_text(encoding="utf-8")
    audit = _Audit()
    audit.feed(embed.replace("<style>", "").replace("</style>", ""))  # the embed's own inline CSS
    assert audit.found == []
    assert embed.count("<style>") == 1
    for feed in (hostile_site / "feed.xml", hostile_site / "en" / "feed.xml"):
        text = feed.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_text_stays_text_and_templates_do_not_run(hostile_site):
    page = (hostile_site / "en" / "ideas" / f"xss-{VECTORS.index('{{ 7*7 }} {% raw %} ${7*7}')}" / "index.html")
    text = page.read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% raw %} ${7*7}" in text
    title = (hostile_site / "ideas" / "xss-0" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in title


def _with_service_link(folder, link: str) -> list:
    """The problems of a bank whose one innovation's service link is `link`."""
    ideas = folder / "content" / "ideas"
    copy_offices(folder / "content" / "offices")
    shutil.copytree(ROOT / "content" / "teams", folder / "content" / "teams")
    ideas.mkdir()
    data = _idea(0, "x")
    data["service"]["link"] = link
    (ideas / "link.md").write_text("---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n", encoding="utf-8")
    return load(folder / "content")[1]


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "ftp://example.gov.bd/x", "//evil.example",
                                  "vbscript:x", "mailto:someone@lgd.gov.bd",
                                  "https://m\u043epa.gov.bd/service",  # a Cyrillic о: looks like mopa.gov.bd
                                  "https://www.mopa.gov.bd@evil.example/service",  # goes to evil.example
                                  "https://xn--m-8sb5bi.gov.bd/service",  # that Cyrillic mоpa, in its ASCII form
                                  "https://10.0.0.1/service", "https://1234/", "https://0x7f000001/",  # IP addresses
                                  "https://www.mopa.gov.bd:65536/service"])  # no such port
def test_service_links_must_be_http(tmp_path, link):
    problems = _with_service_link(tmp_path, link)
    assert [p.code for p in problems] == ["url_scheme"]
    assert "http:// or https://" in problems[0].en and problems[0].field == "service.link"


@pytest.mark.parametrize("link", ["https://www.mopa.gov.bd/site/page/x?id=1#top", "http://localhost:8000/",
                                  "https://বাংলাদেশ.বাংলা/সেবা", "HTTPS://WWW.LGD.GOV.BD", "https://www.mopa.gov.bd:65535/",
                                  "https://123.gov.bd/", "https://x1.0a/"])
def test_a_service_link_with_an_english_or_a_bengali_host_is_accepted(tmp_path, link):
    assert _with_service_link(tmp_path, link) == []
