"""Lighthouse (the npm package pinned in package-lock.json) with mobile settings.

``make quality`` runs this module on the built ``output/``: it serves the folder with nginx
and the repository's config on 127.0.0.1 (``tests/nginx_support.py``), audits the landing
page and the seed article with Debian's Chromium, saves each report as JSON and HTML under
``reports/lighthouse/``, prints the four scores and exits 1 when a score misses its target.
``test_lighthouse.py`` uses the same ``audit()``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from nginx_support import Nginx
from tools.chromium import ARGS, CHROMIUM, LOOPBACK_ONLY

REPO = Path(__file__).resolve().parents[2]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
# Lighthouse splits its --chrome-flags at spaces unless a value is quoted.
NAME, VALUE = LOOPBACK_ONLY.split("=", 1)
CHROME_FLAGS = ["--headless=new", *ARGS, f'{NAME}="{VALUE}"']
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
    with tempfile.TemporaryDirectory() as prefix, Nginx(Path(args.site), Path(prefix)) as server:
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
