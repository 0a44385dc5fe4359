"""What content/ may hold, tried as a hostile pull request would (issue 12: items 1, 2, 11 and a
number in a file name). content/ holds the content files of ideas/, teams/ and offices/ and PNG,
JPEG or WebP pictures in media/; anything else — a symbolic link (to /etc/passwd, /proc/self/
environ, /dev/zero, or a folder such as /etc), an .svg, .html or stray .md, a folder the bank
does not know — is refused by `innobank validate` with the file and a sentence in English and
Bengali, is never opened, and never reaches the site. Pictures come from content/media only: a
picture from another host, or one placed in the Markdown text, is refused with file, line and
field. Names that would take a listing page's address (teams/2) or publish a mobile number are
refused. Every test builds a small content tree in tmp_path; one builds a small site."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from generator.load import load
from generator.pages import listing
from generator.sanitise import sanitise
from sitebuild import ROOT
from test_validate import IDEA, IDEA_EN, TEAM, edit, line_of, write_tree



def picture(format: str, size: tuple[int, int] = (8, 6), **options) -> bytes:
    """A small picture in the format, as Pillow saves it (load.tree reads its header)."""
    out = io.BytesIO()
    Image.new("RGB", size, (0, 106, 78)).save(out, format=format, **options)
    return out.getvalue()


PNG, JPEG, WEBP = picture("PNG"), picture("JPEG"), picture("WEBP")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
SECRET = "INNOBANK-DEPLOY-TOKEN-4f3a"  # what a host file holds that must never be published


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A repository folder with a valid bank, as the working directory (problems then name
    files as an officer sees them: content/…)."""
    monkeypatch.chdir(tmp_path)
    return write_tree(tmp_path)


