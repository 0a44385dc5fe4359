"""Share images: one PNG (1200×630) per innovation, named by both its pages' og:image, so a link
posted in the officers' Facebook group shows the innovation's title, office and savings instead of
the site's logo. One card serves both languages (Bengali first, as the site is): the Bengali title,
under it the English one when the innovation has one, the office and the facts in Bengali, the
site's name in both. One image an innovation instead of one a language it has a title in takes
40% fewer bytes (some 75 MB at 10,000 innovations): a card with both titles is larger than one.

Bengali needs shaping (conjuncts, vowel signs placed before or around their consonant), so the
text is laid out by Pillow with the RAQM engine (HarfBuzz) in the site's own Noto Sans Bengali;
without RAQM the build stops rather than publish broken text. Drawing and PNG encoding take about
30–35 ms of CPU an image (minutes for 10,000 innovations), so images are kept in
.cache/share-images/ under the name of a digest of what decides their pixels (text, fonts, this
code): a build draws only the images whose text changed, and the digest in the address makes
Facebook fetch a changed image again."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable

import PIL
from mkdocs.exceptions import PluginError
from PIL import Image, ImageDraw, ImageFont, features

from ..assets import BENGALI
from ..i18n import LANGUAGES, both, localise_digits, t
from ..stats import percent_saved

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BAND = 96  # the green band with the site's name
TITLE_TOP = BAND + 56
TITLE_SIZES = ((68, 3), (60, 3), (52, 3), (44, 4))  # (font size, most lines) tried in turn
LINE_HEIGHT = 1.45  # Bengali vowel signs reach far above and below the letters
ENGLISH_SIZE, ENGLISH_LINES, ENGLISH_LINE_HEIGHT = 36, 2, 1.3  # the English title, under the Bengali
ENGLISH_GAP = 10  # more space between the English title and the office than between lines
OFFICE_SIZE, FACTS_SIZE = 34, 30
OFFICE_LOWEST = 515  # the office line's lowest baseline: above the facts at the foot
TITLE_CHARS = 400  # more can never fit: longer titles are cut before any measuring
SITE_PATH = "assets/share/"
# A build draws at most this many images not in the cache (30–35 ms of CPU each, shared by the
# render workers): with an empty cache, 10,000 innovations would otherwise cost minutes.
DRAWN_PER_BUILD = 1000
KEEP_UNUSED_DAYS = 1  # cached images no build uses are removed after this (another build may want them)

log = logging.getLogger("mkdocs.plugins.innobank")

# The picture is drawn in grey levels, then given a palette of the few colours the design has:
# levels 0–119 run from white to ink, 120–247 from the band's green to white, 248 is the red line.
# The English title (ENGLISH) is a shade lighter than the Bengali one, the office and facts lighter still.
# Text drawn on white with a fill of 0–119, or on the band with 247, stays on its own run when
# antialiased, and each run keeps a few shades of antialiasing: no visible change at the sizes a
# preview is shown, and the fewer colours, the better the PNG deflates. Cards of the bench corpus
# (a one-language card): 13.5 KB with a 256-colour palette and 16 shades, 11.0 KB with 17 colours;
# with both titles, 13.8 KB with 17 colours and 12.7 KB with these 11 (at 16 colours or fewer
# Pillow packs two pixels a byte, which costs at 14 but no longer at 11).
INK, ENGLISH, GREY, BAND_GREEN, BAND_WHITE, RED = 119, 100, 80, 120, 247, 248
RUNS = (  # (first level, last level, colour at the first, colour at the last, shades)
    (0, INK, (255, 255, 255), (31, 31, 31), 6),
    (BAND_GREEN, BAND_WHITE, (0x00, 0x6a, 0x4e), (255, 255, 255), 4),
    (RED, 255, (0xc6, 0x28, 0x28), (0xc6, 0x28, 0x28), 1),
)
COMPRESS_LEVEL = 8  # zlib's 9 saves 3% more at twice the CPU (encoding 16 → 36 ms an image)


def _palette() -> tuple[list[int], list[int]]:
    """(palette index of each grey level, the palette): a level takes its run's nearest shade."""
    colours: list[tuple[int, ...]] = []
    index = []
    for level in range(256):
        first, last, start, end, shades = next(run for run in RUNS if run[0] <= level <= run[1])
        step = round((level - first) / (last - first) * (shades - 1)) / (shades - 1) if shades > 1 else 0
        colour = tuple(round(a + (b - a) * step) for a, b in zip(start, end))
        if colour not in colours:
            colours.append(colour)
        index.append(colours.index(colour))
    return index, [c for colour in colours for c in colour]


