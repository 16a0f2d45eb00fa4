"""``huinong check``: everything wrong with the content, found without building.

The rules and their levels are the rulebook's (``column/rules.py``), shared with every
build; this module prints the findings as ``file:line: level: field: message 修改办法：fix``
or as JSON, proposes a registry entry for a unit the registry lacks, and applies the
automatic corrections: ``--diff`` shows them, ``--fix`` writes them (punctuation and width
only). Nothing else ever writes a file.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..column.reader import display_path
from ..column.registry import load_registry
from ..column.rules import ERROR, FIXABLE, NOTE, RULES, WARNING, Checker, fixed_intro, fixed_text
from ..column.sources import Site, Source, content_sources
from .proposals import proposal, unit_candidate

__all__ = ["RULES", "run"]  # RULES: the codes docs/编辑指南.md explains


def _propose(site: Site, proposals: dict[str, str], article, source: Source, fix: str) -> str:
    """A missing unit's fix, when the title names an unregistered one: paste its entry."""
    candidate = unit_candidate(site.registry, article.title)
    if not candidate:
        return fix
    text = f"{article.title}\n{source.body}"
    proposals.setdefault(candidate, proposal(site.registry, candidate, text))
    return f"标题中的“{candidate}”尚未登记：把末尾的登记建议粘贴进登记表，或{fix}"


def _diff(shown: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
        )
    )


def run(site: Site, args) -> int:
    """The ``check`` command: report, optionally show or apply the fixes; exit status."""
    sources = content_sources(site)
    chosen = _selected(sources, args.paths)
    if chosen is None:
        return 1
    registry = display_path(site.settings["COLUMN_REGISTRY"])
    if not args.paths or registry in args.paths:
        chosen.add(registry)  # the 开栏语 it holds is published text too
    side = sys.stderr if args.format == "json" else sys.stdout
    if args.fix or args.diff:
        changes = [
            (source.shown, source.text, fixed_text(source), source)
            for source in sources
            if source.shown in chosen and source.readable
        ]
        if registry in chosen:
            path, old, new = fixed_intro(site)
            changes.append((registry, old, new, None))
        fixed = 0
        for shown, old, new, source in changes:
            if new == old:
                continue
            print(_diff(shown, old, new), end="", file=side)
            fixed += 1
            if args.fix and source is not None:
                bom = b"\xef\xbb\xbf" if source.raw.startswith(b"\xef\xbb\xbf") else b""
                source.path.write_bytes(bom + new.encode("utf-8"))
            elif args.fix:
                path.write_text(new, encoding="utf-8")
        done = "已修正" if args.fix else "加 --fix 将修正"
        print(f"{done} {fixed} 个文件的标点和全角字符。", file=side)
        if args.fix:
            site = replace(site, registry=load_registry(site.settings["COLUMN_REGISTRY"]))
            sources = content_sources(site)

    checker = Checker(site, args.today)
    proposals: dict[str, str] = {}  # unregistered unit → its [[units]] entry
    checker.advise = partial(_propose, site, proposals)
    findings = [
        f
        for f in checker.run(sources)
        # A link is not a source, but it fails every build: reported when checking everything.
        if f.problem.path in chosen or (f.code == "file-link" and not args.paths)
    ]
    counts = Counter(f.level for f in findings)
    errors, warnings, notes = counts[ERROR], counts[WARNING], counts[NOTE]
    fixable = sum(f.code in FIXABLE for f in findings)
    if args.format == "json":
        report = {
            "files": sorted(chosen),
            "errors": errors,
            "warnings": warnings,
            "notes": notes,
            "findings": [f.as_json() for f in findings],
            "proposals": [proposals[name] for name in sorted(proposals)],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        for name in sorted(proposals):
            print(
                f"\n登记建议：“{name}”尚未登记，核对后粘贴进 {display_path(site.registry.path)}："
            )
            print(proposals[name])
        print(
            f"检查了 {len(chosen)} 个文件：{errors} 个错误，{warnings} 个警告，{notes} 条待核对。"
            "（错误使构建失败；警告使 make publish 失败；待核对只是提醒）"
        )
        if fixable:
            print(
                f"其中 {fixable} 条（标点、全角字符）可自动修正："
                "huinong check --diff 预览，--fix 写入。"
            )
    return 1 if errors else 0


def _selected(sources: list[Source], paths: list[str]) -> set[str] | None:
    """Display paths of the sources under the given paths (all when none given)."""
    if not paths:
        return {s.shown for s in sources}
    chosen = set()
    for given in paths:
        path = Path(given).resolve()
        if not path.exists():
            print(
                f"错误: {given}: 文件不存在 修改办法：检查路径，或不写路径以检查全部文章",
                file=sys.stderr,
            )
            return None
        mine = {
            s.shown for s in sources if s.path.resolve() == path or path in s.path.resolve().parents
        }
        if not mine:
            print(
                f"错误: {given}: 这里没有 content/ 中的 Markdown 文章 "
                "修改办法：给出 content/articles/ 下的文件或文件夹，或不写路径以检查全部文章",
                file=sys.stderr,
            )
            return None
        chosen |= mine
    return chosen
