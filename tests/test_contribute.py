"""The contribute form (/contribute/): drawn from the content schema, checking as the officer types
with the validator's rules and messages, producing files that `innobank validate` accepts and
that build into pages, the same bytes back for "Propose a change" without edits, drafts that
survive a reload, nothing from another host, and no serious accessibility violation."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from generator.cli import main
from generator.i18n import catalogue, t
from generator.load.source import CONTROL, NONCHARACTER, read_source
from generator.model.schema import content_schemas
from generator.pages.contribute import describe, existing, existing_address, form_link
from generator.publish.sources import bundle
from generator.sanitise import ID_PREFIX
from sitebuild import _Quiet, built_site, copy_offices, serve

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = "https://github.com/innobank/innobank"
SLUG = "union-digital-birth-registration"
PHONE = "০১৭১১-২৩৪৫৬৭"  # a personal mobile number, in Bengali digits


# ---- the form is the schema's -------------------------------------------------------------------

def _fields(form: dict):
    yield form
    for child in form.get("fields", []) + ([form["item"]] if "item" in form else []):
        yield from _fields(child)


def _schema_paths(node: dict, defs: dict, path: str = ""):
    """Every property path of a content schema, lists written as name[]."""
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    for branch in node.get("anyOf", []):
        if "$ref" in branch:
            yield from _schema_paths(branch, defs, path)
            return
    if node.get("type") == "array" and "items" in node:
        yield from _schema_paths(node["items"], defs, path + "[]")
        return
    if set(node.get("properties", {})) == {"bn", "en"}:
        return
    for name, prop in node.get("properties", {}).items():
        child = f"{path}.{name}" if path else name
        yield child
        yield from _schema_paths(prop, defs, child)


@pytest.mark.parametrize("kind", ["ideas", "teams"])
def test_every_field_of_the_schema_is_in_the_form_with_both_labels(kind):
    """A field added to a model appears in the form (the form is drawn from the schema), and a
    catalogue label in both languages is what it needs to be named there."""
    schema = content_schemas()[kind]
    described = {f["path"]: f for f in _fields(describe(kind)) if f["path"]}
    paths = set(_schema_paths(schema, schema["$defs"]))
    assert paths and paths <= set(described), paths - set(described)
    for path in paths:
        field = described[path]
        assert field["widget"] in {"text", "string", "choice", "choices", "flag", "number", "date", "group", "list"}
        if not path.endswith("[]"):
            assert field["label"] in catalogue(), f"{kind}: {path} has no catalogue label (field.{path})"
        if field.get("group"):
            assert all(f"{field['group']}.{value}" in catalogue() for value in field["choices"])


def test_propose_a_change_links_only_from_a_file_page():
    assert form_link("ideas/online-leave") == "?edit=ideas/online-leave"
    assert form_link("teams/lgd-innovation-team") == "?edit=teams/lgd-innovation-team"
    assert form_link("teams/2") is None and form_link("offices/lgd") is None and form_link("browse/status/implemented") is None


def test_choices_are_labelled_and_rules_come_from_the_schema():
    ideas = {f["path"]: f for f in _fields(describe("ideas"))}
    assert ideas["status"]["group"] == "status" and ideas["kind"]["group"] == "kind"
    assert ideas["sectors"]["widget"] == "choices" and ideas["sectors"]["group"] == "sector"
    assert ideas["awards[].level"]["group"] == "award_level"
    assert ideas["service.expected_result"]["group"] == "answer"
    assert ideas["service.running"]["widget"] == "flag"
    assert ideas["impact.time.unit"]["choices"] == ["minutes", "hours", "days"]
    assert ideas["office"]["list"] == "offices" and ideas["place"]["list"] == "places"
    assert ideas["dates.implemented"]["widget"] == "date"
    assert ideas["awards[].year"]["code"] == "year_range"
    assert ideas[""]["rule"]["code"] == "implemented_date" and ideas["service"]["rule"]["code"] == "reason_required"
    teams = {f["path"]: f for f in _fields(describe("teams"))}
    assert teams["parent"]["list"] == "teams" and teams["members[].role"]["group"] == "role"
    assert teams["action_plans[].activities"]["min"] == 1


@pytest.mark.parametrize("kind", ["ideas", "teams"])
def test_the_form_refuses_a_future_date_exactly_where_validate_does(kind, tmp_path, monkeypatch, capsys):
    """Every date field of the form, set to tomorrow in a file that is otherwise valid: the form
    marks the field "not after today" (as the officer types: the browser tests below) if and
    only if `innobank validate` refuses the file there with future_date. Both follow the model's
    PastDate, so a date typed so is checked by the form with no other edit."""
    from test_validate import IDEA, IDEA_EN, TEAM, edit, problems, write_tree

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INNOBANK_TODAY", "2026-12-02")
    base = {"ideas": edit(IDEA, "kind: digitisation\n", "kind: digitisation\nupdated: 2024-01-15\n"),
            "teams": edit(TEAM, "members:", "meetings:\n  - date: 2023-01-15\n    decisions:\n      - decision: সিদ্ধান্ত\n"
                                           "members:")}[kind]
    head, body = base.split("---\n")[1:3]
    dates = {f["path"]: bool(f.get("not_future")) for f in _fields(describe(kind)) if f["widget"] == "date"}
    assert len(dates) >= 2
    refused = {}
    for path in dates:
        data = yaml.safe_load(head)
        *parents, last = path.replace("[]", ".0").split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        assert last in node, f"the test's {kind} file has no {path}"
        node[last] = "2026-12-03"
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
        write_tree(tmp_path, **({"ideas": {"online-leave.md": text, "online-leave.en.md": IDEA_EN}} if kind == "ideas" else
                                {"teams": {"lgd-innovation-team.md": text}}))
        found = problems(tmp_path, capsys)
        assert {p["code"] for p in found} <= {"future_date"}, found
        refused[path] = [re.sub(r"\[\d+\]", "[]", p["field"]) for p in found] == [path]
    assert dates == refused


def test_the_vendored_libraries_are_the_published_files():
    """marked and DOMPurify are committed as npm ships them; the README's table records which."""
    vendor = ROOT / "theme/assets/javascripts/vendor"
    table = (vendor / "README.md").read_text(encoding="utf-8")
    for name in ("marked.umd.js", "purify.min.js"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert re.search(rf"`{re.escape(name)}`.*`{digest}`", table), name
        assert (vendor / name.replace(".umd.js", ".LICENSE").replace(".min.js", ".LICENSE")).exists()


# ---- in the browser ----------------------------------------------------------------------------

def _open(page, site_url: str, path: str = "contribute/"):
    page.goto(site_url + path)
    page.wait_for_selector("#bank-form:not([hidden]) #bank-form-fields input")


def _field(page, label: str):
    """The input whose label is this text (the catalogue's, as the officer reads it), with the
    star of a required field or without."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(?: \*)?$"))


def _fill_new_innovation(page):
    page.fill("#bank-slug", SLUG)
    _field(page, "উদ্ভাবনের নাম (বাংলায়)").fill("ইউনিয়ন পরিষদে ডিজিটাল জন্ম নিবন্ধন")
    _field(page, "সংক্ষিপ্ত বিবরণ (বাংলায়)").fill("ইউনিয়ন পরিষদে এক দিনেই জন্ম নিবন্ধন সনদ পাওয়া যায়।")
    _field(page, "ধরন").select_option("digitisation")
    _field(page, "অবস্থা").select_option("implemented")
    office = _field(page, "দপ্তর")
    office.fill("স্থানীয় সরকার বিভাগ")  # the office's Bengali name becomes its code
    office.dispatch_event("change")
    _field(page, "বাস্তবায়ন").fill("2023-05-04")
    page.get_by_role("radio", name="হ্যাঁ").check()
    _field(page, "আগে").first.fill("৭")  # impact.time, in Bengali digits
    _field(page, "পরে").first.fill("১")
    page.fill("#bank-body-bn", "## কীভাবে কাজ করে\n\nনাগরিক ইউনিয়ন ডিজিটাল সেন্টারে আবেদন করেন।")


def _message(page, locator) -> str:
    described = locator.get_attribute("aria-describedby") or ""
    return " ".join(page.locator(f"#{i}").inner_text() for i in described.split() if i.endswith("-error"))


def _project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A small bank (the sample offices and teams, and the given innovation files) with the site's
    configuration."""
    content = tmp_path / "content"
    copy_offices(content / "offices")
    shutil.copytree(ROOT / "content" / "teams", content / "teams")
    (content / "ideas").mkdir()
    for name, data in files.items():
        (content / "ideas" / name).write_bytes(data)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _validate(root: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "validate"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_new_innovation_from_the_bengali_form_validates_and_builds(page, site_url, tmp_path, capsys):
    _open(page, site_url)
    _fill_new_innovation(page)
    summary = _field(page, "সংক্ষিপ্ত বিবরণ (বাংলায়)")

    # A personal mobile number in Bengali digits: the validator's Bengali message, announced.
    summary.fill(f"জন্ম নিবন্ধনের জন্য যোগাযোগ: {PHONE}")
    assert summary.get_attribute("aria-invalid") == "true"
    assert _message(page, summary) == t("problem.personal_phone", "bn")
    page.click("#bank-form-send")  # nothing is sent while an error remains
    assert page.locator("#bank-form-result").is_hidden()
    assert page.locator("#bank-form-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == summary.get_attribute("id")

    summary.fill("ইউনিয়ন পরিষদে এক দিনেই জন্ম নিবন্ধন সনদ পাওয়া যায়।")
    assert summary.get_attribute("aria-invalid") is None and _message(page, summary) == ""
    page.click("#bank-form-send")
    assert page.locator("#bank-form-result").is_visible()
    assert page.locator("[aria-invalid=true]").count() == 0

    with page.expect_download() as download:
        page.click("#bank-form-download")
    assert download.value.suggested_filename == f"{SLUG}.md"
    produced = Path(download.value.path()).read_bytes()
    text = produced.decode("utf-8")
    assert "office: lgd\n" in text and "running: yes\n" in text and "  implemented: 2023-05-04\n" in text
    assert "    before: 7\n    after: 1\n" in text and "## কীভাবে কাজ করে" in text

    # A change after the file was made puts it out of date: it is made again with the Send button.
    summary.fill(f"যোগাযোগ: {PHONE}")
    assert page.locator("#bank-form-result").is_hidden()
    summary.fill("ইউনিয়ন পরিষদে এক দিনেই জন্ম নিবন্ধন সনদ পাওয়া যায়।")
    page.click("#bank-form-send")

    # The GitHub new-file page gets the same file in its address.
    href = page.get_attribute("#bank-form-open", "href")
    assert href.startswith(f"{REPOSITORY}/new/main?filename=content%2Fideas%2F{SLUG}.md&value=")
    assert parse_qs(urlparse(href).query)["value"] == [text]

    root = _project(tmp_path, {f"{SLUG}.md": produced})
    code, log = _validate(root, capsys)
    assert code == 0, log
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                           cwd=root, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    assert build.returncode == 0, build.stderr[-3000:]
    built = {prefix: (root / "site" / prefix / "ideas" / SLUG / "index.html").read_text(encoding="utf-8")
             for prefix in ("", "en/")}
    assert all("ইউনিয়ন পরিষদে ডিজিটাল জন্ম নিবন্ধন" in page for page in built.values())
    # the body is on the Bengali page; the English page, with no English body, links to it
    assert "কীভাবে কাজ করে" in built[""] and "কীভাবে কাজ করে" not in built["en/"]
    assert f'<a href="../../../ideas/{SLUG}/" hreflang="bn">{t("notice.body_in_bengali", "en")}</a>' in built["en/"]


def _propose_change(page, site_url: str, key: str):
    """"Propose a change" on the page of an innovation or team: the form, filled with its file."""
    page.goto(site_url + key + "/")
    page.get_by_role("link", name=t("action.propose_change", "bn"), exact=True).first.click()
    page.wait_for_selector("#bank-form-editing:not([hidden])")
    page.wait_for_function("document.getElementById('bank-form-editing').textContent.includes('content/')")


@pytest.mark.parametrize("key", ["ideas/lgd-help-desk", "ideas/louhajanj-idea-bank-registration", "teams/mopa-innovation-team"])
def test_propose_a_change_without_edits_gives_the_same_bytes(page, site_url, key):
    _propose_change(page, site_url, key)
    assert "?edit=" + key in page.url
    page.click("#bank-form-send")
    assert page.locator("#bank-form-unchanged").is_visible()
    with page.expect_download() as download:
        page.click("#bank-form-download")
    assert Path(download.value.path()).read_bytes() == (ROOT / "content" / f"{key}.md").read_bytes()


def test_propose_a_change_reads_its_offices_bundle_and_nothing_else(page, site_url):
    """The form fills from the one bundle of the record's kind and office; the site has no copy
    of a content file of its own (each took a disk block) and the bundle holds the office's files
    only."""
    slug = "louhajanj-idea-bank-registration"
    _propose_change(page, site_url, f"ideas/{slug}")
    assert page.inner_text("#bank-form-editing") == t("contribute.editing", "bn", file=f"content/ideas/{slug}.md")
    records = {p.stem: json.loads(p.read_text(encoding="utf-8"))["idea"] for p in (built_site() / "api/v1/ideas").glob("*.json")}
    office = records[slug]["office"]
    fetched = [u for u in page.requests if "/contribute/source/" in u]
    assert fetched == [site_url + f"contribute/source/ideas/{office}.json.gz"]
    sources = built_site() / "contribute" / "source"
    assert not list(sources.rglob("*.md.gz"))
    texts = json.loads(gzip.decompress((sources / "ideas" / f"{office}.json.gz").read_bytes()))
    assert set(texts) == {s for s, record in records.items() if record["office"] == office}
    english = ROOT / f"content/ideas/{slug}.en.md"
    assert texts[slug] == {
        "bn": (ROOT / f"content/ideas/{slug}.md").read_bytes().decode("utf-8"),
        **({"en": english.read_bytes().decode("utf-8")} if english.exists() else {})}


def test_a_bundle_holds_each_files_bytes_exactly(tmp_path):
    """A byte order mark, CRLF line ends and Bengali text come back as the file's very bytes
    once the form encodes the text as UTF-8, and the same files give the same bundle."""
    bn, en = tmp_path / "a.md", tmp_path / "a.en.md"
    bn.write_bytes(codecs.BOM_UTF8 + "---\r\ntitle:\r\n  bn: \"হেল্প ডেস্ক\"  # মন্তব্য\r\n---\r\nলেখা\r\n".encode())
    en.write_bytes(b"Help desk\n\n\tindented\n")
    plain = tmp_path / "b.md"
    plain.write_bytes("---\ntitle: x\n---\n".encode())
    files = {"a": (bn, en), "b": (plain, None)}
    texts = json.loads(gzip.decompress(bundle(files)).decode("utf-8"))
    assert texts["a"]["bn"].encode() == bn.read_bytes() and texts["a"]["en"].encode() == en.read_bytes()
    assert texts["b"] == {"bn": plain.read_text(encoding="utf-8")}
    assert bundle(files) == bundle(files)


def test_propose_a_change_without_edits_gives_the_bytes_of_a_file_with_a_bom_and_crlf(page, site_url, tmp_path):
    """The browser encodes the bundle's text back to the file's very bytes, a byte order mark
    and Windows line ends included (the office's bundle is served with such a file in it)."""
    key, office = "ideas/lgd-help-desk", "lgd"
    raw = codecs.BOM_UTF8 + (ROOT / "content" / f"{key}.md").read_bytes().replace(b"\n", b"\r\n")
    (tmp_path / "lgd-help-desk.md").write_bytes(raw)
    texts = json.loads(gzip.decompress((built_site() / f"contribute/source/ideas/{office}.json.gz").read_bytes()))
    files = {}
    for slug, text in texts.items():  # the bundle as published, but for that one file's Bengali text
        files[slug] = (tmp_path / f"{slug}.md", tmp_path / f"{slug}.en.md" if "en" in text else None)
        for lang, path in zip(("bn", "en"), files[slug]):
            if path and not path.exists():
                path.write_text(text[lang], encoding="utf-8", newline="")
    page.route(f"**/contribute/source/ideas/{office}.json.gz",
               lambda route: route.fulfill(body=bundle(files), headers={"Content-Type": "application/gzip"}))
    _propose_change(page, site_url, key)
    page.click("#bank-form-send")
    assert page.locator("#bank-form-unchanged").is_visible()
    with page.expect_download() as download:
        page.click("#bank-form-download")
    assert Path(download.value.path()).read_bytes() == raw


class _Unpacking(_Quiet):
    """A host that sends a .gz as gzip-encoded content, which the browser unpacks by itself."""

    def end_headers(self):
        if self.path.endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def test_propose_a_change_gives_the_same_bytes_from_a_host_that_unpacks_the_copy(page):
    """The form reads each file's gzipped copy as a static host sends it: unpacked by the
    browser (Content-Encoding: gzip) or not (application/gzip, as the tests' server sends it:
    the test above)."""
    server, url = serve(built_site(), handler_class=_Unpacking)
    page.hosts.add(urlparse(url).netloc)
    try:
        key = "ideas/lgd-help-desk"
        _propose_change(page, url, key)
        page.click("#bank-form-send")
        assert page.locator("#bank-form-unchanged").is_visible()
        with page.expect_download() as download:
            page.click("#bank-form-download")
        assert Path(download.value.path()).read_bytes() == (ROOT / "content" / f"{key}.md").read_bytes()
    finally:
        server.shutdown()


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_a_browser_that_cannot_unpack_the_copy_says_so_and_offers_a_new_file(page, site_url, lang):
    page.add_init_script("delete window.DecompressionStream")
    prefix = "en/" if lang == "en" else ""
    _open(page, site_url, f"{prefix}contribute/?edit=ideas/lgd-help-desk")
    note = page.locator("#bank-form-editing")
    assert note.inner_text() == t("contribute.old_browser", lang, file="content/ideas/lgd-help-desk.md")
    assert page.locator(".bank-form__kind").is_visible()
    body = _field(page, t("contribute.body_bn", lang))  # a new innovation's form, to write
    assert body.is_editable() and body.input_value() == ""


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_a_corrupt_bundle_is_an_error_the_officer_sees_not_mangled_text(page, site_url, lang):
    """A byte that is not UTF-8 inside a file's text (a bundle damaged on its way) is refused with
    the catalogue's message; it is not decoded to a replacement character and put in the form."""
    key, office = "ideas/lgd-help-desk", "lgd"
    published = gzip.decompress((built_site() / f"contribute/source/ideas/{office}.json.gz").read_bytes())
    start = b'"lgd-help-desk":{"bn":"'
    assert published.count(start) == 1
    corrupt = published.replace(start, start + b"\xff")
    page.route(f"**/contribute/source/ideas/{office}.json.gz",
               lambda route: route.fulfill(body=gzip.compress(corrupt), headers={"Content-Type": "application/gzip"}))
    prefix = "en/" if lang == "en" else ""
    _open(page, site_url, f"{prefix}contribute/?edit={key}")
    note = page.locator("#bank-form-editing")
    page.wait_for_function("m => document.getElementById('bank-form-editing').textContent !== m",
                           arg=t("contribute.loading", lang))
    assert note.inner_text() == t("contribute.load_failed", lang, file=f"content/{key}.md")
    assert page.locator(".bank-form__kind").is_visible()
    body = _field(page, t("contribute.body_bn", lang))  # a new innovation's form, to write
    assert body.is_editable() and body.input_value() == ""


def _names(kind: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / "content" / kind).glob("*.md") if not p.name.endswith(".en.md"))


def test_a_name_taken_is_refused_from_the_list_the_form_fetches_not_the_page(page, site_url):
    """The file names of every innovation are not in the page (580 KB of each language's page at
    10,000 innovations) but in a file the new file's form fetches, at an address with its digest;
    a name taken is refused with the validator's message, for an innovation and for a team."""
    html = (built_site() / "contribute" / "index.html").read_text(encoding="utf-8")
    assert _names("ideas") and not [slug for slug in _names("ideas") if f'"{slug}"' in html]
    with page.expect_response(lambda response: "/contribute/existing.json?v=" in response.url) as fetched:
        _open(page, site_url)
    assert fetched.value.ok and fetched.value.json() == {"ideas": _names("ideas"), "teams": _names("teams")}
    for kind, label, taken in (("ideas", "contribute.new_ideas", "lgd-help-desk"),
                               ("teams", "contribute.new_teams", "mopa-innovation-team")):
        page.get_by_label(t(label, "bn")).check()
        slug = page.locator("#bank-slug")
        slug.fill(taken)
        assert slug.get_attribute("aria-invalid") == "true"
        assert _message(page, slug) == t("problem.duplicate_slug", "bn", other=f"content/{kind}/{taken}.md")
        slug.fill(taken + "-2")
        assert _message(page, slug) == ""
    assert len([u for u in page.requests if "/contribute/existing.json" in u]) == 1  # once, for both kinds


def test_a_name_taken_typed_before_the_list_came_is_refused_when_it_comes(page, site_url):
    """The list comes after the page; a name typed and sent meanwhile is still checked against it."""
    held = []
    page.route("**/contribute/existing.json*", lambda route: held.append(route))
    _open(page, site_url)
    page.fill("#bank-slug", "lgd-help-desk")
    page.click("#bank-form-send")
    assert held and page.locator("#bank-form-result").is_hidden()
    held[0].continue_()
    page.wait_for_selector("#bank-form-summary:not([hidden])")
    slug = page.locator("#bank-slug")
    assert _message(page, slug) == t("problem.duplicate_slug", "bn", other="content/ideas/lgd-help-desk.md")


def test_the_lists_address_changes_with_the_names():
    """A reader's cached copy of the list is never an older one: its address is a digest of it."""
    bank = SimpleNamespace(ideas={"a": None, "b": None}, teams={"t": None})
    first = existing_address(bank)
    assert first.startswith("contribute/existing.json?v=") and first == existing_address(bank)
    bank.ideas["c"] = None
    assert existing_address(bank) != first
    assert json.loads(existing(bank)) == {"ideas": ["a", "b", "c"], "teams": ["t"]}


def test_propose_a_change_rewrites_only_the_changed_field(page, site_url, tmp_path, capsys):
    """An edit changes the lines of the field edited; the rest of the file, layout included, stays.
    GitHub's edit page cannot be filled from a link: the officer copies and pastes."""
    key = "ideas/lgd-help-desk"
    original = (ROOT / "content" / f"{key}.md").read_text(encoding="utf-8")
    _propose_change(page, site_url, key)
    reason = _field(page, "না থাকলে তার কারণ (বাংলায়)")
    page.get_by_role("radio", name="না").check()
    page.click("#bank-form-send")
    assert reason.get_attribute("aria-invalid") == "true"
    assert _message(page, reason) == t("problem.reason_required", "bn", needed=t("form.not_running_reason", "bn"))
    reason.fill("২০২৪ সালে সেবাটি নাগরিক সেবা কেন্দ্রে চলে গেছে।")
    page.click("#bank-form-send")
    with page.expect_download() as download:
        page.click("#bank-form-download")
    produced = Path(download.value.path()).read_text(encoding="utf-8")
    before, after = original.split("\n"), produced.split("\n")
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    assert removed == ["  running: yes"], removed
    assert added == ["  running: no", '  not_running_reason: "২০২৪ সালে সেবাটি নাগরিক সেবা কেন্দ্রে চলে গেছে।"'], added
    assert page.get_attribute("#bank-form-open", "href") == f"{REPOSITORY}/edit/main/content/{key}.md"
    steps = page.locator("#bank-form-steps li").all_inner_texts()
    assert len(steps) == 4 and all(step in t("contribute.steps_paste_edit", "bn") for step in steps)
    assert page.input_value("#bank-form-text") == produced

    english = (ROOT / "content" / f"{key}.en.md").read_bytes()
    root = _project(tmp_path, {"lgd-help-desk.md": produced.encode("utf-8"), "lgd-help-desk.en.md": english})
    code, log = _validate(root, capsys)
    assert code == 0, log


def test_drafts_survive_a_reload(page, site_url):
    _open(page, site_url)  # each test's page has a browser context of its own: no draft yet
    page.fill("#bank-slug", "draft-kept")
    _field(page, "উদ্ভাবনের নাম (বাংলায়)").fill("খসড়া থেকে যায়")
    page.fill("#bank-body-bn", "লেখাটি হারায় না।")
    page.reload()
    page.wait_for_selector("#bank-slug")
    assert page.input_value("#bank-slug") == "draft-kept"
    assert _field(page, "উদ্ভাবনের নাম (বাংলায়)").input_value() == "খসড়া থেকে যায়"
    assert page.input_value("#bank-body-bn") == "লেখাটি হারায় না।"
    assert "লেখাটি হারায় না।" in page.inner_text("#bank-body-bn-preview")
    with page.expect_download() as download:  # the work so far, as a file, problems and all
        page.click("#bank-form-save-file")
    assert download.value.suggested_filename == "draft-kept.md"
    kept = Path(download.value.path()).read_text(encoding="utf-8")
    assert kept.startswith('---\ntitle: "খসড়া থেকে যায়"\n') and kept.endswith("---\nলেখাটি হারায় না।\n")


def test_the_preview_is_sanitised_as_the_site_sanitises(page, site_url):
    _open(page, site_url)
    page.fill("#bank-body-bn", "**মোটা** [সেবা](https://example.gov.bd) [x](javascript:alert(1)) [y](//evil.example/p)\n\n"
                               "<script>window.hacked = 1</script><img src=x onerror=\"window.hacked = 1\">"
                               "<p onclick=\"x()\" class=\"md-header admonition-title\">ঠিক</p><div class=\"md-button\">না</div>")
    preview = page.locator("#bank-body-bn-preview")
    html = preview.inner_html()
    assert "<strong>মোটা</strong>" in html and 'href="https://example.gov.bd"' in html
    assert "javascript:" not in html and "evil.example" not in html and "<script" not in html and "<img" not in html and "onclick" not in html
    assert 'class="admonition-title"' in html and "md-" not in html  # an admonition's classes only, as nh3 keeps them
    assert preview.locator("a").first.get_attribute("rel") == "noopener noreferrer nofollow"
    assert page.evaluate("window.hacked") is None
    message = page.locator("#bank-body-bn-error")
    assert message.inner_text() == t("problem.body_image", "bn")  # the validator refuses pictures in the text


def test_the_preview_gives_a_body_ids_of_its_own_as_the_site_does(page, site_url):
    """The preview sits in the form, whose own ids (the text box's "bank-form-text", which its label
    names) a body's raw HTML could take; the site's sanitiser gives a body's ids ID_PREFIX, and the
    preview follows it, #section links to the body's headings included (tests/test_sanitise.py)."""
    _open(page, site_url)
    page.fill("#bank-body-bn", '[উপরে](#bank-form-text) [ফর্ম](#bank-form) [বি](#%E0%A6%AC%E0%A6%BF)\n\n'
                               '<h2 id="bank-form-text">এক</h2>\n\n<h3 id="bank-form-text">দুই</h3>\n\n'
                               '<h4 id="বি">তিন</h4>\n\n<p id="bank-form">চার</p>\n')
    preview = page.locator("#bank-body-bn-preview")
    assert preview.locator("h2").get_attribute("id") == ID_PREFIX + "bank-form-text"
    assert preview.locator("h3").get_attribute("id") is None  # the id was given already
    assert preview.locator("h4").get_attribute("id") == ID_PREFIX + "বি" and preview.locator("p").last.get_attribute("id") is None
    assert [a.get_attribute("href") for a in preview.locator("a").all()] == [
        f"#{ID_PREFIX}bank-form-text", "#bank-form", f"#{ID_PREFIX}%E0%A6%AC%E0%A6%BF"]
    assert page.evaluate("document.querySelectorAll('[id=bank-form-text]').length") == 1


@pytest.mark.parametrize("link, refused", [
    ("https://10.0.0.1/service", True), ("https://1234/", True), ("https://0x7f000001/", True),
    ("https://xn--m-8sb5bi.gov.bd/", True), ("https://www.lgd.gov.bd:65536/", True),
    ("https://www.lgd.gov.bd:65535/service", False), ("https://বাংলাদেশ.বাংলা/সেবা", False), ("https://123.gov.bd/", False)])
def test_the_form_judges_a_web_address_host_as_the_validator_does(page, site_url, link, refused):
    """The schema's pattern, an ECMAScript one the form tests as the browser reads it."""
    _open(page, site_url)
    field = _field(page, t("form.link", "bn"))
    field.fill(link)
    assert _message(page, field) == (t("problem.url_scheme", "bn", value=link) if refused else "")


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_no_serious_accessibility_violations_on_the_form(page, site_url, lang):
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    _open(page, site_url, ("" if lang == "bn" else "en/") + "contribute/")
    page.click("#bank-form-send")  # every required field shows its message
    page.click("text=" + ("পুরস্কার" if lang == "bn" else "Awards") + ": " + ("আরেকটি যোগ করুন" if lang == "bn" else "add one"))
    failures = [f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
                for v in axe_playwright.Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert failures == []


def test_a_new_team_with_its_action_plan_and_meeting_validates(page, site_url, tmp_path, capsys):
    """A team's nested lists (plans with activities, meetings with decisions) from the English form."""
    _open(page, site_url, "en/contribute/")
    page.get_by_label(t("contribute.new_teams", "en")).check()
    page.fill("#bank-slug", "union-innovation-team")
    _field(page, "Name of the team (in Bengali)").fill("ইউনিয়ন ইনোভেশন টিম")
    _field(page, "Level").select_option("upazila")
    _field(page, "Office").fill("uno-louhajanj")
    page.click("text=Annual action plans: add one")  # comes with its first activity
    _field(page, "Fiscal year").fill("২০২৩-২০২৪")
    _field(page, "No.").fill("1.1")
    _field(page, "Activity (in Bengali)").fill("উদ্ভাবন বিষয়ে কর্মশালা")
    _field(page, "Progress").fill("১০১")
    assert _message(page, _field(page, "Progress")) == t("problem.too_large", "en", value="১০১", limit=100)
    _field(page, "Progress").fill("৫০")
    page.click("text=Meeting decisions: add one")
    _field(page, "Date of the meeting").fill("2023-08-28")
    _field(page, "Decision (in Bengali)").fill("প্রতি মাসে একটি সভা হবে।")
    page.fill("#bank-body-en", "The team of the union.")
    page.click("#bank-form-send")
    assert page.locator("[aria-invalid=true]").count() == 0
    # Two files (the English body is the .en.md twin): both go up together through the upload page.
    assert page.get_attribute("#bank-form-open", "href") == f"{REPOSITORY}/upload/main/content/teams"
    with page.expect_download() as bengali:
        page.click("#bank-form-download")
    with page.expect_download() as english:
        page.click("#bank-form-download-en")
    assert english.value.suggested_filename == "union-innovation-team.en.md"
    content = tmp_path / "content"
    copy_offices(content / "offices")
    (content / "ideas").mkdir()
    (content / "teams").mkdir()
    shutil.copy(bengali.value.path(), content / "teams" / "union-innovation-team.md")
    shutil.copy(english.value.path(), content / "teams" / "union-innovation-team.en.md")
    code, log = _validate(tmp_path, capsys)
    assert code == 0, log
    team = (content / "teams" / "union-innovation-team.md").read_text(encoding="utf-8")
    assert 'year: "২০২৩-২০২৪"' in team and "progress: 50" in team and "  - date: 2023-08-28" in team


# ---- a title nearly the same as an existing innovation's (issue 14, requirement 7) ---------------

HELP_DESK = "content/ideas/lgd-help-desk.md"
HELP_DESK_BN = "স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক"
PMIS = "content/ideas/lgd-pmis.md"
PMIS_BN = "স্থানীয় সরকার বিভাগের সকল স্তরের জনবলের পিএমআইএস"


def _title(page, lang: str = "bn"):
    return _field(page, "উদ্ভাবনের নাম (" + t(f"contribute.in_{lang}", "bn") + ")")


def _warning(page, title):
    """The warning slot the title field names in aria-describedby, once it says something."""
    page.wait_for_function("""input => (input.getAttribute('aria-describedby') || '').split(' ')
        .some(id => id.endsWith('-warning') && document.getElementById(id).textContent)""", arg=title.element_handle())
    (slot,) = [i for i in title.get_attribute("aria-describedby").split() if i.endswith("-warning")]
    return page.locator(f"#{slot}")


def _no_warning(page, title):
    page.wait_for_function("""input => !(input.getAttribute('aria-describedby') || '').includes('-warning')
        && !input.parentElement.querySelector('[role=status]').textContent""", arg=title.element_handle())


def _similar(file: str, title: str) -> str:
    return t("problem.similar_title", "bn", other=file, title=title)


def test_a_near_copy_of_an_existing_title_is_a_warning_naming_it(page, site_url):
    """The LGD help desk's title retyped, with its office chosen: the validator's warning, in
    Bengali, naming the help desk and linking to its page; announced, and sending still works."""
    _open(page, site_url)
    _fill_new_innovation(page)  # office: lgd
    title = _title(page)
    title.fill("স্থানীয় সরকার বিভাগে জনপ্রতিনিধিগণের জন্য হেল্পডেস্ক।")
    warning = _warning(page, title)
    assert warning.inner_text() == _similar(HELP_DESK, HELP_DESK_BN)
    assert warning.get_attribute("role") == "status"
    link = warning.get_by_role("link", name=HELP_DESK_BN)
    assert urlparse(link.evaluate("a => a.href")).path == "/ideas/lgd-help-desk/"
    assert title.get_attribute("aria-invalid") is None  # a warning, not an error
    assert [u for u in page.requests if "/contribute/titles/" in u] == [site_url + "contribute/titles/office/lgd.json"]

    english = _title(page, "en")  # the English title too, compared with the English titles
    english.fill("Help desk for elected representatives, Local Government Division")
    assert _warning(page, english).inner_text() == _similar(HELP_DESK, HELP_DESK_BN)

    page.click("#bank-form-send")
    assert page.locator("#bank-form-result").is_visible()
    assert "স্থানীয় সরকার বিভাগে জনপ্রতিনিধিগণের জন্য হেল্পডেস্ক।" in page.input_value("#bank-form-text")

    title.fill("ইউনিয়ন পরিষদে ডিজিটাল জন্ম নিবন্ধন")  # an unrelated title: no warning
    english.fill("")
    _no_warning(page, title)
    _no_warning(page, english)


def test_the_titles_are_fetched_only_for_the_office_chosen(page, site_url):
    _open(page, site_url)
    title = _title(page)
    title.fill("স্থানীয় সরকার বিভাগে জনপ্রতিনিধিগণের জন্য হেল্পডেস্ক")
    office = _field(page, "দপ্তর")
    office.fill("mopa")  # another office's innovations are not compared
    office.dispatch_event("change")
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.endsWith('/office/mopa.json'))")
    office.fill("lgd")
    office.dispatch_event("change")
    assert _warning(page, title).inner_text() == _similar(HELP_DESK, HELP_DESK_BN)
    fetched = [u for u in page.requests if "/contribute/titles/" in u]
    assert fetched == [site_url + "contribute/titles/office/mopa.json", site_url + "contribute/titles/office/lgd.json"]


def test_propose_a_change_is_not_warned_about_its_own_title(page, site_url):
    _propose_change(page, site_url, "ideas/lgd-help-desk")
    title = _title(page)
    title.fill("স্থানীয় সরকার বিভাগের সকল স্তরের জনবলের পিএমআইএস।")  # another LGD innovation's title: warned
    assert _warning(page, title).inner_text() == _similar(PMIS, PMIS_BN)
    title.fill("স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্পডেস্ক")  # its own, retyped: not
    _no_warning(page, title)


def test_the_form_folds_and_compares_titles_as_the_validator_does(page, site_url):
    """similar-titles.js, with the rules the page publishes, gives Python's fold and rapidfuzz's
    ratio on the sample titles and on tricky text (Bengali digits, punctuation, NFD, case,
    invisible characters, titles past LONGEST)."""
    import unicodedata

    from rapidfuzz import fuzz

    from generator.load import load
    from generator.load.duplicates import LONGEST, SIMILAR, folded_title
    from generator.load.translate import fold

    bank, _ = load(ROOT / "content")
    titles = [title for rec in bank.ideas.values() for title in (rec.item.title.bn, rec.item.title.en) if title]
    tricky = [
        HELP_DESK_BN, unicodedata.normalize("NFD", HELP_DESK_BN), "স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্পডেস্ক।",
        "  স্থানীয়-সরকার   বিভাগে — জনপ্রতিনিধিদের জন্য ‘হেল্প ডেস্ক’!!  ", "২০২৩ সালের ১ম উদ্ভাবন", "2023 সালের 1ম উদ্ভাবন",
        "র‍্যাব‌এর সেবা\u00ad কেন্দ্র\ufeff", "HELP Desk for Elected REPRESENTATIVES", "Straße ΟΔΟΣ ﬁle İstanbul Ꭰ ＡＢＣ",
        "Café", unicodedata.normalize("NFD", "Café"), "१२३ ৪৫৬ 789", "😀 help\tdesk\nline", "—।", "",
        "ক" * (LONGEST + 50), "ক" * LONGEST + "খ" * 50, "A" * 200 + "ß" * 200,
    ]
    texts = titles + tricky
    pairs = [(a, b) for a in texts for b in texts[:len(tricky) // 2 + 8]]
    _open(page, site_url)
    got = page.evaluate("""([texts, pairs]) => {
        const rules = JSON.parse(document.getElementById('bank-form-data').textContent).config.similar;
        const titles = window.bankTitles(rules);
        return {fold: texts.map(titles.fold), folded: texts.map(t => titles.folded(t).join('')),
                ratio: pairs.map(([a, b]) => titles.ratio(titles.folded(a), titles.folded(b)))};
    }""", [texts, pairs])
    assert got["fold"] == [fold(text) for text in texts]
    assert got["folded"] == [folded_title(unicodedata.normalize("NFC", text).strip()) for text in texts]
    expected = [fuzz.ratio(folded_title(unicodedata.normalize("NFC", a).strip()), folded_title(unicodedata.normalize("NFC", b).strip()))
                for a, b in pairs]
    assert got["ratio"] == pytest.approx(expected, abs=1e-9)
    assert [r >= SIMILAR for r in got["ratio"]] == [r >= SIMILAR for r in expected]
    assert any(r >= SIMILAR for r, (a, b) in zip(expected, pairs) if a != b)  # the set holds near copies


# ---- the file's values read back as written (the outside review of the form, 15) ----------------

# Values YAML could read as something else: a colon before a space or at the end (a key), " #" (a
# comment), a first character YAML gives a meaning to, words and numbers of YAML 1.1 and 1.2, and
# characters a reader refuses or changes unless escaped.
TRICKY = [
    "https://www.lgd.gov.bd/page:", "https://www.lgd.gov.bd/a:b", "https://www.lgd.gov.bd/a: b", "https://x.gov.bd/a:#b",
    "https://x.gov.bd/?a=1&b=*", "https://x.gov.bd/a,b", "https://x.gov.bd/[a]", "https://x.gov.bd/{a}",
    "https://x.gov.bd/a b", "https://x.gov.bd/'a'", 'https://x.gov.bd/"', "https://x.gov.bd/a|b>c!%20",
    "https://বাংলাদেশ.বাংলা/সেবা:", "https://x.gov.bd/\x85", "https://x.gov.bd/\u2028", "http://", "https:",
    "a: b", "a:", ":a", ":", "a #b", "a#b", "#a", "- a", "-", "--- a", "---", "...", "? a", "?", "[a]", "{a: b}",
    "a, b", "&a", "*a", "!a", "!!str a", "%a", "@a", "`a", "|", "|-", ">", "'a'", '"a"', "a'", 'a"', "\\", "\\n",
    " a", "a ", "", " ", "  \t", "yes", "no", "Yes", "NO", "on", "Off", "y", "n", "true", "False", "null", "Null",
    "~", "<<", "=", "0", "01711", "1_000", "1e3", ".5", ".inf", "-.Inf", ".nan", "0x1F", "0o17", "0b101", "+1",
    "-1", "1.5", "1:30", "10:30:00", "2023-02-30", "2023-05-04", "2023-05-04T10:00:00", "2023-5-4", "a\nb",
    "a\n", "\na", "a\tb", "a\r\nb", "a\rb", "\u2028", "\u2029", "\x85", "\x00", "\x1b", "\x7f", "\x9f", "\ufeff",
    "\ufffe\uffff", "\u200b", "\u200d", "\ufdd0", "\U0001f600", "\U0010ffff", "ক: খ", "উদ্ভাবন #১", "১২:৩০",
    "বাস্তবায়ন", "\u09c7\u09be", "lgd", "lgd-help-desk", "a_b", "a-", "a--b",
]


def _read_back(tmp_path: Path, front: str):
    """The front matter's data as `innobank validate` reads it, and the reader's problems."""

    path = tmp_path / "value.md"
    path.write_text(f"---\n{front}\n---\n", encoding="utf-8", newline="")
    problems = []
    source = read_source(path, "value.md", problems)
    return (source.data if source else None), [p.code for p in problems]


def test_every_value_the_form_writes_reads_back_as_the_same_text(page, site_url, tmp_path):
    """The form's YAML writer (yaml-scalar.js) over tricky text, each value on its own line and as
    an item of a list in brackets, read back with the reader validate uses: the same text, NFC
    (as the form keeps it, and the reader makes it)."""
    import unicodedata

    _open(page, site_url)
    written = page.evaluate("""(values) => values.map(v => [window.bankYaml.scalar(v, {widget: 'string'}),
                                                            window.bankYaml.scalar(v, {widget: 'string', item: true})])""", TRICKY)
    wrong = []
    for value, (line, item) in zip(TRICKY, written):
        assert "\n" not in line and "\r" not in line, (value, line)
        expected = unicodedata.normalize("NFC", value)
        for front, key in ((f"value: {line}", "value"), (f"values: [{item}, {item}]", "values")):
            data, problems = _read_back(tmp_path, front)
            if CONTROL.search(expected):  # read, and refused at its field with the validator's message
                if NONCHARACTER.search(expected):  # the form refuses these before it writes (CONTROL):
                    if not problems or set(problems) != {"noncharacter"}:  # once a line if written raw
                        wrong.append((value, front, problems))
                elif problems != ["control_character"] * (1 if key == "value" else 2):
                    wrong.append((value, front, problems))
            elif (data and data.get(key)) != (expected if key == "value" else [expected, expected]) or problems:
                wrong.append((value, front, data, problems))
    assert wrong == []
    # as the form writes them, a plain web address, date and code stay plain, the link with its colon at the end does not
    plain = dict(zip(TRICKY, (line for line, _ in written)))
    assert plain["https://www.lgd.gov.bd/a:b"] == "https://www.lgd.gov.bd/a:b" and plain["2023-05-04"] == "2023-05-04"
    assert plain["lgd-help-desk"] == "lgd-help-desk" and plain["https://www.lgd.gov.bd/page:"] == '"https://www.lgd.gov.bd/page:"'


def test_answers_the_form_writes_plainly_are_read_as_the_answers(page, site_url, tmp_path):
    """yes and no, written plainly as the example files write them, are the model's answers."""
    from generator.model.idea import Service

    _open(page, site_url)
    written = page.evaluate("""() => [window.bankYaml.scalar(true), window.bankYaml.scalar(false),
                                      window.bankYaml.scalar('partly', {booleans: true}), window.bankYaml.scalar('no', {booleans: true})]""")
    assert written == ["yes", "no", "partly", "no"]
    data, _ = _read_back(tmp_path, f"service:\n  running: {written[0]}\n  expected_result: {written[3]}")
    service = Service.model_validate(data["service"])
    assert service.running is True and service.expected_result.value == "no"


def test_a_link_ending_in_a_colon_from_the_form_validates(page, site_url, tmp_path, capsys):
    """The review's file: `link: https://www.lgd.gov.bd/page:` could not be read ("A field cannot
    start at this colon"). The form now quotes it, and validate accepts the file it gives."""
    _open(page, site_url)
    _fill_new_innovation(page)
    link = "https://www.lgd.gov.bd/page:"
    _field(page, t("form.link", "bn")).fill(link)
    page.click("#bank-form-send")
    assert page.locator("#bank-form-result").is_visible()
    with page.expect_download() as download:
        page.click("#bank-form-download")
    produced = Path(download.value.path()).read_bytes()
    assert f'  link: "{link}"\n' in produced.decode("utf-8")
    code, log = _validate(_project(tmp_path, {f"{SLUG}.md": produced}), capsys)
    assert code == 0, log


def test_a_title_longer_than_lists_hold_is_refused_saying_the_limit(page, site_url):
    """The model's bound (150 characters for a title, 600 for a summary, in each language), with
    the validator's message, as the officer types; nothing typed or pasted is cut off."""
    _open(page, site_url)
    title = _title(page)
    title.fill("ক" * 151)
    assert title.get_attribute("aria-invalid") == "true" and title.input_value() == "ক" * 151
    assert _message(page, title) == t("problem.too_long", "bn", length=151, limit=150)
    title.fill("ক" * 150 + "  ")  # counted as the validator counts: trimmed
    assert _message(page, title) == ""
    summary = _field(page, "সংক্ষিপ্ত বিবরণ (ইংরেজিতে, ঐচ্ছিক)")
    summary.fill("Leave. " * 86)
    assert _message(page, summary) == t("problem.too_long", "bn", length=601, limit=600)
    _open(page, site_url, "en/contribute/")
    page.get_by_label(t("contribute.new_teams", "en")).check()
    name = _field(page, "Name of the team (in Bengali)")
    name.fill("ট" * 200)
    assert _message(page, name) == t("problem.too_long", "en", length=200, limit=150)


def test_the_form_takes_an_activity_number_in_bengali_digits(page, site_url, tmp_path, capsys):
    """`৭.১` is accepted as the validator accepts it, and the innovation's record gives 7.1, which
    the API schema's pattern accepts as ECMAScript reads it."""
    _open(page, site_url)
    _fill_new_innovation(page)
    _field(page, "অর্থবছর").fill("২০২২-২০২৩")
    activity = _field(page, "কার্যক্রমের নম্বর")
    activity.fill("৭ক")
    assert _message(page, activity) == t("problem.pattern", "bn", value="৭ক", example="1.2.1")
    activity.fill("৭.১")
    assert _message(page, activity) == ""
    page.click("#bank-form-send")
    assert page.locator("[aria-invalid=true]").count() == 0
    with page.expect_download() as download:
        page.click("#bank-form-download")
    root = _project(tmp_path, {f"{SLUG}.md": Path(download.value.path()).read_bytes()})
    code, log = _validate(root, capsys)
    assert code == 0, log
    from generator.load import load
    from generator.model.schema import record_schemas

    bank, _ = load(root / "content")
    given = bank.ideas[SLUG].item.model_dump(mode="json")["action_plan"]["activity"]
    pattern = record_schemas()[1]["ActionPlanItem"]["properties"]["activity"]["pattern"]
    assert given == "7.1"
    assert page.evaluate("([p, v]) => [new RegExp(p, 'u').test(v), new RegExp(p, 'u').test('৭.১')]", [pattern, given]) == [True, False]


def test_the_form_refuses_a_date_in_the_future_by_bangladeshs_today(page, site_url):
    """The browser's clock, set: at 20:00 UTC on 2 December it is 3 December in Dhaka. The
    Bengali form writes both dates in Bengali digits, as validate does (the date read from the
    field: the field itself keeps what was typed)."""
    page.clock.set_fixed_time("2026-12-02T20:00:00Z")
    _open(page, site_url)
    implemented, started = _field(page, "বাস্তবায়ন"), _field(page, "শুরু")
    assert implemented.get_attribute("max") == "2026-12-03" == started.get_attribute("max")
    implemented.fill("2032-07-31")
    assert _message(page, implemented) == t("problem.future_date", "bn", value="২০৩২-০৭-৩১", today="২০২৬-১২-০৩")
    started.fill("2031-02-01")
    assert started.input_value() == "2031-02-01"
    assert _message(page, started) == t("problem.future_date", "bn", value="২০৩১-০২-০১", today="২০২৬-১২-০৩")
    implemented.fill("2026-12-03")
    started.fill("2026-12-01")
    assert _message(page, implemented) == "" and _message(page, started) == ""
    _open(page, site_url, "en/contribute/")
    implemented = _field(page, t("label.implemented", "en"))
    implemented.fill("2032-07-31")
    assert _message(page, implemented) == t("problem.future_date", "en", value="2032-07-31", today="2026-12-03")


def test_the_team_form_refuses_a_meeting_held_in_the_future(page, site_url):
    """A meeting's date is typed PastDate in the model alone (model/team.py): the form checks it
    with no edit of its own, as it checks an innovation's dates."""
    page.clock.set_fixed_time("2026-12-02T20:00:00Z")
    _open(page, site_url, "en/contribute/")
    page.get_by_label(t("contribute.new_teams", "en")).check()
    page.click("text=Meeting decisions: add one")
    held = _field(page, "Date of the meeting")
    assert held.get_attribute("max") == "2026-12-03"
    held.fill("2027-01-15")
    assert _message(page, held) == t("problem.future_date", "en", value="2027-01-15", today="2026-12-03")
    held.fill("2026-12-03")
    assert _message(page, held) == ""


def _section(page, legend: str):
    return page.locator("legend").filter(has_text=re.compile(rf"^{re.escape(legend)}(?: \*)?$")).locator("xpath=..")


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_forms_messages_name_fields_by_label_and_stars_of_optional_sections_say_when(page, site_url, lang):
    """An implemented innovation without its date: the message names the field as the form
    labels it, not the file's "dates.implemented". The stars of impact's before and after and of
    a team's date of forming say they are required once their section is filled in."""
    _open(page, site_url, ("" if lang == "bn" else "en/") + "contribute/")
    _field(page, t("label.status", lang)).select_option("implemented")
    page.click("#bank-form-send")
    implemented = _field(page, t("label.implemented", lang))
    assert _message(page, implemented) == t("problem.implemented_date", lang, needed=t("label.implemented", lang))
    assert "dates.implemented" not in _message(page, implemented)
    note = t("contribute.required_if_filled", lang)
    time = _section(page, t("impact.time", lang))
    assert time.locator("> p").filter(has_text=note).count() == 1
    before = time.get_by_label(re.compile(rf"^{t('impact.before', lang)} \*$"))
    assert before.get_attribute("required") is None and _message(page, before) == ""  # nothing asked of an empty section
    assert _section(page, t("heading.impact", lang)).locator("> p").filter(has_text=note).count() == 0  # no star of its own
    assert _section(page, t("heading.service", lang)).locator("> p").filter(has_text=note).count() == 0  # always filled
    before.fill("৭")
    after = time.get_by_label(re.compile(rf"^{t('impact.after', lang)} \*$"))
    assert _message(page, after) == t("problem.missing", lang, field=t("impact.after", lang))
    page.get_by_label(t("contribute.new_teams", lang)).check()
    formed = _section(page, t("label.formed", lang))
    assert formed.locator("> p").filter(has_text=note).count() == 1


def test_the_form_refuses_a_value_in_typographic_quotes_as_validate_does(page, site_url):
    """A title pasted from a word processor in “…” is refused in the form, with validate's message;
    such marks inside the text, and in the description, are the officer's own."""
    _open(page, site_url)
    title = _field(page, "উদ্ভাবনের নাম (বাংলায়)")
    title.fill("“অনলাইন ছুটি”")
    assert _message(page, title) == t("problem.curly_quotes", "bn", value="“অনলাইন ছুটি”")
    title.fill("“অনলাইন” ছুটি")
    assert _message(page, title) == ""
    page.fill("#bank-body-bn", "“অনলাইন ছুটি”")
    assert _message(page, page.locator("#bank-body-bn")) == ""


def test_the_form_says_which_date_comes_first_by_its_labels(page, site_url):
    """Implemented before started: the later field says so, naming both as the form labels them."""
    _open(page, site_url)
    started, implemented = _field(page, "শুরু"), _field(page, "বাস্তবায়ন")
    started.fill("2023-05-04")
    implemented.fill("2022-01-01")
    assert _message(page, implemented) == t("problem.date_order", "bn", first=t("label.started", "bn"),
                                             second=t("label.implemented", "bn"))
    implemented.fill("2023-06-01")
    assert _message(page, implemented) == ""
