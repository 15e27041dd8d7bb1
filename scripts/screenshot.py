"""Regenerate docs/lineage.png, the README's picture: the lineage view of task 8.1 of 004.

    .venv/bin/python scripts/screenshot.py [--out docs/lineage.png]

Builds the bundled corpus into a temporary store, writes the view with the CLI, opens it
in headless Chromium (Debian's, not one Playwright downloads) with the network off, waits
until the page says it is drawn and stable, and saves a 1400×900 screenshot.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from policykg.cli import cli
from policykg.graph.build import build
from policykg.viz.headless import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
TASK = "004_1b73a6d31f29fe0d.txt#8.1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "lineage.png")
    parser.add_argument("--chromium", default=chromium_path())
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        page_file = Path(tmp) / "lineage.html"
        build([CORPUS], store)
        result = CliRunner().invoke(
            cli, ["view", "lineage", TASK, "-o", str(page_file), "--store", str(store)]
        )
        if result.exit_code != 0:
            sys.exit(f"policykg view lineage failed:\n{result.output}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=list(CHROMIUM_ARGS))
            context = browser.new_context(
                viewport={"width": 1400, "height": 900}, device_scale_factor=1
            )
            context.set_offline(True)
            page = context.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_function("() => !!(window.policykg && window.policykg.ready)")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB)", file=sys.stderr)


if __name__ == "__main__":
    main()
