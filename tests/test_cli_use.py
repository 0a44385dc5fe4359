"""The `innobank` command as an officer or developer uses it at a terminal: run from the wrong
folder or given a mistyped file name, it says so instead of reporting nothing as valid; piped into
`head`, it stops without a traceback; its --help lists what each flag takes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from sitebuild import copy_offices

SCRIPT = Path(sys.executable).with_name("innobank")


@pytest.fixture
def root(tmp_path, monkeypatch):
    copy_offices(tmp_path / "content" / "offices")
    (tmp_path / "content" / "ideas").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", [["validate", "mopa-jum-sobha.md"], ["validate"], ["stats"], ["codeowners", "--check"],
                                     ["new", "idea", "--slug", "help-desk"]])
def test_a_command_run_inside_content_says_where_to_run_it(root, monkeypatch, capsys, command):
    ideas = root / "content" / "ideas"
    (ideas / "mopa-jum-sobha.md").write_text("title: x\n", encoding="utf-8")
    monkeypatch.chdir(ideas)
    assert main(command) == 2
    out = capsys.readouterr()
    assert "valid" not in out.out
    assert f"There is no content/ folder in {ideas}: run the command from the repository's folder" in out.err
    assert f"{ideas} ফোল্ডারে কোনো content/ ফোল্ডার নেই" in out.err
    assert not (ideas / "content").exists()  # `new` wrote nothing there


def test_a_mistyped_file_name_is_not_called_valid(root, capsys):
    assert main(["validate", "content/ideas/nonexistent.md"]) == 2
    out = capsys.readouterr()
    assert "valid" not in out.out
    assert "There is no such file: content/ideas/nonexistent.md." in out.err
    assert "content/ideas/nonexistent.md নামে কোনো ফাইল নেই।" in out.err
    (root / "README.md").write_text("# A bank\n", encoding="utf-8")
    assert main(["validate", "README.md"]) == 2
    out = capsys.readouterr()
    assert "valid" not in out.out
    assert f"README.md is not in {root / 'content'}, so it is not checked" in out.err
    assert f"README.md ফাইলটি {root / 'content'} ফোল্ডারে নেই, তাই যাচাই হয় না" in out.err
    assert main(["validate", "content/ideas"]) == 0  # a folder that is there is still checked
    assert "All content is valid" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["schema"], ["stats"], ["new", "--help"]])
def test_output_into_a_closed_pipe_ends_without_a_traceback(root, command):
    """`innobank schema | head -1`: head has gone when the command writes."""
    read, write = os.pipe()
    os.close(read)
    done = subprocess.run([str(SCRIPT), *command], stdout=write, stderr=subprocess.PIPE, text=True, cwd=root)
    os.close(write)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr


def test_new_help_lists_every_flags_choices_and_meaning(capsys):
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--kind {simplification,digitisation,new_idea}" in shown
    assert "--status {proposed,piloting,implemented,replicated,discontinued}" in shown
    assert "--level {ministry,division,directorate,administrative_division,district,upazila}" in shown
    assert "--sector {public_administration,local_government," in shown
    for flag, meaning in (("--team TEAM", "its innovation team"), ("--place PLACE", "district or upazila code"),
                          ("--parent PARENT", "the team above this one"), ("--website WEBSITE", "website"),
                          ("--link LINK", "service link")):
        assert f"{flag} idea:" in shown or f"{flag} team:" in shown, flag
        assert meaning in shown.split(flag, 2)[-1][:120], flag


REPO = Path(__file__).resolve().parent.parent


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_the_command_line_section_says_how_to_push_a_new_branch_and_fork():
    """A plain `git push` on a new branch fails; an officer without write access needs a fork."""
    section = _section((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"), "## ৪. কমান্ড লাইন · The command line")
    commands = section.split("```sh\n", 1)[1].split("```", 1)[0]
    assert "git push -u origin online-leave-approval" in commands
    assert not [line for line in commands.splitlines() if line.rstrip().endswith("git push")]
    for said in ("git push -u origin\n<ব্রাঞ্চ>", "git push -u origin <branch>", "লেখার অনুমতি না থাকলে", "Without write access",
                 "টার্মিনালে", "ব্রাউজারের পাতায়", "shows in the browser", "also in the terminal where"):
        assert said in section, said
    for both in ("gh repo fork --remote", "**Fork**", "make serve PORT=8001"):  # once in each language
        assert section.count(both) == 2, both


def test_make_serve_takes_the_port_readme_names():
    shown = subprocess.run(["make", "-n", "serve", "PORT=8001"], cwd=REPO, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "mkdocs serve --dirty --dev-addr 127.0.0.1:8001" in shown.stdout
    default = subprocess.run(["make", "-n", "serve"], cwd=REPO, capture_output=True, text=True).stdout
    assert "--dev-addr 127.0.0.1:8000" in default
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = _section(readme, "## Commands")
    assert "`make serve [PORT=8001]`" in commands and "in the terminal and in the browser" in commands and "টার্মিনালে ও ব্রাউজারে দেখায়" in commands
    assert "--backoff S" in commands and "--default @HANDLE" in commands and "[--check]" in commands
