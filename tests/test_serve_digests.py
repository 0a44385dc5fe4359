"""`mkdocs serve --dirty` rebuilds fingerprint every page again; a value a rebuild shows again
(the same object: a record's model, a place, an innovation's map) keeps the digest the last
rebuild gave it instead of being digested again (pages.Digests' `previous`)."""

from __future__ import annotations

from generator.pages import Digests


class Shown:
    """A value whose digest is costly (its repr), counting how often it is taken."""

    taken = 0

    def __repr__(self):
        Shown.taken += 1
        return "shown"


def test_a_value_shown_again_keeps_its_digest_and_a_record_its_new_seed():
    shown, record = Shown(), object()
    first = Digests()
    first.seed(record, 1)
    before = first.of({"map": shown, "record": record})
    taken = Shown.taken

    again = Digests(previous=first)
    again.seed(record, 2)  # the record's content (or its office's) changed
    after = again.of({"map": shown, "record": record})
    assert Shown.taken == taken, "the same object is not digested again"
    assert after != before, "a record's seed wins over the digest the last rebuild gave it"
    again.seed(record, 1)
    assert again.of({"map": shown, "record": record}) == before

    other = Shown()  # an equal value, but another object: digested
    assert again.of(other) == first.of(shown)
    assert Shown.taken == taken + 1
