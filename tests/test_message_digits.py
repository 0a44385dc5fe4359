"""A Bengali message shows numbers and dates in Bengali digits (২০৯৯-০১-০১, প্রসেস ২৪৯১৭), while
what must be found as it is written (a file or field path, a web address, a code, what the
officer typed) keeps its digits: a rule of each parameter's kind, not a swap of every digit."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from generator import plugin
from generator.cli import main

OFFICE = 'name: {bn: "স্থানীয় সরকার বিভাগ", en: "Local Government Division"}\nkind: division\nwebsite: «website»\n'
IDEA = """\
---
title: {bn: "অনলাইন ছুটি ২", en: "Online leave 2"}
summary: {bn: "ছুটি অনলাইনে অনুমোদন।", en: "Leave approved online."}
kind: digitisation
status: implemented
office: lgd-2024
dates:
  implemented: 2099-01-01
service:
  running: yes
---
"""


def test_a_future_date_in_bengali_digits_and_paths_codes_and_addresses_as_written(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INNOBANK_TODAY", "2026-12-02")
    for name, text in (("offices/lgd-2024.yaml", OFFICE.replace("«website»", "ftp://www.lgd.gov.bd/2024")),
                       ("ideas/online-leave-2.md", IDEA)):
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert main(["--root", str(tmp_path), "validate", "--format", "json"]) == 1
    problems = {p["code"]: p for p in json.loads(capsys.readouterr().out)}
    future = problems["future_date"]
    assert future["bn"] == "২০৯৯-০১-০১ তারিখটি ভবিষ্যতের (আজ ২০২৬-১২-০২): যে তারিখে ঘটেছে সেটি লিখুন।"
    assert future["en"] == "The date 2099-01-01 is in the future (today is 2026-12-02): write the date it happened."
    assert future["file"].endswith("content/ideas/online-leave-2.md") and future["field"] == "dates.implemented"
    address = problems["url_scheme"]  # the address the officer wrote, to be found in the file as it is
    assert "ftp://www.lgd.gov.bd/2024" in address["bn"] and "২০২৪" not in address["bn"]
    assert address["file"].endswith("content/offices/lgd-2024.yaml")


def test_the_build_lock_names_the_process_in_bengali_digits(tmp_path):
    site = tmp_path / "site-2026"
    held = plugin._lock(site)  # another build's lock, held (flock is per open file: this one conflicts)
    try:
        held.seek(0), held.truncate(), held.write("24917"), held.flush()
        with pytest.raises(PluginError) as refused:
            plugin._lock(site)
    finally:
        fcntl.flock(held, fcntl.LOCK_UN)
        held.close()
    message = str(refused.value)
    assert "(process 24917)" in message and "(প্রসেস ২৪৯১৭)" in message and "24917)," not in message.split(" / ")[1]
    assert message.count(str(site)) == 2  # the folder, in both languages, as it is
