"""A build killed outright (``kill -9``: no handler runs) takes its children with it.

The search index runs in a child of its own process group, with Pagefind under it; once
orphaned, they used to run on, holding the build's lock (the child inherits its file
descriptor) and writing into a staging folder nobody would use. The next build must start
at once and succeed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import SyntheticSite, synthetic_article


def session_members(session: int) -> dict[int, str]:
    """Live processes of a session: pid -> command name (from /proc, as ``ps`` reads it)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # state, ppid, pgrp, session; a zombie is dead (in a container, nobody may reap it)
        if int(fields[3]) == session and fields[0] != "Z":
            found[int(stat.parent.name)] = name
    return found


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    return condition()


def test_killed_while_indexing_leaves_no_process_and_no_lock(tmp_path):
    site = SyntheticSite(tmp_path / "site")
    site.configure(COLUMN_SEARCH_SHARD_SIZE=10)  # many Pagefind runs: time to catch one
    for n in range(360):
        body = f"第 {n} 篇合成正文。示例区团委组织志愿者开展志愿服务，提升责任意识。" * 20
        day = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        site.write(f"a{n:03d}.md", synthetic_article(f"合成文章{n}", body, date=day))
    command = [sys.executable, "-m", "huinong_column", "build", "-s", str(site.settings)]
    env = {**os.environ, "COLUMN_CACHE_PATH": str(tmp_path / "cache")}
    build = subprocess.Popen(
        [*command, "-o", str(site.output)],
        cwd=site.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its session holds every process it starts
    )
    try:
        indexing = wait_for(
            lambda: [p for p, name in session_members(build.pid).items() if "pagefind" in name],
            120,
        )
        assert indexing and build.poll() is None, "the build ended before Pagefind ran"
    finally:
        os.kill(build.pid, signal.SIGKILL)
        build.wait()

    # At once: an orphan would still be indexing, holding the lock the next build waits for.
    left = wait_for(lambda: not session_members(build.pid), 1)
    assert left, f"still running after the build was killed: {session_members(build.pid)}"
    result = site.build(env={"COLUMN_CACHE_PATH": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert "等待" not in result.stderr  # the lock was free
    # The killed build's staging and index folders are cleared (in the background).
    assert wait_for(
        lambda: not [*site.root.glob(".output-new-*"), *site.root.glob(".output-search-*")], 10
    )
