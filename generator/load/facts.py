"""What the checks across files read of a record: its references and names, as plain values. A
record from the cache (load.stored) keeps these beside its model, still pickled, and gets its model
only when something asks for it: a warm `innobank validate` checks the whole bank without
rebuilding some 260,000 models at 10,000 innovations (two seconds)."""

from __future__ import annotations

from typing import NamedTuple

from ..i18n import LANGUAGES
from .duplicates import title_in


class Facts(NamedTuple):
    office: str | None  # an innovation's or a team's office
    team: str | None  # an innovation's team
    place: str | None  # an innovation's or an office's place
    parent: str | None  # a team's or an office's parent
    replications: tuple[tuple[str, str | None], ...]  # an innovation's (place, office) for each
    aliases: tuple[str, ...]  # an innovation's old names
    images: tuple[str, ...]  # the src of each of an innovation's images
    title: dict[str, str]  # lang → an innovation's title ("" when it has none in that language)
    adopted: tuple[str, ...]  # the innovations an office adopted, in its order


def facts_of(item) -> Facts:
    """The facts of an innovation's, a team's or an office's model."""
    return Facts(
        office=getattr(item, "office", None),
        team=getattr(item, "team", None),
        place=getattr(item, "place", None),
        parent=getattr(item, "parent", None),
        replications=tuple((rep.place, rep.office) for rep in getattr(item, "replications", ())),
        aliases=tuple(getattr(item, "aliases", ())),
        images=tuple(image.src for image in getattr(item, "images", ())),
        title={lang: title_in(item, lang) for lang in LANGUAGES} if hasattr(item, "title") else {},
        adopted=tuple(adoption.idea for adoption in getattr(item, "adopted", ())),
    )
