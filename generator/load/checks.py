"""What validation checks beyond each file's model: no personal phone numbers, national ID numbers
or e-mail addresses anywhere in a file; and across files, every reference resolves and no parent cycles."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache
from itertools import accumulate
from typing import Iterator

from pydantic_core import SchemaValidator, core_schema

from ..i18n import ascii_digits
from ..model import places
from .adoption import adoption_problems
from .problems import Problem
from .source import SPACES, strings
from .translate import suggest

# ---- personal data ------------------------------------------------------------------------------
# The rules are data, in one place, so that a web form can run the very same ones
# (personal_data_rules()). They apply to text whose Bengali digits were made ASCII. Between two
# digits of a number may stand up to three spaces, dots, slashes, brackets, hyphens, dashes, minus
# signs or invisible characters, as people write numbers ("(018) 1234 5678", "01711.234567",
# "০১৭১১/২৩৪৫৬৭", "01711−266085").
_GAP_CHARS = (r"\s.\u00b7\u2022\u2024\u2027\u2219\u30fb\uff0e/\\\u2044\u2215\uff0f()\[\]{}\uff08\uff09_"
              r"\-\u00ad\u2010-\u2015\u2043\u2212\ufe58\ufe63\uff0d\u200b-\u200d\u2060\ufeff")
_GAP = f"[{_GAP_CHARS}]{{0,3}}"


def _digits(count: int) -> str:
    return _GAP.join(["[0-9]"] * count)


# What, next to a number, makes it part of a web address, a code or a word.
_NEXT_TO_CODE = r"A-Za-z0-9_/=?#&%@"

# The words that name a national ID (NFC, as the text is), and its number: 10, 13 or 17 digits.
_NID_WORDS = unicodedata.normalize("NFC", r"(?:(?<![a-z0-9_])N\.?\s?I\.?\s?D(?![a-z0-9_])|national\s+id|voter\s+id"
                                          r"|smart\s*card|এনআইডি|জাতীয়\s*পরিচয়|ভোটার\s*আইডি|স্মার্ট\s*কার্ড)")
_NID_NUMBER = rf"(?<![0-9]){_digits(10)}(?:{_GAP}{_digits(3)}(?:{_GAP}{_digits(4)})?)?(?![0-9])"

PERSONAL_DATA_RULES: dict[str, tuple[str, str]] = {  # name → (regular expression, flags)
    # A Bangladeshi mobile number: 01, one of 3-9 and eight digits, alone or after +88, 88 or 0088,
    # beginning and ending where a run of digits does, a run whose groups a dot joins included (a
    # memo number such as ৫৮.০০.০০০০.০১৭.১২৩.৪৫৬.৭৮ or ৮৮.১৭৭.৭৫১.৪৪.৬৯.৪৬৮ holds the digits of one).
    # Or one that lost its 0 (a spreadsheet keeps 01711234567 as the number 1711234567), ten digits
    # written together that stand alone: no number joined to them as above (an amount, a memo
    # number), no letter, digit or sign of a web address or code next to them (…/1711234567,
    # ?id=1711234567, v1711234567), and no taka after them (১৫০০০০০০০০ টাকা is an amount).
    "phone": (rf"(?<![0-9])(?<![0-9]\.)(?:(?:(?:\+|00){_GAP})?8{_GAP}8{_GAP}(?:0{_GAP})?|0{_GAP})1{_GAP}[3-9]{_GAP}"
              rf"{_digits(8)}(?![0-9])(?!\.[0-9])"
              rf"|(?<![{_NEXT_TO_CODE}.+\-])(?<![0-9][{_GAP_CHARS}])(?<![0-9][{_GAP_CHARS}]{{2}})(?<![0-9][{_GAP_CHARS}]{{3}})"
              rf"1[3-9][0-9]{{8}}(?![{_NEXT_TO_CODE}])(?!{_GAP}[0-9])(?!\s{{0,3}}(?:টাকা|[Tt]aka|T[Kk]\b|/-))", ""),
    # A national ID number with a word that names it on the same line, up to 40 characters before
    # it or 20 after and no digit between: a bare number of that length is as often an amount, a
    # count or a memo number.
    "nid": (rf"{_NID_WORDS}[^\n0-9]{{0,40}}?{_NID_NUMBER}|{_NID_NUMBER}[^\n0-9]{{0,20}}?{_NID_WORDS}", "i"),
    # An e-mail address, with its domain as group 1: one character of the local part is enough to
    # know it is one (matching all of it made long runs of letters without an "@" cost quadratic time).
    "email": (r"[0-9a-z_.+\-]\s*[@＠]\s*([0-9a-z_\-]+(?:\.[0-9a-z_\-]+)+)", "i"),
    # A free mail service's domain, in any of its countries (gmail.co, yahoo.co.in, outlook.com.bd).
    "free_mail": (r"(?:^|\.)(?:(?:(?:g|google|hot|rocket|y|zoho|proton|fast|hush|rediff|yop)mail|yahoo|outlook|aol|gmx"
                  r"|zoho|yandex|tutanota|tuta|icloud|proton)\.(?:(?:com?|net|org)\.)?[a-z]{2,3}"
                  r"|(?:live|msn|me|mac|mail|email|usa|qq|163|126)\.com|pm\.me|(?:mail|inbox|bk|list)\.ru"
                  r"|web\.de)$", "i"),
}


@cache
def _rule(name: str) -> re.Pattern:
    """A rule of PERSONAL_DATA_RULES, compiled when first used: the phone, ID and free mail
    patterns take 20–30 ms to compile, which `innobank validate` spent before its workers started,
    and most texts need none of them (the ID pattern hardly any)."""
    source, flags = PERSONAL_DATA_RULES[name]
    return re.compile(source, re.IGNORECASE if "i" in flags else 0)


# Where a phone or ID number can be: ten or more digits, ASCII or Bengali, with at most three
# characters between each two (possessive: the characters between are never digits).
_TEN_DIGITS = re.compile(rf"[0-9০-৯](?:[{_GAP_CHARS}]{{0,3}}+[0-9০-৯]){{9,}}")
# Whether a text holds such digits at all, asked of pydantic-core's regular expressions (Rust's
# regex crate, an automaton that reads each character once): faster over a file's text, its UTF-8
# made for it included, than Python's pattern, which tries itself again at each of the thousand
# digits (dates, years, amounts) a file holds. Nearly no text holds ten; _TEN_DIGITS then finds
# where in those that do.
# Asking costs a few microseconds, more than _TEN_DIGITS takes over a text shorter than _SHORT (a
# file's name), which it looks at alone.
_SHORT = 500
_RUST_GAP = _GAP_CHARS.replace(r"\s", SPACES)
_HAS_TEN_DIGITS = SchemaValidator(core_schema.str_schema(
    pattern=rf"[0-9০-৯](?:[{_RUST_GAP}]{{0,3}}[0-9০-৯]){{9}}", regex_engine="rust-regex"))
_NID_WORD = re.compile(_NID_WORDS, re.IGNORECASE)
_APART = "\n\x00"  # joins the texts of a file: no rule matches across it


def personal_data_rules() -> dict[str, tuple[str, str]]:
    """PERSONAL_DATA_RULES, for a form that checks text before it is sent: each pattern runs alike
    in JavaScript (`new RegExp(pattern, flags + "u")`) on the text with its Bengali digits made
    ASCII; "free_mail" on the domain "email" found."""
    return dict(PERSONAL_DATA_RULES)


def _personal(text: str) -> list[tuple[int, str]]:
    """(where, 'phone' | 'nid' | 'email') for personal data in the text. The phone and ID rules
    run only on the lines around ten digits, each line once (what they find is the same as on
    the whole text: their numbers lie within such digits, an ID's words on the number's line);
    the e-mail rule only on text with an "@". Nearly every text has neither."""
    found, looked = [], 0  # looked: where the lines looked at end
    for digits in _TEN_DIGITS.finditer(text) if len(text) < _SHORT or _has_ten_digits(text) else ():
        if digits.end() <= looked:
            continue
        start = text.rfind("\n", 0, digits.start()) + 1
        end = text.find("\n", digits.end()) % (len(text) + 1)  # -1 (no line break): the end of the text
        lines = ascii_digits(text[start:end])
        kinds = ("phone", "nid") if _NID_WORD.search(lines) else ("phone",)  # no ID without its word
        found += [(start + match.start(), kind) for kind in kinds for match in _rule(kind).finditer(lines)]
        looked = end
    if "@" in text or "＠" in text:
        found += [(match.start(), "email") for match in _rule("email").finditer(text)
                  if _rule("free_mail").search(match.group(1))]
    return found


def _has_ten_digits(text: str) -> bool:
    """Whether _TEN_DIGITS may find something in the text (_HAS_TEN_DIGITS), asked without an
    exception (a ValidationError and its errors() took a sixth of the answer): no is "no such
    digits", or text Rust cannot read (a lone surrogate a YAML escape made), which only UTF-8's
    encoder tells apart (half a microsecond a file)."""
    if _HAS_TEN_DIGITS.isinstance_python(text):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def personal_data(text: str) -> str | None:
    """'phone', 'nid' or 'email' when the text holds a mobile number, a national ID number or a
    personal e-mail address; None otherwise."""
    found = _personal(text)
    return found[0][1] if found else None


def personal_problems(source, body: dict[str, str], body_line: dict[str, int]) -> Iterator[Problem]:
    """Personal data anywhere in one file: in its fields (numbers included) and its bodies (lang →
    Markdown, and the file line each starts on), each kind once per field and per line. All the
    file's text is looked at in one go: nearly always, that look finds nothing to look into, and
    no field's path is needed."""
    # A quiet file's fields and Bengali body hold nothing these rules find (load.source._LOOK)
    fields = [] if source.quiet else strings(source.data, None, numbers=True) if source.texts is None else source.texts
    langs = [lang for lang in body if not (source.quiet and lang == "bn")]
    parts = fields + [body[lang] for lang in langs]
    found = sorted(set(_personal(_APART.join(parts))))
    if not found:
        return
    texts = strings(source.data, numbers=True) if fields else []
    starts = list(accumulate((len(part) + len(_APART) for part in parts), initial=0))
    reported = set()
    for where, kind in found:
        i = bisect_right(starts, where) - 1
        if i < len(texts):
            problem = source.problem(texts[i][0], f"personal_{kind}")
        else:
            lang = langs[i - len(texts)]
            line = body_line[lang] + parts[i].count("\n", 0, where - starts[i])
            problem = Problem.of(source.body_shown(lang), line, 1, "body", f"personal_{kind}")
        if problem not in reported:
            reported.add(problem)
            yield problem