def validate(root: Path, capsys) -> tuple[int, list[dict]]:
    """`innobank validate --format json`: exit code and problems; the human format must show the
    same problems in both languages, without a traceback."""
    capsys.readouterr()
    code = main(["--root", str(root), "validate", "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    assert main(["--root", str(root), "validate"]) == code
    human = capsys.readouterr()
    assert "Traceback" not in human.out + human.err
    for p in found:
        assert p["file"] in human.out and p["en"] in human.out and p["bn"] in human.out
        assert p["en"] != p["bn"] and any("\u0980" <= c <= "\u09ff" for c in p["bn"])
    return code, found


def refused(root: Path, capsys, file: str, code: str) -> dict:
    """Validation fails, and names the file with the given problem code."""
    status, found = validate(root, capsys)
    assert status == 1, found
    hits = [p for p in found if p["file"] == file and p["code"] == code]
    assert hits, f"{file}: no {code} in {[(p['file'], p['code']) for p in found]}"
    return hits[0]


# Records every file this process opens, to show a link is never opened (not merely not copied).
_OPENED: list | None = None


def _audit(event, args):
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@contextlib.contextmanager
def opened():
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


# ---- symbolic links: refused, never opened, never published -------------------------------------

HOST_FILES = ["/etc/passwd", "/proc/self/environ", "/dev/zero"]


@pytest.mark.parametrize("target", HOST_FILES)
@pytest.mark.parametrize("link", ["media/logo.png", "media/notes.txt", "ideas/leak.md", "offices/leak.yaml",
                                  "index.md"])
def test_a_link_to_a_host_file_is_refused_and_never_opened(root, capsys, link, target):
    path = root / "content" / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    with opened() as files:
        p = refused(root, capsys, f"content/{link}", "symlink")
    assert str(path) not in files and target not in files
    assert "link" in p["en"] and "লিংক" in p["bn"] and p["line"] == 1


@pytest.mark.parametrize("target", HOST_FILES)
def test_a_hidden_entry_is_never_opened_or_loaded(root, capsys, target):
    """Hidden names (.gitkeep, an editor's swap file, Emacs's .#lock links) are neither read nor
    published (see the build test below), and not reported: editors make them while one works."""
    for name in ("teams/.leak.md", "media/.#logo.png", ".env"):
        (root / "content" / name).parent.mkdir(exist_ok=True)
        (root / "content" / name).symlink_to(target)
    (root / "content" / "ideas" / ".online-leave.md.swp").write_bytes(b"\x00binary")
    with opened() as files:
        assert validate(root, capsys) == (0, [])
        bank, _ = load(root / "content")
    content = str(root / "content")  # (validate's own cache is in .cache/ beside it)
    assert not [f for f in files if f.startswith(content) and "/." in f[len(content):]] and target not in files
    assert sorted(bank.teams) == ["lgd-innovation-team"] and bank.media == set()


@pytest.mark.parametrize("name, shown, code", [
    ("ideas/..md", "ideas/..md", "hidden_file"),
    ("ideas/.online-leave-draft.md", "ideas/.online-leave-draft.md", "hidden_file"),
    ("offices/.x.yaml", "offices/.x.yaml", "hidden_file"),
    ("teams/.lgd.yml", "teams/.lgd.yml", "hidden_file"),
    ("media/.help-desk.jpg", "media/.help-desk.jpg", "hidden_file"),
    (".x/online-leave.md", ".x", "hidden_folder"),
    ("ideas/.drafts/deep/online-leave.md", "ideas/.drafts", "hidden_folder"),
    ("ideas/online-leave.en.en.md", "ideas/online-leave.en.en.md", "double_suffix"),
])
def test_a_file_meant_as_content_is_reported_not_dropped(root, capsys, name, shown, code):
    """A name typed with a dot, a copy saved hidden, an English body named twice: the officer may
    think it is published. It is reported with the file and a sentence saying what to do."""
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(JPEG if name.endswith(".jpg") else IDEA_EN.encode())
    p = refused(root, capsys, f"content/{shown}", code)
    assert p["line"] == 1 and ("." in p["en"] or "online-leave.md" in p["en"])


def test_hidden_files_that_are_not_content_stay_unreported(root, capsys):
    """What editors, git and systems leave: .gitkeep, .DS_Store, Emacs's .#x.md, macOS's ._x.md,
    an editor's settings folder."""
    for name in ("ideas/.gitkeep", ".DS_Store", "ideas/.#online-leave.md", "ideas/._online-leave.md",
                 ".vscode/settings.json", "teams/.lgd-innovation-team.md.swp"):
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_bytes(b"\x00\x05\x16\x07 not content")
    assert validate(root, capsys) == (0, [])


def test_a_link_to_a_content_file_is_refused_too(root, capsys):
    """Even a link inside content/ is refused: whether a link stays inside is not worth deciding."""
    (root / "content" / "ideas" / "leave-copy.md").symlink_to("online-leave.md")
    refused(root, capsys, "content/ideas/leave-copy.md", "symlink")


@pytest.mark.parametrize("folder", ["ideas", "teams", "offices", "media", "media/more", "ideas/more"])
def test_a_linked_folder_is_refused_and_not_followed(root, capsys, tmp_path_factory, folder):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "online-leave.md").write_text(IDEA, encoding="utf-8")  # valid content: it would load
    (outside / "secret.png").write_bytes(PNG)
    link = root / "content" / folder
    if link.is_dir():
        shutil.rmtree(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    with opened() as files:
        refused(root, capsys, f"content/{folder}", "symlink")
        bank, _ = load(root / "content")
    assert not [f for f in files if f.startswith(str(outside))]
    assert "secret.png" not in str(bank.media)


def test_content_itself_may_not_be_a_link(tmp_path, capsys, monkeypatch):
    real = write_tree(tmp_path / "elsewhere") / "content"
    (tmp_path / "content").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    refused(tmp_path, capsys, "content", "symlink")


def _project(tmp_path: Path) -> Path:
    """A site project (mkdocs.yml, theme, a valid bank with one picture) in tmp_path."""
    tmp_path.mkdir(exist_ok=True)
    for name in ("mkdocs.yml", "theme"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    write_tree(tmp_path, ideas={"online-leave.md": edit(IDEA, "links:", 'images:\n  - src: media/help-desk.png\n'
                                                        '    alt: {bn: হেল্প ডেস্ক, en: The help desk}\nlinks:'),
                                "online-leave.en.md": IDEA_EN})
    (tmp_path / "content" / "media").mkdir()
    (tmp_path / "content" / "media" / "help-desk.png").write_bytes(PNG)
    return tmp_path


def test_the_build_refuses_a_linked_host_file_and_publishes_nothing(tmp_path):
    host = tmp_path / "host"
    host.mkdir()
    (host / "environ").write_text(f"GITHUB_TOKEN={SECRET}\n", encoding="utf-8")
    project = _project(tmp_path / "project")
    (project / "content" / "media" / "environ.png").symlink_to(host / "environ")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "content/media/environ.png" in result.stderr and "symbolic link" in result.stderr
    leaked = []
    for folder, _, names in os.walk(project):  # never into a link
        for name in names:
            path = Path(folder) / name
            if not path.is_symlink() and SECRET.encode() in path.read_bytes():
                leaked.append(str(path))
    assert leaked == [] and not (project / "site").exists()


def test_the_build_stops_at_looping_folder_links_before_mkdocs_walks_them(tmp_path):
    """MkDocs lists docs_dir following links before any plugin sees a file: two links back to
    their own folder made that listing grow without end. The timeout only guards against a hang."""
    project = _project(tmp_path)
    for name in ("a", "b"):
        (project / "content" / "media" / name).symlink_to(".")
    (project / "content" / ".cache").mkdir()
    (project / "content" / ".cache" / "loop").symlink_to("..")  # hidden folders are walked too
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    for shown in ("content/media/a", "content/media/b", "content/.cache/loop"):
        assert shown in result.stderr, result.stderr[-3000:]
    assert "symbolic link" in result.stderr and not (project / "site").exists()


def test_the_build_takes_from_content_only_the_pictures_it_accepted(tmp_path):
    """The plugin's file list (what MkDocs copies into site/) holds no content file but the
    pictures; a hidden file, which nothing reads, is not published either."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    project = _project(tmp_path)
    (project / "content" / "media" / ".notes.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (project / "content" / "ideas" / ".#draft.md").write_text(IDEA, encoding="utf-8")  # Emacs's lock, as a file
    (project / "content" / "media" / ".#help-desk.png").symlink_to("/etc/passwd")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)  # one process, no staging folder
    config = config.plugins.on_config(config)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    kept = config.plugins.on_files(files, config=config)
    assert not [f.src_uri for f in kept if f.src_dir == str(project / "content")]
    # the picture is published from its copy without metadata (generator/media.py)
    from_content = {f.src_uri: Path(f.abs_src_path) for f in kept if f.src_uri.startswith("media/")}
    assert list(from_content) == ["media/help-desk.png"]
    assert from_content["media/help-desk.png"].parent == project / ".cache" / "media"
    assert "assets/javascripts/search.js" in {f.src_uri for f in kept}  # the theme's own files stay



def test_the_theme_s_static_files_are_those_mkdocs_finds_without_walking_hidden_folders(tmp_path):
    """The plugin's theme environment lists no hidden folder (Material's 14,000 icons): MkDocs
    copies the same static files, from the same folders, as with its own listing."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    project = _project(tmp_path)
    (project / "theme" / ".drafts").mkdir()
    (project / "theme" / ".drafts" / "notes.css").write_text("a{}", encoding="utf-8")
    (project / "theme" / "assets" / ".notes.js").write_text("x", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    plain = config.theme.get_env()
    config.plugins.on_startup(command="serve", dirty=True)
    config = config.plugins.on_config(config)
    found = []
    for env in (plain, config.theme.get_env()):
        files = Files([])
        files.add_files_from_theme(env, config)
        found.append(sorted((f.src_uri, f.abs_src_path) for f in files))
    assert found[0] == found[1] and len(found[0]) > 20
    assert "assets/javascripts/search.js" in {uri for uri, _ in found[1]}
    assert not any("/." in "/" + uri for uri, _ in found[1])
    assert config.theme.get_env().get_template(".icons/material/home.svg").render().startswith("<svg")

# ---- files and folders the bank does not know ----------------------------------------------------

@pytest.mark.parametrize("name, data, shown, code", [
    ("media/logo.svg", SVG, "media/logo.svg", "media_file"),
    ("media/notice.html", b"<script>alert(document.cookie)</script>", "media/notice.html", "media_file"),
    ("media/app.js", b"alert(1)", "media/app.js", "media_file"),
    ("media/Help-Desk.JPG", JPEG, "media/Help-Desk.JPG", "media_file"),
    ("media/help desk.png", PNG, "media/help desk.png", "media_file"),
    ("media/logo.png", SVG, "media/logo.png", "image_content"),  # an SVG under a picture's name
    ("media/page.webp", b"<html><script>alert(1)</script>", "media/page.webp", "image_content"),
    ("pwn.md", b"<script>alert(1)</script>", "pwn.md", "not_in_content"),
    ("index.md", b"# Home\n", "index.md", "not_in_content"),
    ("notice.html", b"<script>alert(1)</script>", "notice.html", "not_in_content"),
    ("assets/javascripts/search.js", b"alert(1)", "assets", "not_in_content"),
    ("ideas/drafts/online-leave.md", IDEA.encode(), "ideas/drafts", "not_in_content"),
    ("media/ideas/help-desk.png", PNG, "media/ideas", "not_in_content"),
    ("ideas/notes.txt", b"notes", "ideas/notes.txt", "not_content_file"),
])
def test_a_file_the_bank_does_not_know_is_refused(root, capsys, name, data, shown, code):
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    refused(root, capsys, f"content/{shown}", code)


def test_pictures_in_media_are_accepted(root, capsys):
    media = root / "content" / "media"
    media.mkdir()
    for name, data in (("help-desk.png", PNG), ("form.jpg", JPEG), ("team-2023.jpeg", JPEG), ("map.webp", WEBP)):
        (media / name).write_bytes(data)
    images = "".join(f"  - src: media/{name}\n    alt: {{bn: ছবি, en: A picture}}\n"
                     for name in ("help-desk.png", "form.jpg", "team-2023.jpeg", "map.webp"))
    (root / "content" / "ideas" / "online-leave.md").write_text(edit(IDEA, "links:", f"images:\n{images}links:"),
                                                                 encoding="utf-8")
    assert validate(root, capsys) == (0, [])
    bank, _ = load(root / "content")
    assert bank.media == {"media/help-desk.png", "media/form.jpg", "media/team-2023.jpeg", "media/map.webp"}


def test_a_device_or_pipe_is_refused_without_being_opened(root, capsys):
    pipe = root / "content" / "ideas" / "wait.md"
    os.mkfifo(pipe)  # opening it to read would wait for a writer for ever
    with opened() as files:
        refused(root, capsys, "content/ideas/wait.md", "special_file")
    assert str(pipe) not in files


# ---- pictures: from content/media only -----------------------------------------------------------

def _with_image(src: str) -> str:
    return edit(IDEA, "links:", f"images:\n  - src: {src}\n    alt: {{bn: ছবি, en: A picture}}\nlinks:")


@pytest.mark.parametrize("src, code", [
    ("//evil.example/x.png", "image_src"),
    ("https://evil.example/x.png", "image_src"),
    ("http://evil.example/x.jpg", "image_src"),
    ("/media/help-desk.png", "image_src"),
    ("media/../../etc/passwd.png", "image_src"),
    ("media/logo.svg", "image_src"),
    ("help-desk.png", "image_src"),
    ("media/missing.png", "missing_image"),
])
def test_an_image_not_in_media_is_refused(root, capsys, src, code):
    (root / "content" / "media").mkdir()
    (root / "content" / "media" / "help-desk.png").write_bytes(PNG)
    text = _with_image(src)
    (root / "content" / "ideas" / "online-leave.md").write_text(text, encoding="utf-8")
    p = refused(root, capsys, "content/ideas/online-leave.md", code)
    assert (p["line"], p["field"]) == (line_of(text, "- src:"), "images[0].src")
    assert "content/media" in p["en"] and "content/media" in p["bn"]


def test_an_image_in_media_is_shown(root, capsys):
    (root / "content" / "media").mkdir()
    (root / "content" / "media" / "help-desk.png").write_bytes(PNG)
    (root / "content" / "ideas" / "online-leave.md").write_text(_with_image("media/help-desk.png"), encoding="utf-8")
    assert validate(root, capsys) == (0, [])


@pytest.mark.parametrize("picture", [
    "![x](https://evil.example/track.png)",
    "![x](//evil.example/track.png)",
    '<img src="https://evil.example/track.png">',
    "<IMG SRC=//evil.example/track.png>",
    "Text first ![x](<https://evil.example/a b.png> \"title\") and after",
    "![x][logo]\n\n[logo]: https://evil.example/logo.png",
    "![x](media/help-desk.png)",
])
@pytest.mark.parametrize("english", [False, True])
def test_a_picture_in_the_text_is_refused(root, capsys, picture, english):
    text = edit(IDEA, "এতে সময় ও খরচ দুটোই কমেছে।", f"এতে সময় ও খরচ দুটোই কমেছে।\n\n{picture}")
    name = "online-leave.en.md" if english else "online-leave.md"
    written = IDEA_EN + "\n" + picture + "\n" if english else text
    (root / "content" / "ideas" / name).write_text(written, encoding="utf-8")
    p = refused(root, capsys, f"content/ideas/{name}", "body_image")
    assert (p["line"], p["field"]) == (line_of(written, picture.split("\n")[0]), "body")
    assert "images:" in p["en"] and "images:" in p["bn"]


def test_a_picture_shown_as_code_is_text(root, capsys):
    code = "```\n![x](https://example.org/x.png)\n```\n\nলিখুন `<img src=x>` এভাবে।"
    text = edit(IDEA, "এতে সময় ও খরচ দুটোই কমেছে।", f"এতে সময় ও খরচ দুটোই কমেছে।\n\n{code}")
    (root / "content" / "ideas" / "online-leave.md").write_text(text, encoding="utf-8")
    assert validate(root, capsys) == (0, [])


@pytest.mark.parametrize("html", ['<p><img src="https://evil.example/x.png" alt="x"></p>',
                                  '<p><img src="../../media/help-desk.png" alt="x"></p>'])
def test_the_sanitiser_lets_no_picture_through_the_text(html):
    """Should a picture ever reach a rendered body, the page still loads nothing for it."""
    assert "<img" not in sanitise(html)


def test_a_body_keeps_an_admonition_s_classes_and_no_other():
    """A box a reader is told to heed is the writer's; the site's own chrome (a header bar, a
    button) is not theirs to put on."""
    html = ('<div class="md-header admonition warning" onclick="x()"><p class="admonition-title md-button">সাবধান</p>'
            '<p class="md-banner">সরকারি নোটিশ</p><span class="md-button">এখানে</span></div>')
    assert sanitise(html) == ('<div class="admonition warning"><p class="admonition-title">সাবধান</p>'
                              '<p class="">সরকারি নোটিশ</p><span>এখানে</span></div>')


# ---- names that take a listing's address or publish a number ------------------------------------

def test_a_listing_s_second_page_is_at_its_name_slash_2():
    """Why a number is refused as a name: teams/2 is the second page of the list of teams."""
    pages = list(listing("teams", "teams.html", "nav.teams", [1, 2, 3], 1))
    assert [p.key for p in pages] == ["teams", "teams/2", "teams/3"]


@pytest.mark.parametrize("name", ["teams/2.md", "offices/2.yaml", "ideas/2.md", "teams/index.md",
                                  "offices/index.yaml", "teams/0012.md"])
def test_a_name_that_takes_a_listing_page_is_refused(root, capsys, name):
    kind = name.split("/")[0]
    data = {"teams": TEAM, "ideas": IDEA,
            "offices": 'name: {bn: "দপ্তর", en: "Office"}\nkind: division\n'}[kind]
    (root / "content" / name).write_text(data, encoding="utf-8")
    p = refused(root, capsys, f"content/{name}", "reserved_name")
    assert "2" in p["en"] and "২" in p["bn"]
    bank, _ = load(root / "content")
    assert Path(name).stem not in getattr(bank, kind)


@pytest.mark.parametrize("name", ["ideas/help-desk-01712345678.md", "teams/lgd-01712-345678.md",
                                  "offices/uno-8801812345678.yaml", "ideas/01712345678.md",
                                  "media/01712345678.jpg"])
def test_a_mobile_number_in_a_file_name_is_refused(root, capsys, name):
    data = {"teams": TEAM.encode(), "ideas": IDEA.encode(), "media": JPEG,
            "offices": 'name: {bn: "দপ্তর", en: "Office"}\nkind: division\n'.encode()}[name.split("/")[0]]
    path = root / "content" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    p = refused(root, capsys, f"content/{name}", "personal_file_name")
    assert "file name" in p["en"] and "ফাইলের নাম" in p["bn"]
    bank, _ = load(root / "content")
    assert Path(name).stem not in getattr(bank, name.split("/")[0], bank.media)
    assert f"media/{Path(name).name}" not in bank.media


def test_numbers_that_are_not_personal_stay(root, capsys):
    (root / "content" / "ideas" / "online-leave.md").rename(root / "content" / "ideas" / "service-2023-333.md")
    (root / "content" / "ideas" / "online-leave.en.md").rename(root / "content" / "ideas" / "service-2023-333.en.md")
    assert validate(root, capsys) == (0, [])
