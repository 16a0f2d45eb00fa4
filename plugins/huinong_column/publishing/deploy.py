"""Deploying a published tree to a self-hosted server with rsync over SSH.

Only a tree made by ``huinong publish`` (a symlink into ``<dir>.releases/``) is deployed:
a development build has relative URLs and no precompressed files. rsync compares files by
checksum, so only what changed is sent, and with ``--delay-updates --delete-delay`` it moves
every new file into place and removes old ones only at the end of the transfer, so the
server's tree changes in one short burst rather than file by file. ``--dry-run`` lists what
would change and changes nothing.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from ..column.errors import Problem
from .publish import RELEASE_NAME, read_publish_settings, releases_of

REMOTE = re.compile(r"^[^/]*:")  # rsync's own rule: host:path, user@host:path


def rsync_command(source: Path, target: str, ssh_port: str, dry_run: bool) -> list[str]:
    command = [
        "rsync",
        "--recursive",
        "--times",
        "--checksum",
        "--delete-delay",
        "--delay-updates",
        "--perms",
        "--chmod=D755,F644",
        "--itemize-changes",
    ]
    if REMOTE.match(target):
        command.append(f"--rsh=ssh -p {ssh_port} -o BatchMode=yes")
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{source}/", target]


def published_release(output: Path) -> Path | None:
    """The release folder ``output`` points to, or None when it was not made by publish."""
    if not output.is_symlink():
        return None
    release = output.resolve()
    if release.parent != releases_of(output).resolve() or not RELEASE_NAME.fullmatch(release.name):
        return None
    return release if release.is_dir() else None


def deploy(
    settings_file: str = "publishconf.py",
    output: str | None = None,
    dry_run: bool = False,
    stream=None,
) -> int:
    """Copy the published tree to ``DEPLOY_TARGET``; return rsync's exit status (or 1)."""
    stream = stream or sys.stderr
    settings = read_publish_settings(settings_file)
    source = Path(output or settings["OUTPUT_PATH"]).absolute()
    target = settings.get("DEPLOY_TARGET", "")
    release = published_release(source)
    problem = None
    if release is None:
        problem = Problem(
            str(source), "发布目录", "不是 make publish 发布的目录", "先运行 make publish"
        )
    elif not target:
        problem = Problem(
            settings_file,
            "DEPLOY_TARGET",
            "没有设置部署目标",
            "设置环境变量，例如 DEPLOY_TARGET=deploy@hnqf.example.org:/srv/hnqf/site/",
        )
    elif shutil.which("rsync") is None:
        problem = Problem("rsync", "rsync", "本机没有安装 rsync", "apt-get install rsync")
    if problem:
        print(f"错误: {problem}", file=stream)
        return 1

    # The release folder, not the symlink: a publish during the transfer cannot mix trees.
    command = rsync_command(release, target, settings.get("DEPLOY_SSH_PORT", "22"), dry_run)
    print(
        f"部署{'（试运行，不做任何改动）' if dry_run else ''}：{shlex.join(command)}", file=stream
    )
    status = subprocess.run(command, check=False).returncode
    if status:
        print(f"错误: rsync 退出码 {status}，部署没有完成，请检查上面的信息后重试", file=stream)
    return status
