"""The JSON API as a developer reads it from the built sample site: every document validates
against the schema it names, the list pages walk through every record exactly once, one document
per innovation, team and office matches the content, the bulk download holds every record, and
the API page documents each address with its schema. Smaller page and part sizes than the site's
exercise the splits on the small sample bank. test_schemas.py checks that every published schema
is valid JSON Schema 2020-12."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from urllib.parse import urljoin

import jsonschema
import pytest
from markupsafe import escape

from generator.i18n import catalogue, t
from generator.pages.api import BULK_LINES, PAGE_SIZE
from generator.pages.relations import relate
from generator.publish import api, made
from sitebuild import ROOT, built_site, html
from test_site import BANK

SITE_URL = "https://innobank.github.io/innobank/"
KINDS = {"ideas": "idea", "teams": "team", "offices": "office"}


def _json(path):
    return json.loads((built_site() / path).read_text(encoding="utf-8"))


def _site_file(url: str) -> bytes:
    assert url.startswith(SITE_URL), url
    return (built_site() / url.removeprefix(SITE_URL)).read_bytes()


def _validator(declared: str, read) -> jsonschema.Draft202012Validator:
    schema = json.loads(read(declared))
    assert schema["$id"] == declared
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _documents():
    """Every JSON document of the API (the schemas apart), by site path."""
    root = built_site() / "api/v1"
    return {p.relative_to(built_site()).as_posix(): p for p in sorted(root.rglob("*.json"))
            if not p.relative_to(root).as_posix().startswith("schema/")}


def test_every_document_declares_its_schema_and_validates_against_it():
    used = {}
    for path, file in _documents().items():
        document = json.loads(file.read_text(encoding="utf-8"))
        declared = document.get("$schema", "")
        assert declared.startswith(SITE_URL + "api/v1/schema/") and declared.endswith(".schema.json"), path
        validator = _validator(declared, _site_file)
        assert [e.message for e in validator.iter_errors(document)] == [], path
        assert document["version"] == "v1"
        used.setdefault(declared.removeprefix(SITE_URL + "api/v1/schema/"), []).append(path)
    assert used.pop("index.response.schema.json") == ["api/v1/index.json"]
    for kind, one in KINDS.items():
        table = getattr(BANK, kind)
        assert used.pop(f"{kind}.response.schema.json") == [f"api/v1/{kind}.json"]
        assert used.pop(f"{kind}.page.response.schema.json") == [f"api/v1/{kind}/page/1.json"]  # the sample fits one
        assert used.pop(f"{one}.response.schema.json") == [f"api/v1/{kind}/{slug}.json" for slug in sorted(table)]
    assert used == {}
    index = _json("api/v1/index.json")
    assert index["counts"] == {kind: len(getattr(BANK, kind)) for kind in KINDS}
    for schema in (built_site() / "api/v1/schema").glob("*.json"):
        name = schema.relative_to(built_site() / "api/v1").as_posix()
        assert index["endpoints"][name] == SITE_URL + "api/v1/" + name
    for kind in KINDS:
        assert index["endpoints"][f"{kind}/page/{{n}}.json"] == SITE_URL + f"api/v1/{kind}/page/{{n}}.json"
        assert index["endpoints"][f"{kind}/{{id}}.json"] == SITE_URL + f"api/v1/{kind}/{{id}}.json"


def _walk(kind: str, read) -> list[dict]:
    """Every page of a kind's list, from its index (api/v1/<kind>.json) along the next links,
    checking each page's links and counts on the way."""
    listing = json.loads(read(SITE_URL + f"api/v1/{kind}.json"))
    url, previous, pages, walked = listing["pages"][0], None, [], []
    while url is not None:
        walked.append(url)
        page = json.loads(read(url))
        assert page["prev"] == previous and page["page"] == len(pages) + 1
        assert (page["first"], page["last"]) == (listing["pages"][0], listing["pages"][-1])
        assert page["total"] == listing["total"] and page["page_size"] == listing["page_size"]
        _validator(page["$schema"], read).validate(page)
        pages.append(page)
        previous, url = url, page["next"]
    assert walked == listing["pages"] and [p["page"] for p in pages] == list(range(1, len(walked) + 1))
    assert all(p["pages"] == len(pages) for p in pages)
    assert all(len(p[kind]) == listing["page_size"] for p in pages[:-1]) and len(pages[-1][kind]) <= listing["page_size"]
    return pages


