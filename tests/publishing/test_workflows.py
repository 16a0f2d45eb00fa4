"""The GitHub Actions workflow: it parses, tests every change, deploys only main."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pelican.settings import read_settings

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
ON_MAIN = ("github.event_name == 'push'", "github.ref == 'refs/heads/main'")


@pytest.fixture(scope="module")
def workflow() -> dict:
    assert [p.name for p in WORKFLOWS] == ["site.yml"]
    return yaml.safe_load(WORKFLOWS[0].read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]


def runs(workflow: dict) -> list[str]:
    return [s["run"] for job in workflow["jobs"].values() for s in steps(job) if "run" in s]


def test_triggers_are_pull_requests_and_pushes_to_main(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]


def test_permissions_are_minimal(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name != "deploy":
            assert "permissions" not in job, name  # inherits read-only contents


def test_runs_are_grouped_so_deployments_never_overlap(workflow):
    concurrency = workflow["concurrency"]
    assert "github.ref" in concurrency["group"]
    # Pull requests cancel obsolete runs; main never cancels a deployment under way.
    assert "pull_request" in str(concurrency["cancel-in-progress"])


def test_every_change_is_tested_then_published(workflow):
    jobs = workflow["jobs"]
    assert set(jobs) == {"test", "build", "deploy"}
    assert "if" not in jobs["test"] and "if" not in jobs["build"]  # pull requests too
    test_runs = [s["run"] for s in steps(jobs["test"]) if "run" in s]
    assert test_runs == ["bash .ci/run"]
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "make lint" in ci and "make test" in ci
    assert jobs["build"]["needs"] == "test"
    publish = [s for s in steps(jobs["build"]) if "make publish" in s.get("run", "")]
    assert len(publish) == 1
    assert "SITEURL" in publish[0]["env"]
    assert "SOURCE_DATE_EPOCH" in publish[0]["run"]


def test_only_a_push_to_main_uploads_and_deploys_to_pages(workflow):
    jobs = workflow["jobs"]
    (upload,) = uses(jobs["build"], "actions/upload-pages-artifact")
    settings = read_settings(str(REPO / "publishconf.py"))
    assert Path(upload["with"]["path"].rstrip("/")) == Path(settings["OUTPUT_PATH"]).relative_to(
        REPO
    )
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    for condition in (upload["if"], deploy["if"]):
        assert all(part in condition for part in ON_MAIN), condition
    (step,) = uses(deploy, "actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_pip_and_pelicans_content_cache_are_cached(workflow, monkeypatch):
    monkeypatch.delenv("COLUMN_CACHE_PATH", raising=False)
    jobs = workflow["jobs"]
    (python,) = uses(jobs["build"], "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    assert python["with"]["python-version"] == "3.11"
    (pip,) = uses(jobs["test"], "actions/cache")
    assert pip["with"]["path"] == "~/.cache/pip"
    (pelican,) = uses(jobs["build"], "actions/cache")
    cache_path = Path(read_settings(str(REPO / "publishconf.py"))["CACHE_PATH"])
    assert (REPO / pelican["with"]["path"]) == cache_path  # where the build keeps it
    assert pelican["with"]["restore-keys"]  # a new commit starts from the last cache


def test_actions_are_pinned_to_a_commit_with_its_tag(workflow):
    """A tag can be moved to other code; a commit cannot. The comment names the release."""
    pinned = re.compile(r"^\s+(?:- )?uses: (actions/[a-z-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
    lines = WORKFLOWS[0].read_text(encoding="utf-8").splitlines()
    uses_lines = [line for line in lines if "uses:" in line]
    assert uses_lines and all(pinned.match(line) for line in uses_lines), uses_lines
    for job in workflow["jobs"].values():
        for step in uses(job, "actions/checkout"):
            assert step["with"]["persist-credentials"] is False  # no token left in .git


def test_zizmor_finds_nothing_of_medium_or_high_severity():
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(zizmor), "--offline", "--min-severity", "medium", str(REPO / ".github/workflows")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_every_script_parses_and_every_make_target_exists(workflow):
    targets = set()
    for script in runs(workflow):
        subprocess.run(["bash", "-n", "-c", script], check=True)
        targets.update(re.findall(r"\bmake ([a-z-]+)", script))
    assert targets == {"publish"}
    for target in targets:
        dry = subprocess.run(
            ["make", "-n", target],
            cwd=REPO,
            env={**os.environ, "MAKEFLAGS": ""},
            capture_output=True,
            text=True,
        )
        assert dry.returncode == 0, dry.stderr
        assert "huinong_column publish" in dry.stdout
