"""Pictures of content/media as an officer adds them and as a citizen's phone gets them: a picture
too heavy or too large for a phone's page is refused by `innobank validate` (from its header: a
20000×20000 PNG is never decoded); the site publishes a phone's photo without its EXIF (GPS
position, camera), XMP or comments, with the same pixels, turned the same way, the same bytes on
every build; a picture no innovation shows is reported. Also here: a file name too long for the
site's files is refused before the build starts."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from PIL import Image

from generator import media
from generator.load import load
from generator.load.tree import NAME_LIMIT, PICTURE_BYTES, PICTURE_SIDE
from test_content_tree import _project, picture, refused, validate
from test_validate import IDEA, edit

GPS, MODEL, ORIENTATION = 0x8825, 0x0110, 0x0112


@pytest.fixture
def root(tmp_path, monkeypatch):
    from test_validate import write_tree

    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path)
    (tmp_path / "content" / "media").mkdir()
    return tmp_path


def shows(root: Path, *names: str) -> None:
    """The innovation lists these pictures of content/media under images:."""
    images = "".join(f"  - src: media/{name}\n    alt: {{bn: ছবি, en: A picture}}\n" for name in names)
    (root / "content" / "ideas" / "online-leave.md").write_text(edit(IDEA, "links:", f"images:\n{images}links:"),
                                                                 encoding="utf-8")


def png_header(width: int, height: int) -> bytes:
    """A PNG of this size whose pixels are all one colour: a few KB that decode to width × height."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = zlib.compressobj(9)
    data = b"".join(rows.compress(b"\x00" * (width + 1)) for _ in range(64)) + rows.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def phone_photo(orientation: int = 6) -> bytes:
    """A JPEG as a phone saves it: EXIF with the GPS position and the camera, XMP and a comment."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MODEL] = "Pixel 7 Pro"
    exif[0x010F] = "Google"
    exif[GPS] = {1: "N", 2: (23.0, 32.0, 51.6), 3: "E", 4: (90.0, 24.0, 10.2)}
    image = Image.new("RGB", (64, 48), (0, 106, 78))
    image.paste((198, 40, 40), (0, 0, 16, 12))  # a corner, to tell which way it is turned
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Taken at the UNO's house", quality=92,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="23,32.86N"/></x:xmpmeta>')
    return out.getvalue()


# ---- what validate refuses ----------------------------------------------------------------------

def test_a_picture_heavier_than_a_phone_page_should_load_is_refused(root, capsys):
    path = root / "content" / "media" / "scan.png"
    path.write_bytes(png_header(640, 480))
    os.truncate(path, 72 * 1024 * 1024)  # 72 MB (a sparse file: the test writes no 72 MB)
    shows(root, "scan.png")
    p = refused(root, capsys, "content/media/scan.png", "image_bytes")
    assert "73728 KB" in p["en"] and f"{PICTURE_BYTES // 1024} KB (5 MB)" in p["en"]
    assert "৭৩৭২৮ কেবি" in p["bn"] and "৫১২০ কেবি" in p["bn"]
    assert "media/scan.png" not in load(root / "content")[0].media


def jpeg_header(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) says this size: 65000 × 65000 would take 16 GB."""
    data = picture("JPEG", (8, 8))
    frame = data.index(b"\xff\xc0")
    return data[:frame + 5] + struct.pack(">HH", height, width) + data[frame + 9:]


@pytest.mark.parametrize("name, data, size", [
    ("plan.png", png_header(20000, 20000), "20000 × 20000"),
    ("banner.webp", picture("WEBP", (PICTURE_SIDE + 1, 8)), f"{PICTURE_SIDE + 1} × 8"),
    ("tall.jpg", picture("JPEG", (8, PICTURE_SIDE + 1)), f"8 × {PICTURE_SIDE + 1}"),
    ("poster.jpg", jpeg_header(65000, 65000), "65000 × 65000"),  # Image.open would refuse it with no size
])
def test_a_picture_with_more_pixels_than_a_phone_can_show_is_refused_from_its_header(root, capsys, name, data, size):
    """The 20000×20000 PNG is a few KB and would take 1.6 GB to decode: validate reads its header
    alone (the memory it takes shows it never decodes the picture)."""
    (root / "content" / "media" / name).write_bytes(data)
    shows(root, name)
    tracemalloc.start()
    try:
        p = refused(root, capsys, f"content/media/{name}", "image_pixels")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert size in p["en"] and str(PICTURE_SIDE) in p["en"]
    assert size.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")) in p["bn"]
    assert f"media/{name}" not in load(root / "content")[0].media