_INDEX, _PALETTE = _palette()


@dataclass(frozen=True)
class Card:
    """What one share image shows: the site's name in each language, the Bengali title, the
    English one ("" when there is none), and the office and facts in Bengali."""

    site: tuple[str, ...]
    title: str
    english: str
    office: str
    facts: str


class Fonts:
    """The site's own Noto Sans Bengali (theme/assets/fonts, the pages' font), and Noto Sans for
    Latin letters, which the Bengali font does not have (fonts/ next to this module)."""

    def __init__(self, theme_dir: Path):
        bengali, latin = Path(theme_dir, "assets", "fonts"), Path(__file__).with_name("fonts")
        self.paths = {(script, bold): folder / f"{family}-{'Bold' if bold else 'Regular'}.woff2"
                      for script, folder, family in (("bn", bengali, "NotoSansBengali"), ("latn", latin, "NotoSans"))
                      for bold in (False, True)}

    @cached_property
    def digest(self) -> str:
        """Of everything besides the text that decides an image's pixels: the fonts, this
        module's drawing code, and the Pillow and RAQM that run it."""
        drawing = (Path(__file__).read_bytes(), PIL.__version__.encode(), str(features.version("raqm")).encode())
        return hashlib.sha256(b"".join(path.read_bytes() for path in self.paths.values()) + b"".join(drawing)).hexdigest()

    def get(self, bold: bool, size: int, engine=ImageFont.Layout.RAQM) -> Face:
        return Face(*(_font(str(self.paths[script, bold]), size, engine) for script in ("bn", "latn")))


@lru_cache(maxsize=64)
def _font(path: str, size: int, engine) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, layout_engine=engine)


def _runs(text: str) -> list[tuple[str, bool]]:
    """The text in runs for one font each: (run, in the Bengali font). As on the pages, whose
    Bengali face has a unicode-range (generator/assets.py: BENGALI), only those characters take
    the Bengali font; Latin letters, spaces, quotes and other punctuation take the Latin one."""
    runs: list[tuple[str, bool]] = []
    for char in text:
        bengali = any(first <= ord(char) <= last for first, last in BENGALI)
        if runs and runs[-1][1] == bengali:
            runs[-1] = (runs[-1][0] + char, bengali)
        else:
            runs.append((char, bengali))
    return runs


@dataclass(frozen=True)
class Face:
    """One size and weight: Bengali runs in the Bengali font, the rest in the Latin one."""

    bengali: ImageFont.FreeTypeFont
    latin: ImageFont.FreeTypeFont

    def getlength(self, text: str) -> float:
        return sum((self.bengali if bn else self.latin).getlength(run) for run, bn in _runs(text))

    def draw(self, draw: ImageDraw.ImageDraw, x: float, baseline: int, text: str, fill: int) -> None:
        for run, bn in _runs(text):
            font = self.bengali if bn else self.latin
            draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
            x += font.getlength(run)


def card(record, bank) -> Card:
    """The share image's text: the titles, office, and status, best award and largest saving."""
    idea, lang = record.item, LANGUAGES[0]
    facts = [t(f"status.{idea.status.value}", lang)]
    if idea.awards:
        award = idea.awards[0]
        facts.append(f"{t(f'award_level.{award.level.value}', lang)} {localise_digits(award.year, lang)}")
    saved = [(percent_saved(pair.before, pair.after), name) for name in ("time", "cost", "visits")
             if (pair := getattr(idea.impact, name)) and pair.before]
    if saved and max(saved)[0] > 0:  # a value that rose or stayed is no saving to show
        percent, name = max(saved)
        facts.append(t("share.saving", lang, what=t(f"impact.{name}", lang), percent=percent))
    english = idea.title.get(LANGUAGES[1])[:TITLE_CHARS] if idea.title.has(LANGUAGES[1]) else ""
    return Card(site=tuple(t("site.name", each) for each in LANGUAGES), title=idea.title.get(lang)[:TITLE_CHARS],
                english=english, office=bank.offices[idea.office].item.name.get(lang), facts=" · ".join(facts))


def file_name(content: Card, fonts: Fonts) -> str:
    """The image's name: a digest of everything that decides its pixels."""
    key = "\x00".join((fonts.digest, *content.site, content.title, content.english, content.office, content.facts))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".png"


