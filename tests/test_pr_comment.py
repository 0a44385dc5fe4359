"""The pull request's comment: made from a real validation of a pull request that breaks a file
(a git repository of the sample content with one commit on top), it names each problem's file and
line in Bengali and English, lists the pages the pull request adds, changes and removes, and
points to the preview. The workflow that posts it (pr-comment.yml) is run here too, with node and
a stand-in for GitHub's API: it edits its one comment, and treats the artifact as untrusted."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
MARKER = "<!-- innobank-pr-comment -->"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Officer", "-c", "user.email=officer@lgd.gov.bd",
                    *args], check=True, capture_output=True)


def edit(root: Path, file: str, old: str, new: str, target: str | None = None) -> None:
    text = (root / file).read_text(encoding="utf-8")
    assert old in text, old
    (root / (target or file)).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def pull_request(tmp_path, monkeypatch) -> Path:
    """The sample content at the base commit, and a pull request's commit on top that adds a
    broken innovation and a near copy of another, gives one innovation English text, and
    removes one."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    ideas = "content/ideas/"
    edit(root, ideas + "lgd-help-desk.md", "office: lgd\n", "office: LGD\n", ideas + "help-desk-online.md")
    edit(root, ideas + "lgd-help-desk.md", "aliases: [help-desk]\n", "", ideas + "help-desk-again.md")
    edit(root, ideas + "help-desk-again.md", 'জন্য হেল্প ডেস্ক"', 'জন্য হেল্পডেস্ক"')
    edit(root, ideas + "lgd-pmis.md", "  started: ", "\tstarted: ")
    (root / ideas / "lgd-innovation-proposals-awards.en.md").write_text("Proposals and awards.\n", encoding="utf-8")
    git(root, "rm", "-q", ideas + "nilg-innovation-sessions.md", ideas + "nilg-innovation-sessions.en.md")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the pull request")
    monkeypatch.chdir(root)  # as in the check: files are named from the repository's folder
    return root


