"""The site's own downloads of the 7-column form (data/offices/<office>.<lang>.csv and .xlsx, from
the built sample site) imported back: unchanged, they change nothing. The English download shows
the Bengali text where a record has no English yet; an officer who fixes one cell of it and imports
it again changes that cell's field only, and Bengali in an English sheet never becomes English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.i18n import localise_digits
from generator.load import load
from generator.officers.importer import in_bengali, run_import
from sitebuild import ROOT, built_site

UNTRANSLATED = "lgd-innovation-proposals-awards"  # no English title, summary or remarks
TRANSLATED = "lgd-help-desk"  # English title, summary and remarks


@pytest.fixture
def bank_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def bn(number: int) -> str:
    return localise_digits(number, "bn")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def test_every_download_of_the_site_imports_back_unchanged(bank_copy):
    downloads = sorted((built_site() / "data" / "offices").glob("*.*.*"))
    assert {p.name.split(".", 1)[1] for p in downloads} == {"bn.csv", "en.csv", "bn.xlsx", "en.xlsx"}
    before = _files(bank_copy)
    rows = 0
    for path in downloads:
        office = path.name.split(".")[0]
        result = run_import(bank_copy, path, office)
        assert [o.action for o in result.outcomes] == ["unchanged"] * len(result.outcomes), path.name
        rows += len(result.outcomes)
        if path.name.startswith("lgd.en."):  # the Bengali shown where there is no English is told, not taken
            notes = {Path(o.path).name: [r.en for r in o.reasons] for o in result.outcomes}
            assert notes[f"{UNTRANSLATED}.md"] == [
                'Column A "Name of the innovation", B "Short description", G "Remarks": Bengali text in an English '
                "sheet (the English download shows the Bengali text where there is no English yet). It is not taken "
                "as an English translation, and the file's text is left as it was."]
            assert notes[f"{TRANSLATED}.md"] == []
    assert rows == 4 * len(load(ROOT / "content")[0].ideas)  # every innovation, in each of the four downloads
    assert _files(bank_copy) == before


def test_an_officer_fixes_one_cell_of_the_english_download(bank_copy, capsys, monkeypatch):
    """The officer translates one short description, types Bengali over an English remark, and adds
    a row whose reason is in Bengali; then imports the sheet again."""
    bank = load(bank_copy / "content")[0]
    untranslated, translated = bank.ideas[UNTRANSLATED].item, bank.ideas[TRANSLATED].item
    book = load_workbook(built_site() / "data" / "offices" / "lgd.en.xlsx")
    sheet = book.active
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    first = rows[untranslated.title.bn]  # the English download shows the Bengali title
    assert sheet.cell(first, 2).value == untranslated.summary.bn
    sheet.cell(first, 2).value = "Every year the division calls for innovation proposals and awards the best."
    second = rows[translated.title.en]
    assert sheet.cell(second, 7).value == translated.service.remarks.en
    sheet.cell(second, 7).value = "হেল্প ডেস্কের নতুন মন্তব্য"
    sheet.append(["Online birth registration help", "Help with birth registration online.", "No",
                  "সার্ভার হালনাগাদ চলছে", "Partly", "", ""])
    path = bank_copy / "lgd.en.xlsx"
    book.save(path)
    help_desk = (bank_copy / "content/ideas" / f"{TRANSLATED}.md").read_bytes()
    monkeypatch.chdir(bank_copy)  # where the officer runs it: the report names files from there

    assert main(["--root", str(bank_copy), "import", str(path), "--office", "lgd", "--status", "piloting"]) == 0
    out = capsys.readouterr().out
    assert (f"Row {first}: updated content/ideas/{UNTRANSLATED}.md\n"
            f"সারি {bn(first)}: হালনাগাদ হয়েছে content/ideas/{UNTRANSLATED}.md\n"
            '    Column A "Name of the innovation", G "Remarks": Bengali text in an English sheet') in out
    assert (f"Row {second}: unchanged content/ideas/{TRANSLATED}.md\n"
            f"সারি {bn(second)}: কোনো পরিবর্তন নেই content/ideas/{TRANSLATED}.md\n"
            '    Column G "Remarks": Bengali text in an English sheet (the English download shows the Bengali text '
            "where there is no English yet). It is not taken as an English translation, and the file's text is "
            "left as it was.\n") in out
    assert (f"Row {sheet.max_row}: created content/ideas/lgd-online-birth-registration-help.md\n"
            f"সারি {bn(sheet.max_row)}: তৈরি হয়েছে content/ideas/lgd-online-birth-registration-help.md\n"
            '    Column D "If not, why": Bengali text in an English sheet. It is not taken as an English translation; '
            "it is written as the Bengali text only.\n") in out
    assert "Done: 1 created, 1 updated, 5 unchanged, 0 rows skipped" in out

    bank = load(bank_copy / "content")[0]
    changed = bank.ideas[UNTRANSLATED].item
    assert changed.summary.en == "Every year the division calls for innovation proposals and awards the best."
    assert changed.summary.bn == untranslated.summary.bn
    assert changed.title.en is None and changed.service.remarks.en is None  # still no English: shown in Bengali
    assert changed.title == untranslated.title and changed.service.remarks == untranslated.service.remarks
    assert (bank_copy / "content/ideas" / f"{TRANSLATED}.md").read_bytes() == help_desk
    added = bank.ideas["lgd-online-birth-registration-help"].item
    assert added.title.en == added.title.bn == "Online birth registration help"  # Bengali is required
    assert added.service.not_running_reason.bn == "সার্ভার হালনাগাদ চলছে" and added.service.not_running_reason.en is None


def test_what_counts_as_bengali_in_an_english_cell():
    assert in_bengali("সার্ভার হালনাগাদ চলছে") and in_bengali("উপজেলা ই-সেবা কেন্দ্র (UeSC)")
    assert in_bengali("২০১৬ ও ২০১৭ সালের কর্মপরিকল্পনা (example data)")
    assert not in_bengali("e-Nothi (ই-নথি)") and not in_bengali("Help desk") and not in_bengali("2016")
