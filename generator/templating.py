"""What the theme's templates can call: the catalogue (`t`), bilingual text, Bengali digits,
dates, and links to other pages in the page's own language. All of them read the language from
the page being rendered, so templates never branch on bn/en."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from types import BuiltinMethodType, FunctionType, MethodType

from jinja2 import BytecodeCache, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
# MkDocs' own steps of normalize_url (private, but the same rule as its `url` filter): see relative()
from mkdocs.utils import _get_norm_url, _norm_parts, normalize_url

from .i18n import BENGALI_SCRIPT, DEFAULT_LANGUAGE, ascii_digits, catalogue, format_date, format_number, localise_digits, shown, t as translate
from .model import places
from .model.common import Text
from .pages import text_in, url_of
from .publish import downloads, search_messages
from .stats import percent_saved


def _lang(ctx) -> str:
    return ctx.get("page_lang") or DEFAULT_LANGUAGE


@pass_context
def t(ctx, key: str, _lang_: str | None = None, **values) -> str:
    return translate(key, _lang_ or _lang(ctx), **values)


@functools.cache
def strings(lang: str):
    """`t` for the pages of one language, which render.context gives each page in place of the
    global: a function Jinja calls without the context. Jinja hands a `pass_context` function
    called inside a block or loop that sets a variable a new context made for that one call (a copy
    of every variable of the page): 14 a page, most of them for `t`. A string with nothing to fill
    in (most of the 40 an innovation page prints) is looked up in one dict."""
    plain = {key: entry[lang] for key, entry in catalogue().items() if "{" not in entry[lang]}

    def t_in(key: str, _lang_: str | None = None, **values) -> str:
        if not values and _lang_ is None and (text := plain.get(key)) is not None:
            return text
        return translate(key, _lang_ or lang, **values)
    return t_in


@pass_context
def text(ctx, value) -> str:
    """A Text (or catalogue key) in the page's language, Bengali when English is missing. A Text
    is told from a Place before its attributes are asked: pydantic answers a missing one slowly."""
    if value is None:
        return ""
    if not isinstance(value, Text) and callable(getattr(value, "name", None)):  # a Place
        return value.name(_lang(ctx))
    return text_in(value, _lang(ctx))


@pass_context
def marked(ctx, value) -> Markup:
    """`text` for an element's content: on a page in another language, text in Bengali script (a
    Text with no English, which falls back to Bengali, or a name written only in Bengali) is put
    in a span with lang="bn", so a screen reader reads it as Bengali (WCAG 3.1.2). Not for an
    attribute or a catalogue string's value, which take `text`."""
    written = text(ctx, value)
    if _lang(ctx) != "bn" and BENGALI_SCRIPT.search(written):
        return Markup('<span lang="bn">%s</span>') % written
    return Markup.escape(written)


@pass_context
def phrase(ctx, key: str, **values) -> Markup:
    """`t` for an element's content whose values may be `marked` text: the catalogue's string and
    the plain values escaped, a value that is HTML already kept as it is."""
    slots = {name: f"\x00{name}\x00" for name in values}
    html = Markup.escape(t(ctx, key, **slots))
    for name, value in values.items():
        html = html.replace(slots[name], Markup.escape(shown(value, _lang(ctx))))
    return html


@pass_context
def number(ctx, value) -> str:
    return format_number(value, _lang(ctx))


@pass_context
def digits(ctx, value) -> str:
    """A number-like value (a year, an activity's number, a memo's reference) in the page's digits,
    whichever digits the officer typed: Bengali on a Bengali page, Latin on an English one."""
    return localise_digits(ascii_digits(str(value)), _lang(ctx))


@pass_context
def counted(ctx, value, unit: str) -> str:
    """A number and its unit (`unit.days`, `unit.visits`…): English says "1 day", "2 days" (the
    catalogue's `<unit>.one` for exactly one); Bengali's word is the same for every number."""
    return t(ctx, "unit.count", number=format_number(value, _lang(ctx)),
             unit=t(ctx, unit + ".one" if value == 1 else unit))


