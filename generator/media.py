"""The pictures of content/media as the site publishes them: without what a camera or an editor
wrote beside the picture. A phone's JPEG carries EXIF (the GPS position where it was taken, the
camera's model and serial number, the time), XMP and comments; PNG and WebP carry text, EXIF and
XMP chunks too. An officer's photo would tell the world where it was taken.

They are left out segment by segment, not by decoding and encoding the picture again: the pixels
stay exactly as they were (a JPEG encoded again loses quality), the same bytes always give the
same bytes, and it costs about a copy. Kept is only what shows the picture as it was shown: what
the decoder needs (JPEG's tables, frames and scans; PNG's IHDR, PLTE, IDAT, IEND; WebP's image,
alpha and animation chunks), the colour profile and colour chunks (without them colours shift),
and the picture's orientation, written again as an EXIF of that one tag, since a browser turns a
phone's photo by it. Everything else is left out: every other segment or chunk, a thumbnail, and
whatever follows the end of the picture (a Motion Photo's video, MPF's second pictures). A file
this cannot read through (load.tree read only its header) is decoded and encoded again by Pillow.

Each picture is kept in .cache/media/ under a digest of its bytes and of this code: a build reads
each picture to digest it, and writes only the ones it has not seen. MkDocs copies the cached file
into the site, under the picture's own name."""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import time
import zlib
from functools import lru_cache
from pathlib import Path

import PIL
from mkdocs.structure.files import File
from PIL import Image, ImageOps

from .load import ContentError, Problem
from .load.source import open_regular, unreadable
from .load.tree import shown_path