def _in_loops(table: dict) -> Iterator:
    """The records whose chain of parents comes back to themselves (not those that merely lead
    into someone else's loop)."""
    for slug, rec in table.items():
        seen, parent = set(), rec.facts.parent
        while parent in table and parent not in seen:
            if parent == slug:
                yield rec
                break
            seen.add(parent)
            parent = table[parent].facts.parent


def check_bank(bank, unloaded: frozenset[tuple[str, str]] = frozenset()) -> list[Problem]:
    """unloaded: (folder, name) of each file there whose own problems kept it out of the bank: a
    reference to it is not reported as well (one broken office file is one office's problems, not
    one for each innovation and team of that office, saying it does not exist)."""
    found: list[Problem] = []
    known_places = places()

    def ref(record, loc, target, table, code, folder=None):
        if target is not None and target not in table and (folder, target) not in unloaded:
            found.append(record.source.problem(loc, code, value=target, suggestion=suggest(target, table)))

    for slug, rec in bank.offices.items():
        ref(rec, ("parent",), rec.facts.parent, bank.offices, "unknown_office", "offices")
        ref(rec, ("place",), rec.facts.place, known_places, "unknown_place")
    for slug, rec in bank.teams.items():
        ref(rec, ("office",), rec.facts.office, bank.offices, "unknown_office", "offices")
        ref(rec, ("parent",), rec.facts.parent, bank.teams, "unknown_team", "teams")
    for table, code in ((bank.teams, "parent_cycle"), (bank.offices, "office_parent_cycle")):
        found.extend(rec.source.problem(("parent",), code, value=rec.facts.parent) for rec in _in_loops(table))
    aliases: dict[str, str] = {}
    for slug, rec in bank.ideas.items():
        idea = rec.facts
        ref(rec, ("office",), idea.office, bank.offices, "unknown_office", "offices")
        ref(rec, ("team",), idea.team, bank.teams, "unknown_team", "teams")
        ref(rec, ("place",), idea.place, known_places, "unknown_place")
        for i, (place, office) in enumerate(idea.replications):
            ref(rec, ("replications", i, "place"), place, known_places, "unknown_place")
            ref(rec, ("replications", i, "office"), office, bank.offices, "unknown_office", "offices")
        for i, alias in enumerate(idea.aliases):
            if alias in bank.ideas or alias in aliases:
                found.append(rec.source.problem(("aliases", i), "alias_taken", value=alias))
            aliases[alias] = slug
    found.extend(adoption_problems(bank, unloaded))
    return found
