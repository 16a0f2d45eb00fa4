"""Lighthouse (the npm package pinned in package-lock.json) with mobile settings.

``make quality`` runs this module on the built ``output/``: it serves the folder on
127.0.0.1, audits the landing page and the seed article with Debian's Chromium, saves each
report as JSON and HTML under ``reports/lighthouse/``, prints the four scores and exits 1
when a score misses its target. ``test_lighthouse.py`` uses the same ``audit()``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from .server import HOST, StaticSite

REPO = Path(__file__).resolve().parents[2]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f'--host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE {HOST}"',
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
PAGES = {"landing": "/", "seed-article": "/articles/huinong-tuanwei-sige-qianghua/"}


def audit(url: str, prefix: Path) -> dict:
    """Run Lighthouse on ``url``; write ``<prefix>.report.json`` and ``.html``; return the
    JSON report."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `npm ci --ignore-scripts`")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--form-factor=mobile",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            "--output=html",
            f"--output-path={prefix}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=300,
    )
    return json.loads(Path(f"{prefix}.report.json").read_text("utf-8"))


def scores(report: dict) -> dict[str, float]:
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


def failed_audits(report: dict, category: str) -> list[str]:
    """The scored audits of a category that did not pass, as 'id: title'."""
    failed = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] and result["score"] is not None and result["score"] < 1:
            failed.append(f"{ref['id']}: {result['title']}")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="output", help="the built site folder")
    parser.add_argument("--reports", default="reports/lighthouse", help="where reports go")
    args = parser.parse_args(argv)
    missed = []
    with StaticSite(Path(args.site)) as server:
        for name, path in PAGES.items():
            report = audit(server.url(path), Path(args.reports) / name)
            got = scores(report)
            print(f"{name:14} " + "  ".join(f"{c} {got[c]:.2f}" for c in CATEGORIES))
            for category, target in TARGETS.items():
                if got[category] < target:
                    missed.append(f"{name}: {category} {got[category]:.2f} < {target}")
                    missed += [f"  {line}" for line in failed_audits(report, category)]
    print(f"reports: {Path(args.reports).resolve()}/*.report.html")
    for line in missed:
        print(line, file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