KEEP_UNUSED_DAYS = 1  # cached pictures no build used are removed after this (another build may want them)
ORIENTATION = 0x0112  # the EXIF tag
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # in entropy-coded data: not stuffing, not RSTn
# JPEG segments kept: frames and tables (SOF0–15, DHT, DAC), scans, DQT, DNL, DRI, DHP, EXP
_JPEG_KEPT = set(range(0xC0, 0xD0)) | {0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
# ... and of the application segments, the colour profile (APP2) and Adobe's colour transform (APP14)
_JPEG_APP_KEPT = {0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
             b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT"}
_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04  # the VP8X chunk's flags that say EXIF or XMP follows


class Unreadable(ValueError):
    """The file is not built as its format says: it is encoded again instead (_reencoded)."""


def files(bank, config) -> list[File]:
    """A File for each picture of the bank (bank.media), whose source is its copy without
    metadata in the cache: MkDocs copies that into the site under the picture's name."""
    cache = cache_folder(config)
    cache.mkdir(parents=True, exist_ok=True)
    made, used = [], set()
    for name in sorted(bank.media):
        cached = _cached(bank.root / name, cache)
        used.add(cached.name)
        made.append(File.generated(config, name, abs_src_path=str(cached)))
    _prune(cache, used)
    return made


def cache_folder(config) -> Path:
    return Path(config.config_file_path).parent / ".cache" / "media"


def stripped(data: bytes) -> bytes:
    """The picture's bytes without metadata (PNG, JPEG or WebP, as its first bytes say)."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data, _orientation(data))
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data, _orientation(data))
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data, _orientation(data))
    except (Unreadable, IndexError):
        pass
    return _reencoded(data)


def _cached(source: Path, cache: Path) -> Path:
    """The picture's copy without metadata in the cache, made unless it is there. Its time is
    set to now: `mkdocs serve --dirty` copies a file newer than the site's, and _prune keeps it."""
    try:
        fd, _ = open_regular(source)  # a file swapped for a link since the listing is not followed
        with os.fdopen(fd, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ContentError([unreadable(shown_path(source), error)]) from None
    digest = hashlib.sha256(_version() + data).hexdigest()[:40]
    cached = cache / f"{digest}{source.suffix}"
    if cached.exists():
        os.utime(cached)
        return cached
    try:
        out = stripped(data)
    except Unreadable:
        raise ContentError([Problem.of(shown_path(source), 1, 1, "", "image_content",
                                       kind=source.suffix[1:].upper())]) from None
    partial = cached.with_name(f".{cached.name}.{os.getpid()}")
    partial.write_bytes(out)
    os.replace(partial, cached)
    return cached


@lru_cache(maxsize=1)
def _version() -> bytes:
    """What decides the bytes made from a picture besides its own: this code and Pillow's version."""
    return hashlib.sha256(Path(__file__).read_bytes() + PIL.__version__.encode()).digest()


def _prune(cache: Path, used: set[str]) -> None:
    """Remove the cached pictures no build has used for KEEP_UNUSED_DAYS."""
    old = time.time() - KEEP_UNUSED_DAYS * 86400
    for path in cache.iterdir():
        try:
            if path.name not in used and path.stat().st_mtime < old:
                path.unlink()
        except FileNotFoundError:
            pass  # another build removed it


def _orientation(data: bytes) -> int:
    """The EXIF orientation (1–8) the picture is shown in; 1, as it is stored, when it has none."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(ORIENTATION, 1)
    except Exception:  # an EXIF Pillow cannot read: the picture is shown as it is stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _exif(orientation: int) -> bytes:
    """An EXIF block (TIFF, big-endian) of the orientation alone."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()[len(b"Exif\x00\x00"):]


def _jpeg(data: bytes, orientation: int) -> bytes:
    """A JPEG's segments that are kept, to the end of its first picture (EOI)."""
    out = [b"\xff\xd8"]
    if orientation != 1:
        payload = b"Exif\x00\x00" + _exif(orientation)
        out.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    pos = 2
    while True:
        if data[pos] != 0xFF:
            raise Unreadable
        while data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker = data[pos + 1]
        if marker == 0xD9:  # EOI: what follows is not this picture
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.append(data[pos:pos + 2])
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise Unreadable
        signature = _JPEG_APP_KEPT.get(marker)
        if marker in _JPEG_KEPT or (signature is not None and data.startswith(signature, pos + 4)):
            out.append(data[pos:end])
        pos = end
        if marker == 0xDA:  # a scan: its entropy-coded data runs to the next marker
            found = _JPEG_MARKER.search(data, pos)
            if found is None:
                raise Unreadable
            out.append(data[pos:found.start()])
            pos = found.start()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png(data: bytes, orientation: int) -> bytes:
    """A PNG's kept chunks, to IEND; the orientation in an eXIf chunk after IHDR."""
    out, pos = [data[:8]], 8
    while True:
        if pos + 12 > len(data):
            raise Unreadable
        length, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data) or (pos == 8) != (kind == b"IHDR"):
            raise Unreadable
        if kind in _PNG_KEPT:
            out.append(data[pos:end])
        if kind == b"IHDR" and orientation != 1:
            out.append(_png_chunk(b"eXIf", _exif(orientation)))
        pos = end
        if kind == b"IEND":
            return b"".join(out)


def _webp(data: bytes, orientation: int) -> bytes:
    """A WebP's kept chunks; the VP8X flags say no XMP, and EXIF only for the orientation."""
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size
    if end > len(data) or size < 4:
        raise Unreadable
    chunks, pos = [], 12
    while pos < end:
        if pos + 8 > end:
            raise Unreadable
        kind, length = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        stop = pos + 8 + length + (length & 1)
        if pos + 8 + length > end:
            raise Unreadable
        if kind in _WEBP_KEPT:
            chunks.append(bytearray(data[pos:pos + 8 + length] + b"\x00" * (length & 1)))
        pos = stop
    if not chunks:
        raise Unreadable
    if chunks[0][:4] == b"VP8X":
        chunks[0][8] &= ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF
        if orientation != 1:
            exif = _exif(orientation)
            chunks[0][8] |= _VP8X_EXIF
            chunks.append(bytearray(b"EXIF" + struct.pack("<I", len(exif)) + exif + b"\x00" * (len(exif) & 1)))
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _reencoded(data: bytes) -> bytes:
    """The picture decoded and encoded again in its format by Pillow, turned as its orientation
    says, with its colour profile and nothing else Pillow read beside it: Pillow writes some of
    that unasked (a JPEG's comment). Unreadable if Pillow cannot read it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            format, profile = image.format, image.info.get("icc_profile")
            picture = ImageOps.exif_transpose(image)  # a copy, decoded and turned
    except Exception as error:  # Pillow's decoders raise many kinds on a broken file
        raise Unreadable from error
    picture.info = {}  # the EXIF exif_transpose leaves (all but the orientation), XMP, comments
    kept = {"icc_profile": profile} if profile else {}
    out = io.BytesIO()
    if format == "JPEG":
        picture.convert("RGB" if picture.mode not in ("L", "RGB", "CMYK") else picture.mode).save(out, "JPEG", quality=90, **kept)
    elif format == "WEBP":
        picture.save(out, "WEBP", quality=90, **kept)
    else:
        picture.save(out, "PNG", **kept)
    return out.getvalue()
