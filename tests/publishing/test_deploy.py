"""``huinong deploy``: rsync of the published tree to the server, with a dry run.

The transfer itself is tested against a local folder (rsync treats ``host:path`` and a plain
path alike apart from the SSH transport); the SSH form is tested as the command it runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, synthetic_article
from huinong_column.publishing.deploy import rsync_command

needs_rsync = pytest.mark.skipif(
    shutil.which("rsync") is None, reason="needs the Debian package rsync"
)


def deploy(site, *extra, env=None):
    command = [sys.executable, "-m", "huinong_column", "deploy"]
    command += ["-s", str(site.root / "synthetic_publishconf.py"), "-o", str(site.root / "public")]
    proc = subprocess.run(
        [*command, *extra],
        cwd=site.root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stderr + proc.stdout


def files(root: Path) -> dict:
    root = root.resolve()
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def published(site):
    site.write("a.md", synthetic_article("部署测试", slug="a"))
    result = site.publish(env={"SITEURL": "https://hnqf.example.org"})
    assert result.returncode == 0, result.stderr
    return site


def test_the_ssh_command_sends_only_changes_and_swaps_them_in_at_the_end(tmp_path):
    command = rsync_command(tmp_path, "deploy@hnqf.example.org:/srv/hnqf/site/", "2222", False)
    assert command[0] == "rsync"
    assert command[-2:] == [f"{tmp_path}/", "deploy@hnqf.example.org:/srv/hnqf/site/"]
    assert "--rsh=ssh -p 2222 -o BatchMode=yes" in command
    for option in ("--checksum", "--delete-delay", "--delay-updates", "--recursive"):
        assert option in command
    assert "--dry-run" not in command
    assert "--dry-run" in rsync_command(tmp_path, "host:/srv/", "22", True)
    assert not any(o.startswith("--rsh") for o in rsync_command(tmp_path, "/srv/x", "22", False))


@needs_rsync
def test_dry_run_changes_nothing_and_deploy_copies_the_published_tree(published, tmp_path):
    server = tmp_path / "server"
    server.mkdir()
    (server / "stale.html").write_text("旧页面", encoding="utf-8")
    env = {"DEPLOY_TARGET": f"{server}/"}

    status, output = deploy(published, "--dry-run", env=env)
    assert status == 0, output
    assert "试运行" in output and "--dry-run" in output
    assert "index.html.br" in output  # rsync lists what it would send
    assert sorted(p.name for p in server.iterdir()) == ["stale.html"]

    status, output = deploy(published, env=env)
    assert status == 0, output
    assert files(server) == files(published.root / "public")  # .gz/.br included; stale gone

    published.write("b.md", synthetic_article("第二篇", slug="b"))
    assert published.publish(env={"SITEURL": "https://hnqf.example.org"}).returncode == 0
    status, output = deploy(published, env=env)
    assert status == 0, output
    assert files(server) == files(published.root / "public")


def test_only_a_published_tree_is_deployed(site):
    site.write("a.md", synthetic_article("开发构建", slug="a"))
    site.output = site.root / "public"
    assert site.build().returncode == 0  # `make html`: relative URLs, nothing precompressed
    site.publish(site.root / "elsewhere")  # writes the publish settings file
    status, output = deploy(site, env={"DEPLOY_TARGET": "/tmp/never-used/"})
    assert status == 1
    assert output.startswith("错误: ") and "不是 make publish 发布的目录" in output
    assert "make publish" in output and "Traceback" not in output


def test_deploy_needs_a_target(published):
    status, output = deploy(published, env={"DEPLOY_TARGET": ""})
    assert status == 1
    assert "DEPLOY_TARGET: 没有设置部署目标" in output and "Traceback" not in output


def test_deploy_says_when_rsync_is_missing(published, tmp_path):
    status, output = deploy(published, env={"DEPLOY_TARGET": "/srv/x/", "PATH": str(tmp_path)})
    assert status == 1
    assert "rsync" in output and "apt-get install rsync" in output


@pytest.mark.parametrize(
    "target, command",
    [
        ("deploy", "huinong_column deploy --settings publishconf.py --output output"),
        ("deploy-dry-run", "huinong_column deploy --dry-run --settings publishconf.py"),
    ],
)
def test_make_targets_run_the_deploy_command(target, command):
    dry = subprocess.run(
        ["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert command in dry.stdout
