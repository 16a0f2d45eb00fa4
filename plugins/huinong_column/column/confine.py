"""Only the project's own files are published: no symbolic link in content/, theme/, data/.

Pelican follows links: a committed ``content/images/logo.png → /etc/passwd`` (or a link to
``.git/config`` in CI) would be read or copied into the site like any image. A link inside
those folders is never needed (an editor copies a file in), so every one is refused, in
``huinong check`` and at the start of every build, whatever it points at.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem, display_path
from .inference import lexicon_path


def linked_paths(settings: dict) -> list[Problem]:
    """A problem for each symbolic link inside the content and theme folders, and for a
    linked registry or lexicon (data/). The folders themselves are what the settings name,
    linked or not."""
    found = []
    for root in (settings["PATH"], settings["THEME"]):
        if os.path.isdir(root):
            found += [_refused(path) for path in _links(root)]
    registry = settings["COLUMN_REGISTRY"]
    for data in (registry, lexicon_path(registry, settings)):
        if os.path.islink(data):
            found.append(_refused(str(data)))
    return found


def _links(folder: str) -> list[str]:
    """Links under ``folder``, sorted; ``DirEntry`` knows a link without another system call
    (a walk of 10,000 articles costs a few milliseconds)."""
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_symlink():
                found.append(entry.path)
            elif entry.is_dir():
                found += _links(entry.path)
    return found


def _refused(path: str) -> Problem:
    target = os.path.realpath(path)
    return Problem(
        display_path(path),
        "文件",
        f"是指向 {display_path(target)} 的符号链接，网站只发布项目内的文件",
        f"删除这个链接，把需要的文件复制到 {Path(display_path(path)).parent}/ 中",
    )
