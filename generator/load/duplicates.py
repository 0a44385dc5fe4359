"""Innovations whose titles are nearly the same: most likely one innovation added twice (a second
copy of the LGD help desk, a ministry's and its division's file for the same service). A warning,
never an error: two services may truly have alike names, and only an officer can tell.

"Nearly the same": the titles, in the same language, of two innovations of the same office or the
same place, folded (translate.fold: NFC, case, punctuation and Bengali/ASCII digits unified) and
compared by the Indel similarity, 100·2·(matching characters)/(both lengths), that difflib's
ratio() also computes, at SIMILAR or more.

Why 90, from the sample content: no two titles of one office or place reach 63 (the closest, the
LGD help desk and the LGD PMIS, share "স্থানীয় সরকার বিভাগে … জন্য"). A copy of the help desk with
its title retyped scores 93 to 99 ("হেল্পডেস্ক" for "হেল্প ডেস্ক", "জনপ্রতিনিধিগণের", a full
stop, "… স্থাপন" added; in English "Help desk for elected representatives, Local Government
Division", "in the" for "at the"). Other services of the same office named the same way score 79
to 89 ("… জনপ্রতিনিধিদের জন্য অনলাইন অভিযোগ ব্যবস্থা", "… নাগরিকদের জন্য হেল্প ডেস্ক", "Online
complaints for elected representatives at …") and are left alone. A one-word swap in a long
title ("help line" for "help desk", 96) is flagged: only an officer can tell, hence a warning.

Cost: titles are compared only within a group (one office or one place, one language), in C++
(rapidfuzz), which skips a pair as soon as its lengths alone rule it out, and only their first
LONGEST characters; 10,000 innovations (bench/corpus.py: groups of up to 260) make about half a
million comparisons, under a second, never n² over the bank."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Iterator

from rapidfuzz import fuzz, process

from ..i18n import LANGUAGES
from .problems import Problem
from .translate import fold

SIMILAR = 90
LONGEST = 300  # characters of a title compared: a title is a line; a 400 KB one must not cost minutes


GROUPS = ("office", "place")  # an innovation's fields whose value makes a group


def folded_title(title: str) -> str:
    """A title as it is compared: its first LONGEST characters, folded. (The contribute form
    gets the bank's titles so, from publish/titles.py, and folds what is typed the same way.)"""
    return fold(title[:LONGEST])


def grouped(bank) -> dict[tuple[str, str], list[str]]:
    """The slugs of the innovations of each office and each place: {(field, value): [slug, …]}."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for slug, rec in bank.ideas.items():
        for field in GROUPS:
            value = getattr(rec.item, field)
            if value:
                groups[field, value].append(slug)
    return groups


def title_in(idea, lang: str) -> str:
    """The innovation's own title in a language ("" when it has no English one)."""
    return (idea.title.en if lang == "en" else idea.title.bn) or ""


def _groups(bank) -> Iterator[list[tuple[str, str]]]:
    """[(slug, folded title), …] of each office and each place, in each language. Each title is
    folded once, though it is in two groups."""
    folded = {(slug, lang): folded_title(title) for slug, rec in bank.ideas.items() for lang in LANGUAGES
              if (title := title_in(rec.item, lang))}
    for slugs in grouped(bank).values():
        for lang in LANGUAGES:
            members = [(slug, folded[slug, lang]) for slug in slugs if (slug, lang) in folded]
            if len(members) > 1:
                yield members


def similar_pairs(bank) -> set[tuple[str, str]]:
    """(slug, slug) of every two innovations whose titles are nearly the same, the first sorted first."""
    pairs: set[tuple[str, str]] = set()
    for members in _groups(bank):
        titles = [title for _, title in members]
        for i, (slug, title) in enumerate(members[:-1]):
            # process.extract runs the whole loop in C++ (extract_iter is ten times slower)
            for _, _, j in process.extract(title, titles[i + 1:], scorer=fuzz.ratio, score_cutoff=SIMILAR, limit=None):
                other = members[i + 1 + j][0]
                pairs.add((min(slug, other), max(slug, other)))
    return pairs


def similar_titles(bank) -> list[Problem]:
    """A warning on each of two innovations with nearly the same title, naming the other's file."""
    found = []
    for a, b in sorted(similar_pairs(bank)):
        for here, there in ((a, b), (b, a)):
            rec, other = bank.ideas[here], bank.ideas[there]
            problem = rec.source.problem(("title",), "similar_title", other=other.source.shown,
                                         title=other.item.title.bn)
            found.append(replace(problem, severity="warning"))
    return found