_NAME = re.compile(r"[0-9a-f]{24}\.png")  # file_name's; a name from the build state is taken only as one




# ---- layout ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    text: str
    bold: bool
    size: int
    x: int
    baseline: int
    fill: int


def _pieces(word: str) -> list[str]:
    """A word cut into pieces that can end a line: never inside a conjunct or before a sign."""
    pieces: list[str] = []
    for char in word:
        joins = pieces and (unicodedata.category(char) in ("Mn", "Mc") or char in "\u200c\u200d"
                            or pieces[-1][-1] in "\u09cd\u200c\u200d")
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


@lru_cache(maxsize=65536)
def _length(font: Face, text: str) -> float:
    return font.getlength(text)


def _wrap(text: str, font: Face, width: int) -> list[str]:
    """Greedy line breaking at spaces, each word measured once, shaped; a word wider than the
    line is broken between its letters."""
    lines: list[str] = []
    current, used, space = "", 0.0, _length(font, " ")
    for word in text.split():
        size = _length(font, word)
        if current and used + space + size <= width:
            current, used = f"{current} {word}", used + space + size
            continue
        if current:
            lines.append(current)
        current, used = "", 0.0
        for piece in _pieces(word) if size > width else [word]:
            if current and font.getlength(current + piece) > width:
                lines.append(current)
                current = ""
            current += piece
        used = _length(font, current)
    if current:
        lines.append(current)
    return lines


def _fit(text: str, font: Face, width: int, most: int) -> list[str]:
    """At most `most` lines; when more are needed, the last one ends in an ellipsis."""
    lines = _wrap(text, font, width)
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else "".join(_pieces(last)[:-1])
    return lines[:most - 1] + [last + " …"]


def _stack(blocks) -> tuple[list[Line], int]:
    """The title's lines from TITLE_TOP down, each block (lines, bold, size, line height, fill)
    under the last; and the baseline of the office's line under them."""
    top, lines = TITLE_TOP, []
    for texts, bold, size, height, fill in blocks:
        for text in texts:
            lines.append(Line(text, bold, size, MARGIN, top + size, fill))
            top += round(size * height)
    return lines, top + OFFICE_SIZE


def layout(content: Card, fonts: Fonts, engine=ImageFont.Layout.RAQM) -> list[Line]:
    """Every line of text on an image besides the site's name, where it goes and how large: the
    Bengali title at the largest size at which it fits whole with the English title under it
    (at most ENGLISH_LINES); else at the smallest, with each cut by an ellipsis as needed."""
    width = WIDTH - 2 * MARGIN
    english_face = fonts.get(False, ENGLISH_SIZE, engine)
    english = _wrap(content.english, english_face, width)[:ENGLISH_LINES]

    def stacked(title: list[str], size: int, english: list[str]) -> tuple[list[Line], int]:
        lines, office = _stack(((title, True, size, LINE_HEIGHT, INK),
                                (english, False, ENGLISH_SIZE, ENGLISH_LINE_HEIGHT, ENGLISH)))
        return lines, office + (ENGLISH_GAP if english else 0)

    for size, most in TITLE_SIZES:
        title = _wrap(content.title, fonts.get(True, size, engine), width)
        if len(title) <= most and stacked(title, size, english)[1] <= OFFICE_LOWEST:
            english_most = ENGLISH_LINES
            break
    else:  # the smallest size's lines, and one line of English, fit above the office
        title, english_most = _fit(content.title, fonts.get(True, size, engine), width, most), 1
    lines, office = stacked(title, size, _fit(content.english, english_face, width, english_most))
    for text, size, baseline in ((content.office, OFFICE_SIZE, office), (content.facts, FACTS_SIZE, HEIGHT - 48)):
        lines.extend(Line(part, False, size, MARGIN, baseline, GREY)
                     for part in _fit(text, fonts.get(False, size, engine), width, 1))
    return lines


