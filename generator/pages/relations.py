"""Who belongs to whom, computed once per build in one pass: an office's teams and innovations,
a team's children, a place's innovations (an upazila's count for its district and division),
each file's last-updated date and the date it entered the bank, and the last link check. Every
page builder reads these instead of scanning the bank."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from operator import is_
from pathlib import Path
from typing import Any, Callable, NamedTuple

from ..load import Bank, Record
from ..model import places
from ..model.common import Text
from . import Page
from ..load.link_report import load_report
from .review import review_cutoff


class Made(NamedTuple):
    """What a build made for one key of `Relations.again` that was a page or a listing's pages, as
    its state keeps it (generator/incremental.py): the digest of the inputs, whether the value was
    a list, and each page's key, date (the sitemap's) and site path in each language."""

    digest: int
    listing: bool
    pages: tuple[tuple[str, Any, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Kept:
    """A page, or a listing's pages, whose inputs have the digest they had in the last build: a
    deploy keeps their files from the last site, and neither makes nor fingerprints them."""

    made: Made


@dataclass
class Relations:
    bank: Bank
    ideas_by_office: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    ideas_by_team: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    ideas_by_place: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    teams_by_office: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    child_teams: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    child_offices: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    offices_by_place: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    updated: dict[str, dt.date] = field(default_factory=dict)  # content file path → date
    added: dict[str, dt.date] = field(default_factory=dict)  # innovation file path → date it entered the bank
    links: dict = field(default_factory=dict)  # the last `innobank check-links` report
    newest: list[Record] = field(default_factory=list)  # every innovation, most recently added first
    derived: dict = field(default_factory=dict)  # what more than one builder computes from the whole bank, once
    previous: dict = field(default_factory=dict, repr=False)  # the last `mkdocs serve` rebuild's `made`
    made: dict = field(default_factory=dict, repr=False)  # key → (the objects it was made from, the value)
    stale: set[int] = field(default_factory=set, repr=False)  # ids of records shown otherwise since (`relate`)
    last: dict | None = field(default=None, repr=False)  # a deploy's: the last build's `Made` by key
    digest: Callable[[Any], int] | None = field(default=None, repr=False)  # pages.Digests.of, for `last`
    remake: set = field(default_factory=set, repr=False)  # keys made whatever their inputs' digest
    cutoff: dt.date = field(default_factory=review_cutoff)  # a file last updated on or before it needs review
    # `mkdocs serve --dirty`: the innovations whose records changed since the last rebuild, when
    # nothing else did (the same teams, offices, dates and link report, no innovation came or went)
    changed: frozenset[str] | None = field(default=None, repr=False)
    last_bank: Bank | None = field(default=None, repr=False)  # the last rebuild's, whose records `changed` replaced
    renewed: dict[int, Record] = field(default_factory=dict, repr=False)  # id of such a record → its new one
    moved: bool = field(default=True, repr=False)  # whether one of them has another place among the newest
    carried: dict | None = field(default=None, repr=False)  # what a builder takes back on the next rebuild (`relate`)
    carried_before: dict = field(default_factory=dict, repr=False)  # the last rebuild's `carried`

    def again(self, key, inputs: tuple, make: Callable[[], Any], by_value: bool = False):
        """make(), or what the last `mkdocs serve --dirty` rebuild made for `key` when it was made
        from the very same objects. A record is a new object only when its file changed (load's
        cache), and a list of them is the last one when it holds the same records (`relate`), so
        the inputs say which pages and rows an edit touched: the others are neither made nor
        digested again (pages.Digests keeps the digest of a value shown again).

        A deploy (`last`, from the build's state) has no last objects: it compares the digest of
        the inputs (records by the digests of their content) with the one the last build kept,
        and gives `Kept` (in a list for a listing) when they are the same. Every value a page
        shows must therefore be among its inputs."""
        if self.last is not None:
            made = self.last.get(key)
            if made is not None and key not in self.remake and self.digest(inputs) == made.digest:
                kept = Kept(made)
                self.made[key] = (inputs, [kept] if made.listing else kept)
                return self.made[key][1]
        last = self.previous.get(key)
        if last is None:
            value = make()
        elif self.same(last[0], inputs):
            value = last[1]
        else:
            value = self._as_before(last[1], make(), by_value)
        self.made[key] = (inputs, value)
        return value

    def as_before(self, key, slugs):
        """What the last rebuild made for `key`, when it was made from nothing but the innovations
        `slugs` and what only a change to another kind of file (or to the dates, the link report,
        the day) can change, and only other innovations changed since: neither its inputs nor the
        value are made again. None otherwise."""
        if self.changed is None or not self.changed.isdisjoint(slugs):
            return None
        last = self.previous.get(key)
        if last is None:
            return None
        self.made[key] = last
        return last[1]

    def in_place(self, facts: Callable[[Record], Any] = lambda _: None) -> bool:
        """Whether only innovations changed since the last `mkdocs serve` rebuild, none of them
        took another place among the newest, and facts(record) of each is what it was: then a
        list of them made last time is still right with the edited records in it (replaced)."""
        return self.changed is not None and not self.moved and all(
            facts(self.bank.ideas[slug]) == facts(self.last_bank.ideas[slug]) for slug in self.changed)

    def replaced(self, records: list, at=None) -> list:
        """The last rebuild's list with each changed innovation's record in it replaced by its new
        one (by `at`(new, item) for an item that is not a record): the very list when none is in
        it, so that what shows it is not made again."""
        if not self.renewed:
            return records
        ids = list(map(id, records if at is None else (item[0] for item in records)))
        found = [(ids.index(old), new) for old, new in self.renewed.items() if old in ids]
        if not found:
            return records
        records = list(records)
        for index, new in found:
            records[index] = new if at is None else at(new, records[index])
        return records

    def _as_before(self, last, value, by_value: bool):
        """A value made again, with what shows the same as the last one's taken back: a listing's
        pages that show the same items as before (the edited innovation is on one or two of
        them), a page made the same, a value `by_value` equal to the last (a scorecard row counting
        the same again). The pages that show them are then neither made, fingerprinted nor
        rendered again."""
        if isinstance(value, list) and isinstance(last, list):
            return [old if number < len(last) and isinstance(page, Page) and self._same_page(old := last[number], page)
                    else page for number, page in enumerate(value)]
        if isinstance(value, Page):
            return last if isinstance(last, Page) and self._same_page(last, value) else value
        return last if by_value and last == value else value

    def _same_page(self, one: Page, other: Page) -> bool:
        return self.same((one.key, one.template, one.title, one.description, one.body, one.data, one.english,
                          one.source),
                         (other.key, other.template, other.title, other.description, other.body, other.data,
                          other.english, other.source))

    def kept(self, key, value):
        """The last rebuild's value for `key` when it equals this one (a listing's filter menu, made
        anew each time): the same object again, for `again` and the digests."""
        last = self.previous.get(key)
        value = last[1] if last is not None and last[1] == value else value
        self.made[key] = ((), value)
        return value

    def updated_on(self, record: Record) -> dt.date:
        return self.updated[_real(record.source.path)]

    def newest_key(self, record: Record) -> tuple:
        """Where an innovation is among the newest: most recently added first; files added the
        same day by their innovation's own date."""
        return self.added[_real(record.source.path)], _when(record), record.slug

    @staticmethod
    def place_chain(code: str | None) -> tuple[str, ...]:
        """The codes a place counts under: itself, its district and its division."""
        return _place_chain(code or "")

    def same(self, one, other) -> bool:
        """The same objects, none of them stale: lists and tuples item by item, plain values (a
        date, a number) by value."""
        if one is other:
            return id(one) not in self.stale if self.stale else True
        if type(one) is not type(other):
            return False
        if isinstance(one, dict):
            return one.keys() == other.keys() and all(self.same(item, other[key]) for key, item in one.items())
        if isinstance(one, (list, tuple)):
            if len(one) != len(other):
                return False
            # the same items, compared by identity at C speed (a ministry's thousands of innovations);
            # item by item only when one differs or some item may be stale
            return (not self.stale and all(map(is_, one, other))) or all(map(self.same, one, other))
        return isinstance(one, _PLAIN) and one == other


