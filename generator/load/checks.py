"""What validation checks beyond each file's model: no personal phone numbers or e-mail addresses
anywhere in a file; and across files, every reference resolves and no parent cycles."""

from __future__ import annotations

import re
from typing import Iterator

from ..i18n import ascii_digits
from ..model import places
from .problems import Problem
from .source import strings
from .translate import suggest

# A Bangladeshi mobile number, after Bengali digits became ASCII and spaces/hyphens were removed.
_MOBILE = re.compile(r"(?<!\d)(?:\+?88)?01[3-9]\d{8}(?!\d)")
_JOINED = re.compile(r"(?<=\d)[\s\-–]+(?=\d)")
# One character of the local part is enough to know it is an address; matching the whole local
# part ([\w.+-]+) made every long run of letters without an "@" cost quadratic time.
_EMAIL = re.compile(r"[\w.+-]\s*@\s*([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
_PERSONAL_DOMAINS = ("gmail.com", "yahoo.com", "ymail.com", "hotmail.com", "outlook.com", "live.com",
                     "icloud.com", "proton.me", "protonmail.com", "aol.com", "mail.com", "gmx.com")


_DIGIT_RUN = re.compile(r"[0-9০-৯][0-9০-৯\s\-–]{9,}")  # cheap to find: it can only start at a digit


def _suspect(text: str) -> bool:
    """An @, or ten digits in a row (spaces and hyphens between them allowed): nearly no text
    has either, and it is decided without the full scan."""
    return "@" in text or any(sum(ch.isdigit() for ch in run) >= 10 for run in _DIGIT_RUN.findall(text))


def personal_data(text: str) -> str | None:
    """'phone' or 'email' when the text holds a mobile number or a personal e-mail address."""
    if not _suspect(text):
        return None
    joined = _JOINED.sub("", ascii_digits(text))
    if _MOBILE.search(joined):
        return "phone"
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if any(domain == d or domain.endswith("." + d) for d in _PERSONAL_DOMAINS):
            return "email"
    return None


def personal_problems(source, body: dict[str, str], body_line: dict[str, int]) -> Iterator[Problem]:
    """Mobile numbers and personal e-mail addresses anywhere in one file: its fields and its
    bodies (lang → Markdown, and the file line each starts on)."""
    texts = strings(source.data)
    everything = "\x00".join([text for _, text in texts] + list(body.values()))
    if not _suspect(everything):
        return  # nearly every file: one look at all its text decides
    for loc, text in texts:
        kind = personal_data(text)
        if kind:
            yield source.problem(loc, f"personal_{kind}")
    for lang, text in body.items():
        for number, line in enumerate(text.split("\n")):
            kind = personal_data(line)
            if kind:
                shown = source.shown if lang == "bn" else source.shown.rsplit(".", 1)[0] + ".en.md"
                yield Problem.of(shown, body_line[lang] + number, 1, "body", f"personal_{kind}")


def _in_loops(table: dict) -> Iterator:
    """The records whose chain of parents comes back to themselves (not those that merely lead
    into someone else's loop)."""
    for slug, rec in table.items():
        seen, parent = set(), rec.item.parent
        while parent in table and parent not in seen:
            if parent == slug:
                yield rec
                break
            seen.add(parent)
            parent = table[parent].item.parent


def check_bank(bank) -> list[Problem]:
    found: list[Problem] = []
    known_places = places()

    def ref(record, loc, target, table, code):
        if target is not None and target not in table:
            found.append(record.source.problem(loc, code, value=target, suggestion=suggest(target, table)))

    for slug, rec in bank.offices.items():
        ref(rec, ("parent",), rec.item.parent, bank.offices, "unknown_office")
        ref(rec, ("place",), rec.item.place, known_places, "unknown_place")
    for slug, rec in bank.teams.items():
        ref(rec, ("office",), rec.item.office, bank.offices, "unknown_office")
        ref(rec, ("parent",), rec.item.parent, bank.teams, "unknown_team")
    for table, code in ((bank.teams, "parent_cycle"), (bank.offices, "office_parent_cycle")):
        found.extend(rec.source.problem(("parent",), code, value=rec.item.parent) for rec in _in_loops(table))
    aliases: dict[str, str] = {}
    for slug, rec in bank.ideas.items():
        idea = rec.item
        ref(rec, ("office",), idea.office, bank.offices, "unknown_office")
        ref(rec, ("team",), idea.team, bank.teams, "unknown_team")
        ref(rec, ("place",), idea.place, known_places, "unknown_place")
        for i, rep in enumerate(idea.replications):
            ref(rec, ("replications", i, "place"), rep.place, known_places, "unknown_place")
            ref(rec, ("replications", i, "office"), rep.office, bank.offices, "unknown_office")
        for i, alias in enumerate(idea.aliases):
            if alias in bank.ideas or alias in aliases:
                found.append(rec.source.problem(("aliases", i), "alias_taken", value=alias))
            aliases[alias] = slug
    return found