@lru_cache(maxsize=4)
def _background(site: tuple[str, ...], fonts: Fonts, engine) -> Image.Image:
    """What every image has: the bands and the site's name, in Bengali on the left and in
    English on the right."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, BAND - 1), fill=BAND_GREEN)
    draw.rectangle((0, BAND, WIDTH, BAND + 5), fill=RED)
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=BAND_GREEN)
    face = fonts.get(True, 36, engine)
    bengali, english = site
    face.draw(draw, MARGIN, BAND // 2 + 13, bengali, BAND_WHITE)
    face.draw(draw, WIDTH - MARGIN - face.getlength(english), BAND // 2 + 13, english, BAND_WHITE)
    return image


def render(content: Card, fonts: Fonts, engine=ImageFont.Layout.RAQM) -> Image.Image:
    image = _background(content.site, fonts, engine).copy()
    draw = ImageDraw.Draw(image)
    for line in layout(content, fonts, engine):
        fonts.get(line.bold, line.size, engine).draw(draw, line.x, line.baseline, line.text, line.fill)
    image = image.point(_INDEX)
    image.putpalette(_PALETTE)
    return image


# ---- publishing --------------------------------------------------------------------------------

def require_shaping() -> None:
    """Stop the build when Pillow cannot shape Bengali: unshaped text would be published."""
    if not features.check("raqm"):
        raise PluginError(both("build.no_shaping"))


def cache_folder(config) -> Path:
    return Path(config.config_file_path).parent / ".cache" / "share-images"


def plan(rel, config, limit: int | None = DRAWN_PER_BUILD, last: dict | None = None,
         digest: Callable[[object], int] | None = None) -> dict[str, tuple[str, Path, Card | None]]:
    """{slug: (site path, PNG in the cache, what it shows)} for the images this build publishes,
    one an innovation: every one already in the cache, and up to `limit` not yet drawn, the most
    recently updated innovations first (None: all). A page whose image is not among them shows
    the site's own picture until a later build draws it, so a build with an empty cache stays
    bounded.

    `last`, a deploy's (`remembered` of the last build's plan): an innovation whose `digest` is
    the one it had then, and whose image is still in the cache, keeps it; its card (what the
    image shows, needed only to draw it) is not made again."""
    require_shaping()
    fonts = Fonts(Path(config.theme.custom_dir))
    cache = cache_folder(config)
    cache.mkdir(parents=True, exist_ok=True)
    cached = set(os.listdir(cache))  # one listing, not a look-up for each of 10,000 images
    out = {}
    records = rel.bank.ideas.values()
    if limit is not None:
        records = sorted(records, key=lambda r: (rel.updated_on(r), r.slug), reverse=True)
    for record in records:
        was = last.get(record.slug) if last else None
        if (was is not None and was[1] in cached and _NAME.fullmatch(was[1])
                and was[0] == digest(record)):
            out[record.slug] = (SITE_PATH + was[1], cache / was[1], None)
            continue
        content = card(record, rel.bank)
        name = file_name(content, fonts)
        if limit is not None and name not in cached:
            if limit <= 0:
                continue
            limit -= 1
        out[record.slug] = (SITE_PATH + name, cache / name, content)
    return out


def remembered(planned: dict, bank, digest: Callable[[object], int]) -> dict[str, tuple[int, str | None]]:
    """What the next build's `plan` starts from: each innovation's digest and the name of its
    image (None when this build did not plan it)."""
    return {slug: (digest(record), planned[slug][1].name if slug in planned else None)
            for slug, record in bank.ideas.items()}


def draw(path: Path, content: Card, fonts: Fonts) -> bool:
    """Draw the image into the cache unless it is there; True when it was drawn."""
    if path.exists():
        return False
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    render(content, fonts).save(partial, "PNG", compress_level=COMPRESS_LEVEL)
    os.replace(partial, path)  # never a half-written image under the final name
    return True


def place(source: Path, target: Path) -> None:
    """A cached image into the site: a hard link where the file system allows one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def report(planned: dict, drawn: int, config) -> None:
    if drawn:
        log.info("Drew %d share images (%d kept from earlier builds in %s)", drawn, len(planned) - drawn,
                 cache_folder(config))
    _prune(cache_folder(config), {path.name for _, path, _ in planned.values()})


def publish(rel, config, **_) -> dict[str, Path]:
    """{site path: cached PNG} for every innovation, drawing every missing one (the plugin has its
    render workers draw them instead, a bounded number per build)."""
    planned = plan(rel, config, limit=None)
    fonts = Fonts(Path(config.theme.custom_dir))
    drawn = sum(draw(path, content, fonts) for _, path, content in planned.values())
    report(planned, drawn, config)
    return {site: path for site, path, _ in planned.values()}


def _prune(cache: Path, used: set[str]) -> None:
    """Forget images of old titles, leaving a day's grace to builds of other content."""
    old = time.time() - KEEP_UNUSED_DAYS * 86400
    for path in cache.iterdir():
        if path.name not in used and path.stat().st_mtime < old:
            path.unlink(missing_ok=True)