def test_a_picture_at_the_limits_is_accepted(root, capsys):
    (root / "content" / "media" / "wide.png").write_bytes(picture("PNG", (PICTURE_SIDE, 4)))
    (root / "content" / "media" / "photo.jpg").write_bytes(phone_photo())
    shows(root, "wide.png", "photo.jpg")
    assert validate(root, capsys) == (0, [])


def test_a_picture_whose_header_is_broken_is_refused(root, capsys):
    (root / "content" / "media" / "cut.png").write_bytes(picture("PNG")[:20])
    shows(root, "cut.png")
    refused(root, capsys, "content/media/cut.png", "image_content")


def test_a_picture_no_innovation_shows_is_reported(root, capsys):
    for name in ("help-desk.png", "old-photo.jpg"):
        (root / "content" / "media" / name).write_bytes(picture("PNG" if name.endswith("png") else "JPEG"))
    shows(root, "help-desk.png")
    status, found = validate(root, capsys)
    assert status == 1 and [(p["file"], p["code"]) for p in found] == [("content/media/old-photo.jpg", "unused_image")]
    assert "images:" in found[0]["en"] and "images:" in found[0]["bn"]
    shows(root, "help-desk.png", "old-photo.jpg")
    assert validate(root, capsys) == (0, [])


def test_no_picture_is_called_unused_while_an_innovation_fails_to_load(root, capsys):
    """The innovation that did not load may be the one that lists it: only its own problem shows."""
    (root / "content" / "media" / "help-desk.png").write_bytes(picture("PNG"))
    shows(root, "help-desk.png")
    path = root / "content" / "ideas" / "online-leave.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: digitisation", "kind: magic"), encoding="utf-8")
    status, found = validate(root, capsys)
    assert status == 1 and "unused_image" not in {p["code"] for p in found}


# ---- a file name the site's files cannot take ----------------------------------------------------

def test_a_file_name_too_long_for_the_site_is_refused_before_the_build(tmp_path, monkeypatch, capsys):
    """A 251-character name stopped the build with a traceback (api/v1/ideas/<name>.json is 256
    characters, one more than a file system takes): it is refused with the file and a sentence."""
    project = _project(tmp_path)
    ideas = project / "content" / "ideas"
    long = "-".join(["online-leave-approval"] * 12)[:251].rstrip("-")
    assert len(long) > NAME_LIMIT
    (ideas / "online-leave.md").rename(ideas / f"{long}.md")
    (ideas / "online-leave.en.md").unlink()  # (its name, 257 characters, is more than a file system takes)
    monkeypatch.chdir(project)
    p = refused(project, capsys, f"content/ideas/{long}.md", "long_file_name")
    assert f"{len(long)} characters" in p["en"] and f"at most {NAME_LIMIT}" in p["en"] and "১০০" in p["bn"]
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True)
    assert build.returncode != 0 and "Traceback" not in build.stderr and "File name too long" not in build.stderr
    assert f"content/ideas/{long}.md" in build.stderr
    assert f"The file name is {len(long)} characters long; it may be at most {NAME_LIMIT}" in build.stderr
    assert "ফাইলের নামটি" in build.stderr and not (project / "site").exists()


# ---- what the site publishes ---------------------------------------------------------------------

