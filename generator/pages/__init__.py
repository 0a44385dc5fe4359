"""Page builders: each module turns the loaded bank into the pages of one kind. A builder yields
language-neutral `Page`s; `expand` makes the Bengali and English twins of each, so the two
languages come from one mechanism."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel

from ..i18n import LANGUAGES, t
from ..load import stable_hash
from ..model.common import Text


@dataclass
class Page:
    """One page, in both languages. `key` is its address without the language prefix."""

    key: str  # "index", "ideas/online-leave", "browse/status/implemented/2"
    template: str  # theme template, e.g. "idea.html"
    title: Text | str  # a Text, or a catalogue key
    description: Text | str | None = None
    body: dict[str, str] = field(default_factory=dict)  # lang → contributor Markdown
    data: dict[str, Any] = field(default_factory=dict)  # what the template shows
    english: bool = True  # False when the English page falls back to Bengali text
    source: Path | None = None  # content file behind the page, for "propose a change"


@dataclass
class LangPage:
    """A page in one language, as MkDocs sees it."""

    page: Page
    lang: str

    @property
    def src_uri(self) -> str:
        return prefix(self.lang) + self.page.key + ".md"

    @property
    def title(self) -> str:
        return text_in(self.page.title, self.lang)

    @property
    def description(self) -> str:
        return text_in(self.page.description, self.lang) if self.page.description else ""

    @property
    def markdown(self) -> str:
        """The body in the page's language only. An English page whose record has no English body
        shows its English facts and a link to the Bengali page (partials/bank/body.html), not the
        Bengali body again: that copy was a third of such a page, and most real innovations have
        no English body."""
        return self.page.body.get(self.lang) or ""

    @property
    def fallback(self) -> bool:
        return self.lang == "en" and not self.page.english


def prefix(lang: str) -> str:
    return "" if lang == "bn" else f"{lang}/"


def url_of(key: str, lang: str) -> str:
    """The site-relative URL of a page key in a language: ideas/x → en/ideas/x/."""
    path = "" if key == "index" else key + "/"
    return prefix(lang) + path


def text_in(value: Text | str | None, lang: str) -> str:
    if value is None:
        return ""
    return value.get(lang) if isinstance(value, Text) else t(value, lang)


def expand(pages: Iterable[Page], languages: tuple[str, ...] = LANGUAGES) -> Iterator[LangPage]:
    for page in pages:
        for lang in languages:
            yield LangPage(page, lang)


def listing(base: str, template: str, title: Text | str, items: list, size: int, **data) -> Iterator[Page]:
    """A listing in pages of at most `size` items (always at least one page, maybe empty): base,
    base/2, … each with its items as `records` and what the pager needs (number, pages, base)."""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        yield Page(base if number == 1 else f"{base}/{number}", template, title, data={
            **data, "records": chunk, "number": number, "pages": len(chunks), "base": base})


SHOWN = 20  # innovations listed on an office or place page; the rest are on its browse listing


class Digests:
    """Digests of what pages and published files are made from, the same in every process, so that
    one build's compare with the last's (generator/incremental.py). A record and its model stand
    for their content by the digest `seed` gave them; any other value is digested once per build,
    so a value many pages share (a listing's filter menu, an office's innovations) costs once, not
    once per page. Every value digested is held until the digests are let go: no other value can
    take its id meanwhile. `kinds` digests a type of its own (a published file's parts).

    `previous`, the digests of `mkdocs serve`'s last rebuild: a value this one shows again, the
    very same object (a record's model, a place, an innovation's map), keeps its digest; nothing
    digested is changed afterwards (pages are made anew on each rebuild, records replaced when
    their file changes), and a seed always wins."""

    def __init__(self, kinds: dict[type, Callable[[Any], int]] | None = None, previous: Digests | None = None):
        self.known: dict[int, tuple[Any, int]] = {}  # id(value) → (value, digest)
        self.kinds = kinds or {}
        self.previous = previous.known if previous is not None else {}

    def seed(self, value, digest: int) -> None:
        self.known[id(value)] = (value, digest)

    def of(self, value) -> int:
        known = self.known.get(id(value))
        if known is not None:
            return known[1]
        known = self.previous.get(id(value))
        if known is not None and known[0] is value:
            self.known[id(value)] = known
            return known[1]
        of = self.of
        if isinstance(value, dict):
            text = "\x00".join([f"{key!r}\x01{of(item)}" for key, item in value.items()])
        elif isinstance(value, (list, tuple)):
            text = ",".join([str(of(item)) for item in value])
        elif isinstance(value, (set, frozenset)):  # in an order of their own, the same in every process
            text = ",".join(sorted(str(of(item)) for item in value))
        elif isinstance(value, str):
            text = value
        elif type(value) in self.kinds:
            text = str(self.kinds[type(value)](value))
        elif isinstance(value, BaseModel):  # a part of a record's model (an action plan, an award)
            text = value.model_dump_json()
        else:
            text = repr(value)
        digest = stable_hash(type(value).__qualname__, text)
        self.known[id(value)] = (value, digest)
        return digest


def fingerprint(lang_page: LangPage, digests: Digests, *shown) -> int:
    """Changes when what the page shows changes, so a build (and `mkdocs serve --dirty`) re-renders
    only the pages an edit touched. `shown`: what the page shows besides its data (its share
    image)."""
    page = lang_page.page
    return stable_hash(lang_page.lang, page.template, lang_page.title, lang_page.markdown,
                       str(digests.of(page.data)), *(str(part) for part in shown))
