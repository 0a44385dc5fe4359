"""What the checks across files read of a record: its references, titles and which bodies may
link, as plain values. A record from the cache (load.stored) keeps these beside its model and
bodies, still pickled (or where to read them again), and gets those only when something asks for
them: a warm `innobank validate` checks the whole bank without rebuilding some 260,000 models and
60 MB of text at 10,000 innovations (1–1.8 s less, measured)."""

from __future__ import annotations

from typing import NamedTuple

from ..i18n import LANGUAGES
from .body_links import may_link
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
    linking: tuple[str, ...]  # the languages whose body may link to a page of the bank


def facts_of(item, body: dict[str, str]) -> Facts:
    """The facts of an innovation's, a team's or an office's model and bodies (lang → Markdown).
    Read from the model's fields (its __dict__): a name a model lacks, looked up as an attribute,
    goes through pydantic's __getattr__ and an exception (a team's facts took ten times longer)."""
    get = vars(item).get
    return Facts(
        office=get("office"),
        team=get("team"),
        place=get("place"),
        parent=get("parent"),
        replications=tuple((rep.place, rep.office) for rep in get("replications", ())),
        aliases=tuple(get("aliases", ())),
        images=tuple(image.src for image in get("images", ())),
        title={lang: title_in(item, lang) for lang in LANGUAGES} if get("title") is not None else {},
        adopted=tuple(adoption.idea for adoption in get("adopted", ())),
        linking=tuple(lang for lang, text in body.items() if may_link(text)),
    )
