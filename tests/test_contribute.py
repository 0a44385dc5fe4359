"""The contribute form (/contribute/): drawn from the content schema, checking as the officer types
with the validator's rules and messages, producing files that `innobank validate` accepts and
that build into pages, the same bytes back for "Propose a change" without edits, drafts that
survive a reload, nothing from another host, and no serious accessibility violation."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

from generator.cli import main
from generator.i18n import catalogue, t
from generator.model.schema import content_schemas
from generator.pages.contribute import describe
from sitebuild import copy_offices

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
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector("#bank-form-fields input")
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
    for prefix in ("", "en/"):
        built = (root / "site" / prefix / "ideas" / SLUG / "index.html").read_text(encoding="utf-8")
        assert "ইউনিয়ন পরিষদে ডিজিটাল জন্ম নিবন্ধন" in built and "কীভাবে কাজ করে" in built
