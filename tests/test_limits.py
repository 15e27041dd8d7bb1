"""Inputs over the size limit (POLICYKG_MAX_BYTES, 20 MB by default) are refused in one
line naming the file; a build with --keep-going lists them and goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.errors import InputError, PolicyKGError
from policykg.loaders import limits
from policykg.loaders.parse import parse_file, parse_text


def test_parse_refuses_an_input_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(limits.ENV_VAR, "1000")
    path = tmp_path / "big.txt"
    path.write_text("KẾ HOẠCH\n" + "x" * 2000, encoding="utf-8")
    with pytest.raises(InputError, match=r"big.txt: 2,\d{3} bytes is over the limit of 1,000"):
        parse_file(path)
    with pytest.raises(InputError, match=r"big\.txt"):
        parse_text(path.read_text(encoding="utf-8"), "big.txt")
    assert parse_file(path, max_bytes=5000).source == "big.txt"


def test_build_lists_an_oversized_file_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from policykg.cli import cli

    from .conftest import CORPUS

    monkeypatch.setenv(limits.ENV_VAR, "300000")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "huge.txt").write_text("KẾ HOẠCH\n" + "Nội dung. " * 40000, encoding="utf-8")
    store = tmp_path / "kg"
    refused = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store)])
    assert refused.exit_code == 1 and "huge.txt" in refused.stderr
    assert "Traceback" not in refused.output
    kept = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store), "--keep-going"])
    assert "over the limit of 300,000" in kept.stderr
    assert "5 documents" in kept.stderr


def test_a_scan_may_be_bigger_than_a_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A 20-page grey scan at 300 dpi is 35 MB: its size is its images, its text is small.
    monkeypatch.setenv(limits.ENV_VAR, "1000")
    text = tmp_path / "big.txt"
    text.write_bytes(b"x" * 2000)
    with pytest.raises(InputError, match="2,000 bytes is over the limit of 1,000 bytes"):
        parse_file(text)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 2000)  # not a real PDF: refused for that, not size
    with pytest.raises(PolicyKGError) as caught:
        parse_file(scan)
    assert "over the limit" not in str(caught.value)
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 20_000)
    with pytest.raises(InputError, match="over the limit of 10,000 bytes"):
        parse_file(scan)
