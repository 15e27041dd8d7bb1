"""How the browser tests, ``bench/views.py`` and ``scripts/screenshot.py`` start Chromium.

Debian's chromium, headless, driven by Playwright; the flags keep it off the network
(without them it tries Google's hosts at every start, and this machine's closed network
refuses them) and out of the sandbox a root CI runner cannot give it.
"""

from __future__ import annotations

import shutil

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


def chromium_path() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"