_PLAIN = (str, int, float, dt.date, Text)  # compared by value


@lru_cache(maxsize=None)
def _place_chain(code: str) -> tuple[str, ...]:
    """Once per place (places never change), not once per innovation and office on every rebuild."""
    place = places().get(code)
    if place is None:
        return ()
    return tuple(dict.fromkeys(c for c in (place.code, place.district, place.division) if c))


def named_offices(idea) -> tuple[str, ...]:
    """The offices an innovation's page and cards name: its own and its replications'. Their names
    are part of what it shows, so a record stands for them too (its digest, `_take_back`)."""
    return tuple(dict.fromkeys((idea.office, *(r.office for r in idea.replications if r.office))))


def _when(record: Record) -> dt.date:
    dates = record.item.dates
    return dates.implemented or dates.started or dt.date.min


def git_dates(root: Path) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """The last commit date of every content file, and the date of the first commit that had
    it (when it entered the bank). The history is read once per commit, so a `mkdocs serve`
    rebuild after an edit does not read it again."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD", "--show-toplevel"], cwd=root, capture_output=True,
                              text=True, timeout=60, check=True).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return {}, {}
    return _history(str(root), *head) if len(head) == 2 else ({}, {})


@lru_cache(maxsize=1)
def _history(root: str, head: str, top: str) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """One `git log` for every file (not one call per file), newest commit first: a file's first
    mention is its last change, its last mention the commit that added it."""
    try:
        out = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", head, "--", "content"],
                             cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}, {}
    updated: dict[str, dt.date] = {}
    added: dict[str, dt.date] = {}
    for chunk in out.split("\x00")[1:]:
        lines = chunk.strip().split("\n")
        day = dt.date.fromisoformat(lines[0])
        for name in lines[1:]:
            if name:
                folder, _, file = name.rpartition("/")
                path = os.path.join(_real_folder(os.path.join(top, folder)), file)
                updated.setdefault(path, day)
                added[path] = day
    return updated, added


@lru_cache(maxsize=None)
def _real(path: Path) -> str:
    """Resolved once per path, its folder once per folder: a resolve is a system call per folder,
    and every page that shows an innovation's date asks (seconds at 10,000 innovations). A content
    file is never a link itself (load.tree refuses links)."""
    return os.path.join(_real_folder(str(path.parent)), path.name)


@lru_cache(maxsize=None)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def relate(bank: Bank, repo_root: Path, previous: Relations | None = None, carry: bool = False) -> Relations:
    """previous: the last `mkdocs serve --dirty` rebuild's, whose lists and tables this one takes
    back where they are the same (Relations.again); carry: there will be a next rebuild, so the
    builders keep in `carried` what it may take back."""
    rel = Relations(bank, carried={} if carry else None)
    for rec in bank.offices.values():
        if rec.item.parent:
            rel.child_offices[rec.item.parent].append(rec)
        for code in rel.place_chain(rec.item.place):
            rel.offices_by_place[code].append(rec)
    for rec in bank.teams.values():
        rel.teams_by_office[rec.item.office].append(rec)
        if rec.item.parent:
            rel.child_teams[rec.item.parent].append(rec)
    rel.links = load_report(repo_root)
    history, added = git_dates(repo_root)
    for table in (bank.ideas, bank.teams, bank.offices):
        for rec in table.values():
            path = _real(rec.source.path)
            modified = None if path in history else dt.date.fromtimestamp(rec.source.path.stat().st_mtime)
            rel.updated[path] = history.get(path) or getattr(rec.item, "updated", None) or modified
            if table is bank.ideas:  # a file git does not know yet (or no git at all): its own date
                rel.added[path] = added.get(path) or modified
    rel.newest = sorted(bank.ideas.values(), key=rel.newest_key, reverse=True)
    for rec in rel.newest:
        rel.ideas_by_office[rec.item.office].append(rec)
        if rec.item.team:
            rel.ideas_by_team[rec.item.team].append(rec)
        for code in rel.place_chain(rec.item.place):
            rel.ideas_by_place[code].append(rec)
    if previous is not None:
        _take_back(rel, previous)
    return rel


def _same_records(table: dict, last: dict) -> bool:
    return table.keys() == last.keys() and all(map(is_, table.values(), last.values()))


_LISTS = ("ideas_by_office", "ideas_by_team", "ideas_by_place", "teams_by_office", "child_teams", "child_offices",
          "offices_by_place")


def _take_back(rel: Relations, previous: Relations) -> None:
    """The last rebuild's tables and lists in place of equal new ones: the same objects again. An
    innovation is shown with its offices' names: one whose office changed is stale."""
    rel.previous, rel.carried_before = previous.made, previous.carried or {}
    renamed = {oid for oid, rec in rel.bank.offices.items() if previous.bank.offices.get(oid) is not rec}
    if renamed:
        rel.stale = {id(rec) for rec in rel.bank.ideas.values()
                     if not renamed.isdisjoint(named_offices(rec.item))}
    for name in ("updated", "added", "links"):
        if getattr(rel, name) == getattr(previous, name):
            setattr(rel, name, getattr(previous, name))
    if rel.same(rel.newest, previous.newest):
        rel.newest = previous.newest
    ideas, last = rel.bank.ideas, previous.bank.ideas
    if (not rel.stale and rel.cutoff == previous.cutoff and rel.updated is previous.updated
            and rel.added is previous.added and rel.links is previous.links and list(ideas) == list(last)
            and _same_records(rel.bank.teams, previous.bank.teams)
            and _same_records(rel.bank.offices, previous.bank.offices)):
        rel.changed = frozenset(slug for slug, rec in ideas.items() if last[slug] is not rec)
        rel.last_bank = previous.bank
        rel.renewed = {id(last[slug]): ideas[slug] for slug in rel.changed}
        rel.moved = any(rel.newest_key(ideas[slug]) != rel.newest_key(last[slug]) for slug in rel.changed)
    for name in _LISTS:
        mine, last = getattr(rel, name), getattr(previous, name)
        for key, records in mine.items():
            if rel.same(records, last.get(key)):
                mine[key] = last[key]
