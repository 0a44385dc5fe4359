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
million comparisons, under a second, never n² over the bank, and made while the files are read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

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


NAMED = 3  # the other files a warning names; "and N more" after them


class SimilarTitles:
    """The warnings, found while the bank is loaded: each innovation's title, as it is added, is
    folded once and compared with the titles of its office's and its place's innovations added
    before it, so each two of a group are compared once, and two of the same office and the same
    place (nearly every two of an office) once, not in each group: a fifth of the comparisons, and
    half the calls. The loading process does this while its workers still read (load.workers), not
    after the last file. Once all are added, each innovation whose title is nearly another's has one
    warning, naming the others (warnings()): seven copies of a title are seven warnings, not one
    for each two of them in each file (42)."""

    def __init__(self, ideas: dict):
        self.ideas = ideas  # slug → record: the bank's innovations, as they are added
        # (place, lang) → the slugs and folded titles of the place's innovations, in that language
        self.places: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        # (office, lang) → the office's innovations in that language, by their place (None: none)
        self.offices: dict[tuple[str, str], dict[str | None, tuple[list[str], list[str]]]] = defaultdict(
            lambda: defaultdict(lambda: ([], [])))
        self.alike: dict[str, set[str]] = defaultdict(set)  # slug → the slugs whose titles are nearly its

    def add(self, slug: str) -> None:
        """Compare the innovation just added with those added before (in either language)."""
        facts = self.ideas[slug].facts
        office, place = facts.office, facts.place
        for lang in LANGUAGES:
            title = facts.title[lang]
            if not title:
                continue
            folded = folded_title(title)
            compared = [self.places[place, lang]] if place else []  # the groups it is compared with
            joined = list(compared)  # and those it joins
            if office:  # the office's innovations that its place's group does not hold
                by_place = self.offices[office, lang]
                compared += [group for there, group in by_place.items() if not place or there != place]
                joined.append(by_place[place])
            for slugs, titles in compared:
                # process.extract runs the whole loop in C++ (extract_iter is ten times slower)
                for _, _, i in process.extract(folded, titles, scorer=fuzz.ratio, score_cutoff=SIMILAR, limit=None):
                    self.alike[slug].add(slugs[i])
                    self.alike[slugs[i]].add(slug)
            for slugs, titles in joined:
                slugs.append(slug)
                titles.append(folded)

    def warnings(self) -> list[Problem]:
        """One warning on each innovation whose title is nearly another's, naming the other file
        and its title, or the first NAMED of the others (by file) and how many more there are."""
        found = []
        for slug, alike in self.alike.items():
            rec, others = self.ideas[slug], sorted(self.ideas[other].source.shown for other in alike)
            if len(others) == 1:
                (other,) = alike
                problem = rec.source.problem(("title",), "similar_title", other=others[0],
                                             title=self.ideas[other].facts.title["bn"])
            else:
                code = "similar_titles" if len(others) <= NAMED else "similar_titles_more"
                problem = rec.source.problem(("title",), code, others=", ".join(others[:NAMED]), count=len(others),
                                             more=len(others) - NAMED)
            found.append(replace(problem, severity="warning"))
        return found