def pr_comment(root: Path, *args: str) -> str:
    out = root.parent / "comment.md"
    assert main(["--root", str(root), "pr-comment", "--base", "HEAD~1", "--out", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def test_each_problem_in_both_languages_with_file_and_line(pull_request):
    text = pr_comment(pull_request)
    assert text.startswith("### উদ্ভাবন ব্যাংকের যাচাই · Innovation Bank check")
    assert "২টি সমস্যা ঠিক করতে হবে" in text and "2 problem(s) to fix" in text
    assert "⋯ → Edit file" in text and "Commit changes" in text  # what to do, in both languages
    office = text.index("` content/ideas/help-desk-online.md `")
    assert "- **লাইন ১০ · line 10** · ` office `" in text[office:]
    assert 'content/offices/ এ "LGD" নামে কোনো দপ্তর নেই। আপনি কি "lgd" বোঝাতে চেয়েছেন?' in text[office:]
    assert 'There is no office "LGD" in content/offices/. Did you mean "lgd"?' in text[office:]
    tab = text.index("` content/ideas/lgd-pmis.md `")
    assert "লাইন ১৪ · line 14" in text[tab:] and "ট্যাব চলবে না" in text[tab:] and "Indent with spaces only" in text[tab:]


def test_warnings_are_shown_for_the_files_the_pull_request_changes(pull_request):
    text = pr_comment(pull_request)
    warnings = text[text.index("#### সতর্কতা"):text.index("#### এই পুল রিকোয়েস্টে")]
    assert "Warnings (they do not stop the merge)" in warnings
    assert "` content/ideas/help-desk-again.md `" in warnings and "content/ideas/lgd-help-desk.md" in warnings
    assert "` content/ideas/lgd-help-desk.md `" not in warnings, "the file already there is not nagged"


def test_the_pages_the_pull_request_adds_changes_and_removes(pull_request):
    text = pr_comment(pull_request)
    rows = re.findall(r"^\| (.+) \|$", text, re.M)
    assert rows[0] == "পরিবর্তন · change | বাংলা পাতা · Bengali page | ইংরেজি পাতা · English page"
    assert rows[1:] == [
        "নতুন · new | ` /ideas/help-desk-again/ ` | ` /en/ideas/help-desk-again/ `",
        "নতুন · new | ` /ideas/help-desk-online/ ` | ` /en/ideas/help-desk-online/ `",
        "পরিবর্তিত · changed |  | ` /en/ideas/lgd-innovation-proposals-awards/ `",
        "পরিবর্তিত · changed | ` /ideas/lgd-pmis/ ` | ` /en/ideas/lgd-pmis/ `",
        "মুছে যাবে · removed | ` /ideas/nilg-innovation-sessions/ ` | ` /en/ideas/nilg-innovation-sessions/ `",
    ]


def test_the_preview(pull_request):
    assert "সাইটের নমুনা (preview) নেই: সব সমস্যা ঠিক হলে সাইট তৈরি হবে।" in pr_comment(pull_request)
    run = "https://github.com/innobank/innobank/actions/runs/42"
    text = pr_comment(pull_request, "--preview", run)
    assert f"[এই যাচাইয়ের পাতার]({run})" in text and f"[the page of this check]({run})" in text
    assert "site-preview" in text
    assert main(["--root", str(pull_request), "pr-comment", "--base", "HEAD~1", "--preview", "javascript:x"]) == 2


def test_a_valid_pull_request(pull_request):
    git(pull_request, "checkout", "-q", "HEAD~1")
    text = pr_comment(pull_request, "--base", "HEAD")
    assert "সব ফাইল সঠিক। Every file is valid." in text and "কোনো পাতা বদলায় না। No page changes." in text


def test_what_the_officer_wrote_is_shown_as_text(pull_request):
    """A value quoted in a message, and a field name, cannot format the comment, add a link or a
    picture, or mention someone."""
    ideas = "content/ideas/"
    edit(pull_request, ideas + "lgd-pmis.md", "\tstarted: ", "  started: ")
    edit(pull_request, ideas + "lgd-pmis.md", "status: implemented\n",
         'status: "<img src=x onerror=alert(1)> **@innobank/maintainers** [x](https://evil.example) `"\n')
    edit(pull_request, ideas + "lgd-pmis.md", "kind: ", '"`kind`": ')
    git(pull_request, "commit", "-qam", "more")
    text = pr_comment(pull_request, "--base", "HEAD~2")
    messages = [line[4:] for line in text.split("\n") if line.startswith("  - ")]
    assert messages and not any(re.search(r"(?<!\\)[<>\[\]()*`_]", m) for m in messages), messages
    assert re.search(r"@(?!\u2060)", text) is None
    assert "\\<img src=x onerror=alert\\(1\\)\\> \\*\\*@\u2060innobank/maintainers\\*\\*" in text
    assert "`` `kind` ``" in text  # a field name with backticks, in a longer code span


# What GitHub makes a link of in a comment's text (GFM's extended autolinks: www. after a line's
# start, a space or one of *_~(, and a scheme's ://; an e-mail address), and its references to an
# @user or team and to an issue's #number. Checked against cmark-gfm, GitHub's Markdown.
GITHUB_LINKS = re.compile(r"(?i)(?:^|[\s*_~(])www\.|[a-z][a-z0-9+.-]*://|[\w.+-]@[a-z0-9]|@[a-z0-9]|#\d")


def test_an_address_an_officer_wrote_is_not_a_link(pull_request):
    """A quoted value such as www.evil-phish.example/login became a clickable link in GitHub's
    rendering (so did https://, an e-mail address and an issue's #number), the escapes notwithstanding."""
    ideas = "content/ideas/"
    edit(pull_request, ideas + "lgd-pmis.md", "\tstarted: ", "  started: ")
    written = ["www.evil-phish.example/login x@evil.example #12", "https://evil.example/x (WWW.e.example)"]
    edit(pull_request, ideas + "lgd-pmis.md", "status: implemented\n", f'status: "{written[0]}"\n')
    edit(pull_request, ideas + "lgd-pmis.md", "\nkind: ", f'\nkind: "{written[1]}"\nx-kind: ')
    git(pull_request, "commit", "-qam", "more")
    text = pr_comment(pull_request, "--base", "HEAD~2")
    messages = [line[4:] for line in text.split("\n") if line.startswith("  - ")]
    for value in written:
        quoted = [m for m in messages if value in m.replace("\u2060", "").replace("\\", "")]
        assert len(quoted) == 2, (value, messages)  # in Bengali and in English, shown as written
        for message in quoted:
            assert GITHUB_LINKS.search(message) is None, message


def test_a_file_name_with_a_bar_keeps_the_table_of_pages_whole(pull_request):
    """A | ends a table's cell even inside a code span: a file named a|b.md split its row."""
    edit(pull_request, "content/ideas/lgd-pmis.md", "\tstarted: ", "  started: ", "content/ideas/a|b `c`.md")
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-qm", "a bar")
    text = pr_comment(pull_request, "--base", "HEAD~2")
    rows = [line for line in text.split("\n") if line.startswith("| ")]
    assert rows and all(len(re.split(r"(?<!\\)\|", row)) == 5 for row in rows), rows  # three cells each
    assert "| নতুন · new | `` /ideas/a\\|b `c`/ `` | `` /en/ideas/a\\|b `c`/ `` |" in rows


# ---- the workflows ----------------------------------------------------------------------------

def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_check_that_runs_the_pull_requests_code_cannot_write():
    data = workflow("pr.yml")
    assert set(data["on"]) == {"pull_request"} and data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    assert "permissions" not in job
    steps = job["steps"]
    names = [s.get("name", s.get("uses")) for s in steps]
    comment = next(s for s in steps if "innobank pr-comment" in s.get("run", ""))
    assert comment["if"] == "${{ !cancelled() }}", "the comment is written when validation failed too"
    assert "${{" not in comment["run"], "values reach the shell through the environment"
    uploads = {s["with"]["name"]: (i, s) for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads["pr-comment"][0] > names.index(comment["name"]) and uploads["pr-comment"][1]["if"] == comment["if"]
    assert uploads["site-preview"][1]["with"]["path"] == "site"
    assert names.index("Build the site") < uploads["site-preview"][0] < names.index("Run the tests")


def test_the_comment_is_posted_by_a_workflow_that_runs_no_pull_request_code():
    check = workflow("pr.yml")
    data = workflow("pr-comment.yml")
    assert data["on"] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}
    assert data["permissions"] == {}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    uses = [s.get("uses", "") for s in job["steps"]]
    assert not any(u.startswith("actions/checkout@") for u in uses) and all("run" not in s for s in job["steps"])
    script = job["steps"][-1]["with"]["script"]
    assert "${{" not in script, "nothing from the event or the artifact is pasted into the script"
    for path in WORKFLOWS.glob("*.yml"):
        assert "pull_request_target" not in path.read_text(encoding="utf-8"), path.name


HARNESS = r"""
// Runs the github-script step's script as actions/github-script does (an async function of
// require, github, context and core), with a stand-in for GitHub's API; prints what it did.
const fs = require("fs");
const [script, state] = [fs.readFileSync(process.argv[2], "utf8"), JSON.parse(fs.readFileSync(process.argv[3], "utf8"))];
const calls = [];
const github = {
  rest: {
    pulls: { get: async (a) => { calls.push(["get", a]); return { data: state.pull }; } },
    issues: {
      listComments: async (a) => ({ data: state.comments }),
      updateComment: async (a) => { calls.push(["update", a]); },
      createComment: async (a) => { calls.push(["create", a]); },
    },
  },
  paginate: async (method, args) => (await method(args)).data,
};
const core = { setFailed: (m) => calls.push(["failed", m]), notice: (m) => calls.push(["notice", m]) };
const context = { repo: { owner: "innobank", repo: "innobank" }, payload: { workflow_run: { head_sha: "abc" } } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("require", "github", "context", "core", script)(require, github, context, core)
  .catch((e) => calls.push(["threw", String(e.message)]))
  .then(() => console.log(JSON.stringify(calls)));
"""

OURS = {"id": 7, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold"}
PULL = {"number": 12, "head": {"sha": "abc"}}


@pytest.fixture
def post(tmp_path):
    """Run pr-comment.yml's script on an artifact (files) and a pull request's state."""
    if shutil.which("node") is None:
        pytest.fail("node is not installed: run `make test`, which installs it")
    (job,) = workflow("pr-comment.yml")["jobs"].values()
    (tmp_path / "script.js").write_text(job["steps"][-1]["with"]["script"], encoding="utf-8")
    (tmp_path / "harness.cjs").write_text(HARNESS, encoding="utf-8")

    def run(files: dict[str, str | Path], pull=PULL, comments=()) -> list:
        """files: name → text, or a Path the artifact's file is a symbolic link to."""
        artifact = tmp_path / "artifact"
        shutil.rmtree(artifact, ignore_errors=True)
        artifact.mkdir()
        for name, data in files.items():
            if isinstance(data, Path):
                (artifact / name).symlink_to(data)
            else:
                (artifact / name).write_text(data, encoding="utf-8")
        (tmp_path / "state.json").write_text(json.dumps({"pull": pull, "comments": list(comments)}), encoding="utf-8")
        result = subprocess.run(["node", str(tmp_path / "harness.cjs"), str(tmp_path / "script.js"),
                                 str(tmp_path / "state.json")], capture_output=True, text=True, timeout=60,
                                env={"PATH": "/usr/bin:/bin", "COMMENT_DIR": str(artifact)})
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def test_the_first_push_creates_the_comment(post):
    calls = post({"number": "12\n", "comment.md": "### Check\n"})
    assert calls[0] == ["get", {"owner": "innobank", "repo": "innobank", "pull_number": 12}]
    assert calls[1] == ["create", {"owner": "innobank", "repo": "innobank", "issue_number": 12,
                                   "body": MARKER + "\n### Check\n"}]


def test_a_later_push_edits_the_same_comment(post):
    someone = {"id": 3, "user": {"login": "rahim"}, "body": MARKER + " copied by a person"}
    calls = post({"number": "12", "comment.md": "new"}, comments=[someone, OURS])
    assert calls[1:] == [["update", {"owner": "innobank", "repo": "innobank", "comment_id": 7, "body": MARKER + "\nnew"}]]


@pytest.mark.parametrize("number", ["12; curl evil.example", "../12", "", "1e3", "012", "99999999999"])
def test_a_number_that_is_not_a_number_posts_nothing(post, number):
    calls = post({"number": number, "comment.md": "x"})
    assert calls == [["failed", "The artifact's pull request number is not a number."]]


def test_another_pull_request_or_a_newer_commit_gets_nothing(post):
    calls = post({"number": "13", "comment.md": "x"}, pull={"number": 13, "head": {"sha": "def"}})
    assert [c[0] for c in calls] == ["get", "notice"]


def test_the_artifact_is_size_limited_text(post, tmp_path):
    calls = post({"number": "12", "comment.md": "ক" * 100_000 + MARKER})
    body = calls[-1][1]["body"]
    assert len(body.encode("utf-8")) <= 60_000 + 200 and body.endswith("\n\n…") and "\ufffd" not in body
    assert body.count(MARKER) == 1 and body.startswith(MARKER)


def test_a_link_in_the_artifact_is_not_followed(post, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a token", encoding="utf-8")
    calls = post({"number": "12", "comment.md": secret})
    assert calls == [["get", {"owner": "innobank", "repo": "innobank", "pull_number": 12}],
                     ["threw", "comment.md in the artifact is not a file"]]
