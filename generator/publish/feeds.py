"""Atom feeds of new and updated innovations, overall and per office, in both languages:
feed.xml, en/feed.xml, offices/<id>/feed.xml, en/offices/<id>/feed.xml. An entry's
`updated` is the content file's last commit date; `published` is when the idea started. A feed
is updated when its newest entry is; a feed without entries (an office with no innovation yet)
when the bank last changed, the newest update of any content file (a bank with no content yet:
the day it is built)."""

from __future__ import annotations

import datetime as dt
import re

from ..i18n import LANGUAGES
from ..pages import url_of
from .output import Output

LATEST = 50
# What XML 1.0 does not allow in a document (its Char production): one such character makes the
# whole feed not well-formed, and a feed reader refuses every entry of it. Validation refuses them
# all in content (load/source.py, CONTROL); a character that reaches the feed all the same (a
# catalogue text, a record made by code) is shown as U+FFFD, the sign of a character lost.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _by_update(rel, records):
    return sorted(records, key=lambda r: (rel.updated_on(r), r.slug), reverse=True)[:LATEST]


def publish(rel, site_url: str, env, config, **_) -> dict[str, Output]:
    template = env.get_template("feed.atom.html")

    def feed(key, office, entries, updated, feed_updated, lang, path) -> str:
        return NOT_XML.sub("\ufffd", template.render(
            page_lang=lang, config=config, site_url=site_url, office=office, key=key, self_url=site_url + path,
            entries=entries, updated=updated, feed_updated=feed_updated))

    bank_updated = max(rel.updated.values(), default=None) or dt.date.today()
    out = {}
    groups = [("index", None, list(rel.bank.ideas.values()))] + [
        (f"offices/{oid}", rec, rel.ideas_by_office.get(oid, [])) for oid, rec in rel.bank.offices.items()]
    for key, office, records in groups:
        entries = _by_update(rel, records)
        updated = {r.slug: rel.updated_on(r) for r in entries}
        for lang in LANGUAGES:
            path = url_of(key, lang) + "feed.xml"
            out[path] = Output(feed, key, office, entries, updated, max(updated.values(), default=bank_updated), lang, path)
    return out