def test_the_site_publishes_a_phone_photo_without_where_it_was_taken(tmp_path):
    """The photo's GPS position, camera, XMP and comment are not in the site's copy; its pixels
    are the same, and it is turned as the phone said (the orientation tag alone is kept). The
    innovation's page shows it. The site's bytes are those any build makes of the photo."""
    project = _project(tmp_path)
    photo = phone_photo()
    (project / "content" / "media" / "help-desk.png").unlink()
    (project / "content" / "media" / "help-desk.jpg").write_bytes(photo)
    idea = project / "content" / "ideas" / "online-leave.md"
    idea.write_text(idea.read_text(encoding="utf-8").replace("help-desk.png", "help-desk.jpg"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    published = (project / "site" / "media" / "help-desk.jpg").read_bytes()
    for secret in (b"Pixel 7", b"Google", b"UNO's house", b"xmpmeta", b"GPSLatitude"):
        assert secret in photo and secret not in published, secret
    with Image.open(io.BytesIO(published)) as image, Image.open(io.BytesIO(photo)) as original:
        exif = image.getexif()
        assert dict(exif) == {ORIENTATION: 6} and not exif.get_ifd(GPS)
        assert not {"comment", "xmp"} & image.info.keys()
        assert image.tobytes() == original.tobytes()  # not encoded again: the very pixels
    assert published == media.stripped(photo) == media.stripped(published)
    page = (project / "site" / "ideas" / "online-leave" / "index.html").read_text(encoding="utf-8")
    assert "media/help-desk.jpg" in page


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_a_png_or_webp_loses_its_metadata_and_keeps_its_pixels(format):
    exif = Image.Exif()
    exif[MODEL], exif[GPS] = "Pixel 7 Pro", {1: "N", 2: (23.0, 32.0, 51.6)}
    image = Image.new("RGBA", (16, 9), (0, 106, 78, 200))
    out = io.BytesIO()
    if format == "PNG":
        from PIL.PngImagePlugin import PngInfo
        info = PngInfo()
        info.add_text("Comment", "Taken at the UNO's house")
        info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta/>")
        image.save(out, "PNG", exif=exif, pnginfo=info)
    else:
        image.save(out, "WEBP", exif=exif, xmp=b"<x:xmpmeta/>", lossless=True)
    data = out.getvalue()
    clean = media.stripped(data)
    for secret in (b"Pixel 7", b"xmpmeta"):
        assert secret in data and secret not in clean
    with Image.open(io.BytesIO(clean)) as copy, Image.open(io.BytesIO(data)) as original:
        assert not copy.getexif() and copy.tobytes() == original.tobytes()


def test_what_follows_a_jpeg_s_picture_is_not_published():
    """A Motion Photo puts a video after the picture's end; it is left out, and so is a thumbnail."""
    photo = phone_photo(orientation=1)
    clean = media.stripped(photo + b"ftypmp42 the video, with its own GPS track")
    assert clean.endswith(b"\xff\xd9") and b"ftyp" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif()


def _junk_before_a_marker(jpeg: bytes) -> bytes:
    """The JPEG with a stray byte after its first segment: decoders skip it (libjpeg warns of an
    extraneous byte), the segment walker does not, so the picture is decoded and encoded again."""
    end = 4 + int.from_bytes(jpeg[4:6], "big")
    return jpeg[:end] + b"\x00" + jpeg[end:]


def test_a_jpeg_encoded_again_keeps_no_metadata_and_is_turned_as_the_phone_said():
    """A JPEG the segment walker cannot read through is encoded again by Pillow: without the GPS
    position, the camera, XMP or the comment (Pillow writes a picture's comment unless told not
    to), with its colour profile, upright, so that it needs no orientation, and the same bytes on
    every build."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    with Image.open(io.BytesIO(phone_photo(orientation=6))) as original:
        out = io.BytesIO()
        original.save(out, "JPEG", exif=original.getexif(), comment=original.info["comment"],
                      xmp=original.info["xmp"], icc_profile=profile, quality=92)
    photo = _junk_before_a_marker(out.getvalue())
    with pytest.raises(media.Unreadable):
        media._jpeg(photo, 6)
    clean = media.stripped(photo)
    for secret in (b"Pixel 7", b"Google", b"UNO's house", b"xmpmeta", b"GPSLatitude"):
        assert secret in photo and secret not in clean, secret
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (48, 64) and not image.getexif() and not {"comment", "xmp"} & image.info.keys()
        assert image.info["icc_profile"] == profile
        assert image.getpixel((40, 2))[0] > 150 and image.getpixel((2, 2))[0] < 60  # the red corner: top right
    assert clean == media.stripped(photo)


# Where a picture's stored top-left and top-right pixels are seen, for each EXIF orientation
# (the TIFF specification's 1–8), in a picture stored 3 wide and 2 high.
_SEEN = {1: ((0, 0), (2, 0), (3, 2)), 2: ((2, 0), (0, 0), (3, 2)), 3: ((2, 1), (0, 1), (3, 2)),
         4: ((0, 1), (2, 1), (3, 2)), 5: ((0, 0), (0, 2), (2, 3)), 6: ((1, 0), (1, 2), (2, 3)),
         7: ((1, 2), (1, 0), (2, 3)), 8: ((0, 2), (0, 0), (2, 3))}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_png_encoded_again_is_turned_as_its_orientation_says(orientation):
    """A PNG without its end (IEND), which Pillow reads and the chunk walker does not: encoded
    again, its pixels turned so that it is seen as its EXIF orientation said, and no EXIF kept."""
    exif = Image.Exif()
    exif[ORIENTATION], exif[GPS] = orientation, {1: "N", 2: (23.0, 32.0, 51.6)}
    image = Image.new("RGB", (3, 2), (0, 0, 0))
    image.putpixel((0, 0), (255, 0, 0))
    image.putpixel((2, 0), (0, 255, 0))
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif)
    data = out.getvalue()[:-12]  # IEND left out
    clean = media.stripped(data)
    red, green, size = _SEEN[orientation]
    with Image.open(io.BytesIO(clean)) as copy:
        assert copy.format == "PNG" and copy.size == size and not copy.getexif()
        assert copy.getpixel(red) == (255, 0, 0) and copy.getpixel(green) == (0, 255, 0)
    assert clean == media.stripped(data)