@pass_context
def change(ctx, before, after, signed: bool = True) -> str:
    """How much a value (time, cost, visits) changed, in percent of `before`, in the page's digits
    and with a true minus sign. signed (the chart, the showcase): a fall is "−60%", a rise "+150%",
    no change "0%"; not signed (the table's "saved" column): the share saved, "60%", and a rise is
    a negative saving, "−150%". A rise from nothing has no percentage, and says so."""
    if not before:
        return t(ctx, "impact.from_zero" if after else "impact.percent", percent=localise_digits(0, _lang(ctx)))
    saved = percent_saved(before, after)
    fell = saved > 0 if signed else saved < 0
    key = "impact.percent" if saved == 0 or (not signed and saved > 0) else "impact.less" if fell else "impact.more"
    return t(ctx, key, percent=localise_digits(abs(saved), _lang(ctx)))


@pass_context
def date(ctx, value) -> str:
    return format_date(value, _lang(ctx))


@functools.lru_cache(maxsize=65536)
def _parts(url: str) -> tuple[str, ...]:
    return tuple(_norm_parts(url))


def _page_parts(page_url: str) -> tuple[str, ...]:
    """The folders of a page's address, which its links are written relative to."""
    directory, _, name = page_url.rpartition("/")
    return _parts(directory if "." in name else page_url)


@functools.lru_cache(maxsize=1024)
def _relative(path: str, page_url: str) -> str:
    """normalize_url(path, page) for a page at page_url: get_relative_url's steps, on the parts
    of each address split once (a page's own, and each link target's, shared by many pages)."""
    path, level = _get_norm_url(path)
    if level == -1:
        return path
    page_parts, parts = _page_parts(page_url), _parts(path)
    common = 0
    for a, b in zip(page_parts, parts):
        if a != b:
            break
        common += 1
    result = "/".join(("..",) * (len(page_parts) - common) + parts[common:]) or "."
    return "../" * level + (result + "/" if path.endswith("/") else result)


def relative(ctx, path: str) -> str:
    """mkdocs.utils.normalize_url, with each address split once: a page links to a few hundred
    addresses, most of them on every page (its tabs, header, styles, cards, filters), and MkDocs
    splits and normalises both addresses again on every call (6–10% of a page's rendering)."""
    page = ctx.get("page")
    if page is None:
        return normalize_url(path, base=ctx.get("base_url", ""))
    return _relative(path, page.url)


@pass_context
def url(ctx, value) -> str:
    """MkDocs' own `url` filter (a site path → relative to the page), by `relative`."""
    return relative(ctx, str(value))


@pass_context
def link(ctx, key: str, lang: str | None = None) -> str:
    """A page key ("ideas/x", "index") → URL relative to the page being rendered."""
    return relative(ctx, url_of(key, lang or _lang(ctx)))


@pass_context
def absolute(ctx, key: str, lang: str | None = None) -> str:
    """A page key → its full address on the published site (canonical, hreflang, feeds)."""
    return (ctx["config"]["site_url"] or "/") + url_of(key, lang or _lang(ctx))  # not `.site_url`: a descriptor, 3 µs


_ROOT = "\x00root\x00"
FALLBACK = "assets/images/social.png"  # the site's share image, for a page whose own is not drawn yet


def _card(env, record, lang: str) -> str:
    """An innovation's card in a language, with a placeholder for the link root (cached)."""
    cache = env.globals["card_cache"]
    html = cache.get((record.slug, lang))
    if html is None:
        template = env.get_template("partials/bank/idea-card.html")
        html = cache[(record.slug, lang)] = template.render(record=record, page_lang=lang, root=_ROOT)
    return html


