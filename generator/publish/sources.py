"""Each innovation's and team's file as it is in the repository, for the contribute form: "Propose
a change" fills the form from the API's record and keeps this text, so a change leaves the rest
of the file (its comments, its layout) as it was, and a file sent back unchanged is the same bytes.

One gzipped JSON bundle per kind and office, contribute/source/<kind>/<office>.json.gz:
{slug: {"bn": the .md file's text, "en": the .en.md file's text, if it has one}}. The form knows
the office from the record it has just fetched, and reads the one bundle. A file of its own for
each text (20,000 at 10,000 innovations, most under 2 KB) took a 4 KB disk block each: 74 MB on
disk for 28 MB of gzip (the bench corpus at 2,000, scaled to 10,000); one bundle per office holds
its files in a few blocks and gzip finds what they share: 17 MB on disk, 13 MB. Text, not bytes: a content file is UTF-8 (the loader
refuses any other), so the text is the file's bytes exactly, a byte order mark and CRLF included,
and the form encodes it back as UTF-8. The form unpacks the bundle with the browser's
DecompressionStream (contribute.js); gzip's header holds no time, so a build gives the same bytes."""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path

from ..pages.contribute import KINDS, SOURCE
from ..json_text import dumps
from .output import Output


def bundle(files: dict[str, tuple[Path, Path | None]]) -> bytes:
    """slug → (the .md file, the .en.md file or None) as the gzipped JSON the form reads."""
    texts = {slug: {"bn": bn.read_bytes().decode("utf-8"), **({"en": en.read_bytes().decode("utf-8")} if en else {})}
             for slug, (bn, en) in files.items()}
    return gzip.compress(dumps(texts).encode(), compresslevel=9, mtime=0)


def publish(rel, **_) -> dict[str, Output]:
    out: dict[str, Output] = {}
    for kind in KINDS:
        offices: dict[str, dict] = defaultdict(dict)
        for slug, rec in sorted(getattr(rel.bank, kind).items()):
            path = rec.source.path
            offices[rec.item.office][slug] = (path, path.with_name(f"{slug}.en.md") if "en" in rec.body else None)
        for office, files in sorted(offices.items()):
            out[f"{SOURCE}/{kind}/{office}.json.gz"] = Output(bundle, files)
    return out
