"""PDFs and scans: pages per second, conversion against extraction, a scanned plan built.

Four measures, on fixtures made from the bundled corpus (tests/formats_scan.py: printed to A4
with fpdf2, rasterised at 300 dpi, skewed and spoilt a little):

1. text PDFs: pages per second through pypdfium2 (``convert_pdf``), and the share of the time
   spent converting against extracting (``parse_text`` on the converted text);
2. OCR: pages per second of Tesseract (``ocr_images``) on one core and on all of them;
3. a scanned plan of ``--pages`` pages (20) built end to end with ``policykg build`` (the
   issue asks for under 2 minutes on this 2-core machine), its conversion/extraction split;
4. the same build again, unchanged: it must OCR nothing (the parse cache keys on the file's
   bytes). Every Tesseract run is counted through a wrapper put first on ``PATH``.

Wall-clock times: OCR runs in other processes. Everything is written to a temporary folder.

    python bench/formats.py [--pages 20] [--ocr-pages 4] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/formats_scan.py, the fixture makers

from policykg.loaders.ocr import ocr_available, ocr_images  # noqa: E402
from policykg.loaders.parse import parse_text  # noqa: E402
from policykg.loaders.pdf import convert_pdf  # noqa: E402
from tests import formats_scan  # noqa: E402

CORPUS = ROOT / "examples" / "corpus"
PLAN = CORPUS / "004_1b73a6d31f29fe0d.txt"  # the longest bundled plan
GOAL_S = 120


def text_pdfs(rows: list[tuple[str, str, str]]) -> None:
    pdfs = [(f.name, formats_scan.text_pdf(f.read_text("utf-8"), f.name)) for f in _corpus()]
    pages = convert_s = extract_s = 0.0
    for name, data in pdfs:
        start = time.perf_counter()
        converted = convert_pdf(data, name)
        mid = time.perf_counter()
        parse_text(converted.text, name)
        convert_s += mid - start
        extract_s += time.perf_counter() - mid
        pages += len(converted.pages)
    rows.append(("text PDF: pages", f"{pages:.0f}", f"{len(pdfs)} bundled documents"))
    rows.append(("text PDF: pages/s converted", f"{pages / convert_s:.1f}", "pypdfium2"))
    rows.append(("text PDF: pages/s parsed", f"{pages / (convert_s + extract_s):.1f}", "all"))
    rows.append(("text PDF: conversion share", _share(convert_s, extract_s), "of convert+parse"))


def ocr_speed(rows: list[tuple[str, str, str]], count: int) -> None:
    text = PLAN.read_text("utf-8")
    images = formats_scan.rasterise(formats_scan.text_pdf(text, PLAN.name), pages=range(count))
    for jobs, label in ((1, "one core"), (None, f"{os.cpu_count()} cores")):
        start = time.perf_counter()
        ocr_images(images, PLAN.name, jobs=jobs)
        took = time.perf_counter() - start
        rows.append((f"OCR: pages/s, {label}", f"{count / took:.2f}", f"{took / count:.1f} s/page"))


def scanned_plan(rows: list[tuple[str, str, str]], pages: int, jobs: int | None) -> bool:
    """Build a folder holding one scanned plan, twice; ``True`` if both meet the goals."""
    with tempfile.TemporaryDirectory(prefix="policykg-formats-") as tmp:
        work = Path(tmp)
        text = PLAN.read_text("utf-8")
        pdf = formats_scan.text_pdf(text, PLAN.name, font_size=12)
        images = formats_scan.rasterise(pdf, pages=range(pages))
        folder = work / "scans"
        folder.mkdir()
        # Black and white, as office scanners send a text: grey JPEG pages of 1.6 MB would
        # put 20 of them over the 20 MB input limit.
        scan = formats_scan.scan_pdf(images, bilevel=True)
        (folder / "plan-scan.pdf").write_bytes(scan)
        del images
        log = _counting_tesseract(work)
        env = {
            **os.environ,
            "PATH": f"{work / 'bin'}{os.pathsep}{os.environ['PATH']}",
            # Both builds run the same code: the parse cache keys on the loaders' source, and
            # an edit to it between the builds (a working tree in use) would look like a miss.
            "PYTHONPATH": str(_frozen_copy(work)),
        }
        store = work / "store"
        first, first_out = _build(folder, store, env, jobs)
        ocr_runs = _runs(log)
        second, second_out = _build(folder, store, env, jobs)
        again = _runs(log) - ocr_runs
    rows.append((f"scan build: {pages} pages, s", f"{first:.1f}", _goal(first)))
    rows.append(("scan build: PDF size, MB", f"{len(scan) / 1e6:.1f}", "bilevel, 300 dpi"))
    rows.append(("scan build: Tesseract runs", str(ocr_runs), f"one per page; {first_out}"))
    rows.append(("unchanged rebuild: s", f"{second:.1f}", second_out))
    rows.append(("unchanged rebuild: Tesseract runs", str(again), "must be 0"))
    return first < GOAL_S and again == 0 and ocr_runs == pages


def _frozen_copy(work: Path) -> Path:
    """A copy of the package as it is now, to put first on ``PYTHONPATH``."""
    code = work / "code"
    skip = shutil.ignore_patterns(
        ".*", "tests", "bench", "examples", "docs", "scripts", "*.egg-info", "__pycache__"
    )
    shutil.copytree(ROOT, code / "policykg", ignore=skip)
    return code


def _build(folder: Path, store: Path, env: dict[str, str], jobs: int | None) -> tuple[float, str]:
    command = [sys.executable, "-m", "policykg", "build", str(folder), "--store", str(store)]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"policykg build failed: {done.stderr.strip()}")
    last = (done.stderr.strip().splitlines() or [""])[-1]
    reused = re.search(r"\(\d+ reused, \d+ parsed\)", last)
    return took, reused.group() if reused else last[:60]


def _counting_tesseract(work: Path) -> Path:
    """A ``tesseract`` first on PATH that logs each run, then runs the real one."""
    real = shutil.which("tesseract")
    assert real is not None
    log = work / "tesseract.log"
    log.touch()
    wrapper = work / "bin" / "tesseract"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\ncase "$1" in --*) ;; *) echo page >> "{log}" ;; esac\nexec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return log


def _runs(log: Path) -> int:
    """Tesseract runs on a page (``--list-langs``, the check that it is installed, is not)."""
    return sum(1 for line in log.read_text().splitlines() if line == "page")


def split(rows: list[tuple[str, str, str]], pages: int) -> None:
    """Conversion against extraction for a scan: OCR of a few pages, then their parse."""
    text = PLAN.read_text("utf-8")
    images = formats_scan.rasterise(formats_scan.text_pdf(text, PLAN.name), pages=range(pages))
    start = time.perf_counter()
    read, _ = ocr_images(images, PLAN.name)
    mid = time.perf_counter()
    parse_text(read, PLAN.name)
    end = time.perf_counter()
    rows.append(("scan: conversion share", _share(mid - start, end - mid), "OCR of convert+parse"))


def _share(convert_s: float, extract_s: float) -> str:
    return f"{convert_s / (convert_s + extract_s):.1%}"


def _goal(seconds: float) -> str:
    return f"goal < {GOAL_S} s: {'met' if seconds < GOAL_S else 'MISSED'}"


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20, help="pages of the scanned plan built")
    ap.add_argument("--ocr-pages", type=int, default=4, help="pages OCR'd for the speed figures")
    ap.add_argument("--jobs", type=int, default=None, help="policykg build --jobs")
    args = ap.parse_args()
    missing = ocr_available()
    if missing is not None:
        raise SystemExit(missing)
    rows: list[tuple[str, str, str]] = []
    text_pdfs(rows)
    ocr_speed(rows, args.ocr_pages)
    split(rows, args.ocr_pages)
    ok = False
    try:
        ok = scanned_plan(rows, args.pages, args.jobs)
    finally:  # the figures so far, even if the build failed
        print(f"{'measure':<36}{'value':>10}  note")
        for measure, value, note in rows:
            print(f"{measure:<36}{value:>10}  {note}")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