def render_cards(env, records, languages) -> None:
    """Every card, rendered before the render workers are forked: a worker that rendered them
    itself would read part of every record and so copy (on write) the memory pages of the whole
    bank, and each worker would render every card again."""
    for record in records:
        for lang in languages:
            _card(env, record, lang)


def compile_theme(env, theme_dir: Path) -> None:
    """Every template of the theme loaded before the render workers are forked: a fresh build's
    state has none compiled, and each process compiled those it rendered (the 45 took 0.6 s of
    CPU), the workers again what the first process had."""
    for path in theme_dir.rglob("*.html"):
        env.get_template(path.relative_to(theme_dir).as_posix())


@pass_context
def cards(ctx, records, own_office: str | None = None, summary: bool = True) -> Markup:
    """The cards of a listing's innovations. Every listing page shows the same card, so each is
    rendered once per language with a placeholder for the link root, and a listing's are joined and
    re-rooted at once (one call a listing, not a filter call, an escape and a root a card). On a
    listing of one office's innovations (own_office) a card of that office leaves its name out:
    the page says it once, and at 10,000 innovations it would take about 6 MB to say it on
    every card. The name is the text after the badges of the card's facts line, its first div
    (partials/bank/idea-card.html); the other listings pay nothing for this. A card without its
    summary (`summary=False`: the facet listings, pages/browse.py) ends after that line."""
    env, lang, shown = ctx.environment, _lang(ctx), []
    for record in records:
        html = _card(env, record, lang)
        if own_office is not None and record.item.office == own_office:
            end = html.index("</div>")
            html = html[:html.rindex("</span>", 0, end) + len("</span>")] + html[end:]
        if not summary:
            html = html[:html.index("</div>") + len("</div>")] + "</li>"
        shown.append(html)
    root = link(ctx, "index")
    root = "" if root in (".", "./") else root if root.endswith("/") else root + "/"
    return Markup("".join(shown).replace(_ROOT, root))


_PIECE = "\x00piece:%s\x00"


@pass_context
def chrome(ctx, name: str, **pieces) -> Markup:
    """A partial that is the same on every page of a language, section and depth (the header, the
    tabs, the footer, the stylesheets' links), rendered once for each and then reused: it was a
    tenth of a page's rendering. Its links lead to the language roots' top-level pages and to assets/, so how each
    is written from a page (`url`, `link`) depends only on the page's depth and on whether the
    page is in the linked section, and its tab is marked active by the section alone. What differs
    on each page (the header's language switch) is given in `pieces`, rendered by the caller, and
    put in the place the partial prints it."""
    page, key = ctx.get("page"), ctx.get("page_key")
    if page is None or key is None:  # the 404 page, which MkDocs renders without a Page
        return Markup(ctx.environment.get_template(name).render({**ctx.get_all(), **pieces}))
    cache = ctx.environment.globals["chrome_cache"]
    where = (name, _lang(ctx), key.partition("/")[0], len(_page_parts(page.url)))
    html = cache.get(where)
    if html is None:
        template = ctx.environment.get_template(name)
        html = cache[where] = template.render({**ctx.get_all(), **{piece: Markup(_PIECE % piece) for piece in pieces}})
    for piece, value in pieces.items():
        html = html.replace(_PIECE % piece, value)
    return Markup(html)


class _Strings:
    """Material's UI strings of one language (partials/language.html's `t`), each looked up once:
    base.html asks for <html lang> on every page, and a macro call cost 1.5% of a page."""

    def __init__(self, module):
        self.macro, self.found = module.t, {}

    def t(self, key: str) -> str:
        if key not in self.found:
            self.found[key] = self.macro(key)
        return self.found[key]


@pass_context
def material_strings(ctx):
    """Material's UI strings in the page's language (partials/language.html), made once per
    language: imported `with context` on every page it took 3% of a page's rendering."""
    page = ctx.get("page")
    code = (page.meta.get("lang") if page is not None else None) or ctx["config"].theme["language"]
    modules = ctx.environment.globals["material_strings_cache"]
    if code not in modules:
        template = ctx.environment.get_template("partials/language.html")
        modules[code] = _Strings(template.make_module({"page": page, "config": ctx["config"]}))
    return modules[code]