@pytest.mark.parametrize("kind", KINDS)
def test_the_pages_of_a_list_walk_through_every_record_exactly_once(kind):
    table = getattr(BANK, kind)
    assert [row["id"] for page in _walk(kind, _site_file) for row in page[kind]] == sorted(table)
    assert _json(f"api/v1/{kind}.json")["page_size"] == PAGE_SIZE
    # A bank longer than a page: the same walk over the API published with 3 records a page.
    out = made(api.publish(relate(BANK, ROOT), SITE_URL, page_size=3))
    pages = _walk(kind, lambda url: out[url.removeprefix(SITE_URL)])
    assert [row["id"] for page in pages for row in page[kind]] == sorted(table)
    assert len(pages) == -(-len(table) // 3) > 1
    assert not any(path.startswith(f"api/v1/{kind}/page/{len(pages) + 1}") for path in out)


@pytest.mark.parametrize("kind", KINDS)
def test_one_document_per_record_holds_what_the_content_file_says(kind):
    one = KINDS[kind]
    summaries = {(k, row["id"]): row for k in KINDS for page in _walk(k, _site_file) for row in page[k]}
    for slug, rec in getattr(BANK, kind).items():
        document = _json(f"api/v1/{kind}/{slug}.json")
        row = document[one]
        expected = json.loads(rec.item.model_dump_json(exclude_none=True))
        assert {k: row[k] for k in expected} == expected
        assert row["id"] == slug and set(row) - set(expected) <= {"id", "url", "body"}
        key = f"{kind}/{slug}"
        assert row["url"] == {"bn": SITE_URL + key + "/", "en": SITE_URL + "en/" + key + "/"}
        assert (built_site() / key / "index.html").exists() and (built_site() / "en" / key / "index.html").exists()
        assert row.get("body", {}) == {lang: text for lang, text in rec.body.items() if text}
        summary = summaries[kind, slug]
        assert summary["api"] == SITE_URL + f"api/v1/{kind}/{slug}.json"
        assert {k: v for k, v in summary.items() if k != "api"} == {k: row[k] for k in summary if k != "api"}
        if kind in ("teams", "offices"):  # its innovations, newest first, as its page lists them
            ideas = [i["id"] for i in document["ideas"]]
            assert sorted(ideas) == sorted(s for s, r in BANK.ideas.items() if getattr(r.item, one) == slug)
            # each named and linked as on the list pages; the rest of its summary is there
            assert document["ideas"] == [_reference(summaries["ideas", i], "title") for i in ideas]
            assert ideas == sorted(ideas, key=_newest, reverse=True)
        if kind == "offices":
            assert [team["id"] for team in document["teams"]] == sorted(s for s, r in BANK.teams.items() if r.item.office == slug)
            assert document["teams"] == [_reference(summaries["teams", team["id"]], "name") for team in document["teams"]]


def _reference(summary: dict, name: str) -> dict:
    return {key: summary[key] for key in ("id", "api", "url", name)}


def _newest(slug):
    dates = BANK.ideas[slug].item.dates
    return dates.implemented or dates.started or dt.date.min, slug


def _bulk_lines(urls, read) -> list[bytes]:
    lines = []
    for url in urls:
        part = read(url)
        assert part[:2] == b"\x1f\x8b" and part[4:8] == b"\0\0\0\0", "gzip, with no time in its header"
        text = gzip.decompress(part)
        assert text.endswith(b"\n")
        lines += text.split(b"\n")[:-1]
    return lines


def test_the_bulk_download_holds_every_record_one_document_a_line():
    index = _json("api/v1/index.json")
    assert index["bulk"] == [SITE_URL + "api/v1/bulk/1.ndjson.gz"]  # the sample fits one part
    lines = _bulk_lines(index["bulk"], _site_file)
    expected = [(kind, slug) for kind in ("offices", "teams", "ideas") for slug in getattr(BANK, kind)]
    assert len(lines) == len(expected) == sum(index["counts"].values())
    validators = {}
    for line, (kind, slug) in zip(lines, expected):
        document = json.loads(line)
        assert document[KINDS[kind]]["id"] == slug
        assert line == (built_site() / f"api/v1/{kind}/{slug}.json").read_bytes(), "the line is the record's own document"
        declared = document["$schema"]
        validator = validators.get(declared) or validators.setdefault(declared, _validator(declared, _site_file))
        validator.validate(document)
    for kind in KINDS:
        assert _json(f"api/v1/{kind}.json")["bulk"] == index["bulk"]


def test_the_bulk_download_splits_into_parts_and_gives_the_same_bytes_every_time():
    rel = relate(BANK, ROOT)
    out = made(api.publish(rel, SITE_URL, bulk_lines=4))
    index = json.loads(out["api/v1/index.json"])
    records = sum(index["counts"].values())
    assert len(index["bulk"]) == -(-records // 4) > 1
    read = lambda url: out[url.removeprefix(SITE_URL)]  # noqa: E731
    assert all(len(gzip.decompress(read(url)).split(b"\n")) - 1 == 4 for url in index["bulk"][:-1])
    assert _bulk_lines(index["bulk"], read) == _bulk_lines([SITE_URL + "api/v1/bulk/1.ndjson.gz"], _site_file)
    assert made(api.publish(relate(BANK, ROOT), SITE_URL, bulk_lines=4)) == out


def test_a_bulk_part_compresses_again_only_the_segments_whose_documents_changed(tmp_path):
    """A build keeps a part's compressed segments in its state folder and a deploy compresses again
    only the segment of an edited document; whatever that folder holds, the part's bytes are those
    a build without it makes, one gzip member holding every document."""
    documents = [json.dumps({"id": n, "title": "উদ্ভাবন " * n}, ensure_ascii=False).encode() for n in range(10)]

    def fresh(docs):
        return api.BulkParts(segment_lines=3).part(1, *docs)

    def segments():
        return {path.name: path.stat().st_ino for path in tmp_path.rglob("*.deflate")}

    parts = api.BulkParts(tmp_path, segment_lines=3)
    first = parts.part(1, *documents)
    assert first == fresh(documents) and gzip.decompress(first) == b"".join(d + b"\n" for d in documents)
    assert api.BulkParts(tmp_path, segment_lines=5).part(1, *documents) == api.BulkParts(segment_lines=5).part(1, *documents)
    assert parts.part(1, *documents) == first, "compressed anew: the cached segments were of 5 lines"
    written = segments()
    assert sorted(written) == ["0.deflate", "1.deflate", "2.deflate", "3.deflate"]
    edited = [*documents[:4], b'{"id":4,"title":"edited"}', *documents[5:]]
    assert parts.part(1, *edited) == fresh(edited)
    assert [name for name, inode in segments().items() if inode != written[name]] == ["1.deflate"]
    # damaged, cut short, another segment's: each made again
    folder = next(tmp_path.rglob("0.deflate")).parent
    (folder / "0.deflate").write_bytes(b"not deflate")
    (folder / "1.deflate").write_bytes((folder / "1.deflate").read_bytes()[:-6])
    (folder / "2.deflate").write_bytes((folder / "3.deflate").read_bytes())
    assert parts.part(1, *edited) == fresh(edited)
    assert parts.part(1, *edited[:5]) == fresh(edited[:5])
    assert sorted(segments()) == ["0.deflate", "1.deflate"], "a shorter part's last segments are gone"
    parts.part(2, *documents)
    parts.keep(1)
    assert sorted(segments()) == ["0.deflate", "1.deflate"], "a part the bank no longer has is gone"


def test_api_schemas_describe_the_normalised_records():
    """The content files may say ২ or "yes"; the API always gives 2 and true, and its schema says so."""
    slug = next(s for s, r in BANK.ideas.items() if r.item.awards)
    data = _json(f"api/v1/ideas/{slug}.json")
    validator = jsonschema.Draft202012Validator(_json("api/v1/schema/idea.response.schema.json"))
    assert validator.is_valid(data)
    for path, value in ((("awards", 0, "rank"), 99), (("awards", 0, "rank"), "২"), (("awards", 0, "year"), 1970),
                        (("service", "running"), "yes"), (("dates", "implemented"), "২০২০-০১-০১"),
                        (("title",), "শুধু বাংলা")):
        changed = json.loads(json.dumps(data))
        here = changed["idea"]
        for key in path[:-1]:
            here = here[key]
        here[path[-1]] = value
        assert not validator.is_valid(changed), (path, value)
    page = _json("api/v1/ideas/page/1.json")
    page_schema = jsonschema.Draft202012Validator(_json("api/v1/schema/ideas.page.response.schema.json"))
    for change in ({"title": "শুধু বাংলা"}, {"api": None}, {"body": {"bn": "a summary holds no body"}}):
        changed = json.loads(json.dumps(page))
        changed["ideas"][0].update(change)
        assert not page_schema.is_valid(changed), change
    office = _json(f"api/v1/offices/{next(iter(BANK.offices))}.json")
    office_schema = jsonschema.Draft202012Validator(_json("api/v1/schema/office.response.schema.json"))
    assert office_schema.is_valid(office)
    for change in ({"title": "শুধু বাংলা"}, {"summary": page["ideas"][0]["summary"]}):
        changed = json.loads(json.dumps(office))
        changed["ideas"] = [{**page["ideas"][0], **change}]
        assert not office_schema.is_valid(changed), change
    office["ideas"] = [{"id": "x"}]
    assert not office_schema.is_valid(office)


def test_no_document_holds_the_whole_bank():
    """What made ideas.json 80 MB at 10,000 innovations: a file whose size grows with the bank.
    Now only a page (fixed size), a bulk part (fixed lines) and one record's document hold records."""
    assert set(_json("api/v1/ideas.json")) == {"$schema", "version", "total", "page_size", "pages", "item", "bulk"}
    for path, file in _documents().items():
        document = json.loads(file.read_text(encoding="utf-8"))
        lists = {k: v for k, v in document.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
        if re.fullmatch(r"api/v1/(ideas|teams|offices)/page/\d+\.json", path):
            assert all(len(v) <= PAGE_SIZE for v in lists.values()), path
        elif path.startswith("api/v1/teams/") or path.startswith("api/v1/offices/"):
            assert set(lists) <= {"ideas", "teams"} and all("body" not in row for v in lists.values() for row in v), path
        else:
            assert lists == {}, path


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_api_page_documents_every_address_with_its_schema(lang):
    def said(key, **values):
        return str(escape(t(key, lang, **values))) in page

    prefix = "" if lang == "bn" else "en/"
    page = html(f"{prefix}api/")
    links = {urljoin(f"{SITE_URL}{prefix}api/", href) for href in re.findall(r'href="([^"]+)"', page)}
    targets = {link.removeprefix(SITE_URL) for link in links if link.startswith(SITE_URL + "api/v1/")}
    for target in targets:
        assert (built_site() / target).is_file(), target
    schemas = {p.relative_to(built_site()).as_posix() for p in (built_site() / "api/v1/schema").glob("*.response.schema.json")}
    assert schemas <= targets, "every document's schema is linked from the page"
    for kind in KINDS:
        assert f"api/v1/{kind}/page/1.json" in targets and f"api/v1/{kind}.json" in targets
        assert f">api/v1/{kind}/page/{{n}}.json</a></code>" in page and f">api/v1/{kind}/{{id}}.json</a></code>" in page
        assert said(f"api.{kind}_page", size=PAGE_SIZE, pages=1)
    assert "api/v1/bulk/1.ndjson.gz" in targets and "api/v1/index.json" in targets
    assert said("api.bulk", lines=BULK_LINES, parts=1)
    assert f'{escape(t("api.version_text", lang))} <code>"version": "v1"</code>, <code>"$schema"</code>' in page
    assert f"<code>api/v1/ideas.json</code> {escape(t('api.replaced_text', lang))}" in page, \
        "the page says what replaced the whole-bank ideas.json"
    texts = {key: entry for key, entry in catalogue().items() if key.startswith("api.")}
    assert [key for key, entry in texts.items() if set(entry) != {"bn", "en"}] == [], \
        "an unquoted comma in catalogue.yaml cuts a text short"


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_api_page_says_body_is_untrusted_markdown_and_how_to_embed_an_office(lang):
    """body is the contributor's Markdown as written (raw HTML and <script> included, which the
    pages remove): the page says so, and that its sanitised rendering is the page at url. It also
    states the schemas' version (2020-12) in both languages, and leads to the embed code of an office's page."""
    prefix = "" if lang == "bn" else "en/"
    page = html(f"{prefix}api/")
    body = str(escape(t("api.body_text", lang)))
    assert "&lt;script&gt;" in body and "Markdown" in body and re.search(r"\burl\b", body) and body in page
    assert ("sanitiser" if lang == "en" else "স্যানিটাইজার") in body
    assert f'{escape(t("api.dialect", lang))} <code>"$schema": "https://json-schema.org/draft/2020-12/schema"</code>' in page
    office = next(iter(BANK.offices))
    said = str(escape(t("api.embeds_text", lang, address="embed/offices/{id}/", address_en="en/embed/offices/{id}/",
                        heading=t("heading.embed", lang))))
    assert said in page
    link = re.search(rf'<a href="([^"]+)">{re.escape(str(escape(t("api.embeds_example", lang, id=office))))}</a>', page)
    assert link, "the page links to an office's embed code"
    target = urljoin(f"{SITE_URL}{prefix}api/", link.group(1))
    assert target == f"{SITE_URL}{prefix}offices/{office}/#embed"
    office_page = html(f"{prefix}offices/{office}/")
    assert 'id="embed"' in office_page and f'&lt;iframe src="{SITE_URL}{prefix}embed/offices/{office}/"' in office_page
    for address in (f"embed/offices/{office}/", f"en/embed/offices/{office}/"):
        assert (built_site() / address / "index.html").is_file(), address


def test_the_schema_of_a_record_says_body_is_untrusted_markdown():
    """A developer reading only the schema learns it too: the record's body description."""
    for one in KINDS.values():
        schema = _json(f"api/v1/schema/{one}.response.schema.json")
        record = schema["$defs"][f"{one.capitalize()}Record"]
        described = record["properties"]["body"]["description"]
        assert "Markdown" in described and "Untrusted" in described and "<script>" in described
        assert "sanitiser" in described and "`url`" in described