def bar_widths(before, after) -> tuple[float, float]:
    """The widths of idea.html's two bars, the larger value's being 100: a rise is drawn as long as
    a fall, each to scale. At least 0.5 (a bar that is still seen), to one decimal."""
    largest = max(before, after)
    return tuple(round(max(100 * value / largest if largest else 0, 0.5), 1) for value in (before, after))


def iso_date(value: str | None):
    """The date of an ISO timestamp such as the link report's checked_at."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def atom_date(value) -> str:
    return f"{value.isoformat()}T00:00:00Z" if value else "1971-01-01T00:00:00Z"


# Every template in theme/ escapes what it prints (contributors' text is untrusted), so a new one
# is safe without being listed anywhere. Material's own templates, and ours that override its
# partials or wrap its base, print HTML that Material built: those are the exceptions.
UNESCAPED = {"main.html", "partials/header.html", "partials/language.html"}


def _escaping(theme_dir: Path):
    ours = {p.relative_to(theme_dir).as_posix() for p in theme_dir.rglob("*") if p.suffix in (".html", ".xml")}
    return lambda name: name in ours and name not in UNESCAPED


class _CompiledTemplates(BytecodeCache):
    """MkDocs makes a new Jinja environment for every build; under `mkdocs serve` this keeps the
    compiled templates between rebuilds (Jinja recompiles any template whose source changed)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


class _Context(Context):
    """Jinja's Context, calling a plain function (or method) that asks for no context straight
    away: Context.call looks for a context argument on the callable and on its `__call__` on every
    call (2 µs; some 70 calls an innovation page, `t` most of them), which only `pass_context` ones
    such as `chrome` have."""

    def call(__self, __obj, *args, **kwargs):  # Context.call's names: a template may pass `self=` or `obj=`
        if type(__obj) in _PLAIN and not hasattr(__obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")
        return super().call(__obj, *args, **kwargs)

    def get(self, key: str, default=None):
        """Context.get (the page's language for every filter, the page for every link) without
        the three calls it makes through `__getitem__`: the same look-up, its variables first."""
        if key in self.vars:
            return self.vars[key]
        return self.parent.get(key, default)


_PLAIN = frozenset((FunctionType, BuiltinMethodType, MethodType))


def _globals(env):
    """Environment.make_globals, except that a template given no globals of its own reads the
    environment's dict itself rather than a ChainMap over it (the same names and values): Jinja lists
    a template's globals for every context it makes, a page's and each include's (`set(globals)`,
    and `dict(globals)` for a page), and listing a ChainMap is slow: a page of nine small includes
    rendered in 140 µs with it, 80 without."""
    chained = env.make_globals
    return lambda own: chained(own) if own else env.globals


def install(env, plugin, theme_dir: Path) -> None:
    env.autoescape = _escaping(theme_dir)
    env.bytecode_cache = COMPILED
    env.make_globals = _globals(env)
    env.context_class = _Context
    env.cache = {}  # every template loaded stays loaded: no LRU bookkeeping on each of a page's includes
    env.globals.update(t=t, phrase=phrase, change=change, bar_widths=bar_widths, bank=plugin.rel.bank,
                       download_paths=downloads.paths, places=places(), card_cache={}, chrome_cache={},
                       material_strings_cache={}, chrome=chrome, material_strings=material_strings,
                       share_image=lambda record: plugin.share_plan.get(record.slug, (FALLBACK,))[0])
    env.globals["search_messages"] = search_messages.digest()  # search.js asks for the file with it (partials/bank/search.html)
    env.filters.update(text=text, marked=marked, number=number, digits=digits, counted=counted, url=url,
                       date=date, link=link, absolute=absolute, cards=cards,
                       atom_date=atom_date, iso_date=iso_date)
