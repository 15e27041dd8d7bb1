"""The README's examples, run, so that what it shows is what policykg does.

README.md's fenced blocks are read in order:

- ```sh: each line is run by bash in a copy of the bundled corpus (``examples/corpus`` under a
  temporary folder, whose store ``.policykg`` is built once for the module); ``policykg`` and
  ``.venv/bin/policykg`` are the policykg of this interpreter. Every line must exit 0.
- ```python: run by this interpreter in the same folder; it must exit 0.
- an output block (``` or ```text) right after one of those (nothing but blank lines
  between): what the block prints on stdout, compared exactly (trailing spaces aside).

An HTML comment on the last non-blank line before a block says how else to check it:

- ``<!-- not run: WHY -->``: not run (a server, an install, a browser).
- ``<!-- excerpt of: COMMAND | FILE -->``: a JSON block is a part of COMMAND's JSON output
  (each key shown is there with the value shown, except that each object of a list of
  objects matches one of the output's); any other block's lines are lines of COMMAND's
  output, or of FILE (in the repository), in that order.
- ``<!-- synopsis -->``: lines ``policykg COMMAND ... [--option ...]``; each command and
  option (and each choice listed as ``a|b``) is one that policykg has.

Any other block fails the test: nothing in the README goes unchecked unless it says why.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click
import pytest

from policykg.cli import cli

from .conftest import CORPUS, ROOT

README = ROOT / "README.md"
FENCE_REGEX = re.compile(r"^```([\w+-]*)\s*$")
MARK_REGEX = re.compile(r"^<!--\s*(not run|excerpt of|synopsis)\s*:?\s*(.*?)\s*-->$")
RUN = ("sh", "python")
OUTPUT = ("", "text")
TIMEOUT = 300  # seconds for one command: the first SPARQL or Cypher query builds a database


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    lang: str
    text: str
    line: int  # of the opening fence, from 1
    mark: str = ""  # "not run", "excerpt of", "synopsis", or "" for none
    what: str = ""  # the mark's text: the reason, or the command or file excerpted
    output: Block | None = None  # the output block right after a sh or python block

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def read_blocks(markdown: str) -> list[Block]:
    """The fenced blocks of a Markdown text, each output block attached to its command."""
    lines = markdown.splitlines()
    raw: list[tuple[Block, int]] = []  # each block, and the line after its closing fence
    last_text, i = "", 0
    while i < len(lines):
        fence = FENCE_REGEX.match(lines[i])
        if fence is None:
            if lines[i].strip():
                last_text = lines[i].strip()
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), None)
        if end is None:
            raise ValueError(f"README.md:{i + 1}: a code block is never closed")
        mark = MARK_REGEX.match(last_text)
        block = Block(
            lang=fence[1],
            text="\n".join(lines[i + 1 : end]),
            line=i + 1,
            mark=mark[1] if mark else "",
            what=mark[2] if mark else "",
        )
        raw.append((block, end + 1))
        last_text, i = "", end + 1
    blocks: list[Block] = []
    for (block, after), nxt in zip(raw, [*raw[1:], None], strict=True):
        if blocks and blocks[-1].output is block:
            continue
        output = nxt[0] if nxt is not None else None
        paired = (
            output is not None
            and block.lang in RUN
            and output.lang in OUTPUT
            and not output.mark
            and not any(line.strip() for line in lines[after : output.line - 1])
        )
        blocks.append(replace(block, output=output) if paired else block)
    return blocks


def normalise(text: str) -> str:
    """Trailing spaces and trailing blank lines do not count."""
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip("\n")


def shell_lines(text: str) -> list[str]:
    """The commands of a sh block: continuation lines joined, comments and blanks left out."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [
        line for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


@dataclass(frozen=True, slots=True)
class Workdir:
    """A copy of the bundled corpus, with its store built, and how to run commands there."""

    path: Path
    env: dict[str, str]

    def sh(self, line: str) -> str:
        """Run one README line with bash; its stdout. Fails the test on a non-zero exit."""
        command = re.sub(r"(?<![\w/.])\.venv/bin/(policykg|python)\b", r"\1", line)
        return self._run(["bash", "-o", "pipefail", "-c", command], f"`{line}`")

    def python(self, code: str) -> str:
        return self._run([sys.executable, "-c", code], "the Python block")

    def _run(self, argv: list[str], what: str) -> str:
        """stdout of ``argv`` run here; fails the test on a non-zero exit."""
        done = subprocess.run(
            argv, cwd=self.path, env=self.env, capture_output=True, encoding="utf-8",
            timeout=TIMEOUT,
        )  # fmt: skip
        if done.returncode != 0:
            pytest.fail(f"{what} exited {done.returncode}:\n{done.stderr[-2000:]}")
        return done.stdout


def _wrapper(folder: Path, name: str, target: list[str]) -> None:
    script = folder / name
    quoted = " ".join(shlex.quote(part) for part in target)
    script.write_text(f'#!/bin/sh\nexec {quoted} "$@"\n')
    script.chmod(0o755)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Workdir:
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(CORPUS, root / "examples" / "corpus")
    bin_dir = root / ".bin"
    bin_dir.mkdir()
    # The console script installed with this interpreter, else the module.
    script = Path(sys.executable).with_name("policykg")
    _wrapper(
        bin_dir,
        "policykg",
        [str(script)] if script.is_file() else [sys.executable, "-m", "policykg"],
    )
    _wrapper(bin_dir, "python", [sys.executable])
    env = {k: v for k, v in os.environ.items() if k != "POLICYKG_STORE"}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    work = Workdir(root, env)
    work.sh("policykg build examples/corpus")
    return work


BLOCKS = read_blocks(README.read_text(encoding="utf-8"))
RUNNABLE = [b for b in BLOCKS if b.lang in RUN and not b.mark]
EXCERPTS = [b for b in BLOCKS if b.mark == "excerpt of"]
SYNOPSES = [b for b in BLOCKS if b.mark == "synopsis"]


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_block_runs_and_prints_what_the_readme_shows(block: Block, workdir: Workdir) -> None:
    if block.lang == "sh":
        printed = "".join(workdir.sh(line) for line in shell_lines(block.text))
    else:
        printed = workdir.python(block.text)
    if block.output is not None:
        assert normalise(printed) == normalise(block.output.text), (
            f"README.md:{block.output.line}: the output shown is not what the commands print"
        )


def _missing(actual: Any, shown: Any, where: str = "$") -> str | None:
    """Where ``shown`` is not a part of ``actual`` (see the module docstring), or None."""
    if isinstance(shown, dict):
        if not isinstance(actual, dict):
            return f"{where}: not an object"
        for key, value in shown.items():
            if key not in actual:
                return f"{where}: no key {key!r}"
            if (problem := _missing(actual[key], value, f"{where}.{key}")) is not None:
                return problem
        return None
    if isinstance(shown, list) and shown and all(isinstance(s, dict) for s in shown):
        if not isinstance(actual, list):
            return f"{where}: not a list"
        for n, item in enumerate(shown):
            problems = [_missing(a, item, f"{where}[{n}]") for a in actual]
            if not actual:
                return f"{where}[{n}]: the list is empty"
            if all(p is not None for p in problems):
                # The deepest problem is the one of the item that came closest.
                return max((p for p in problems if p), key=lambda p: p.count(".") + p.count("["))
        return None
    if type(actual) is not type(shown) or actual != shown:
        return f"{where}: {actual!r}, not {shown!r}"
    return None


def _missing_lines(source: str, shown: str) -> str | None:
    """The first line shown that is not a line of ``source`` (in order), or None."""
    have = iter(normalise(source).splitlines())
    for line in normalise(shown).splitlines():
        if line.strip() and not any(line == h for h in have):
            return line
    return None


@pytest.mark.parametrize("block", EXCERPTS, ids=[b.id for b in EXCERPTS])
def test_excerpt_is_part_of_what_it_quotes(block: Block, workdir: Workdir) -> None:
    if re.match(r"(\.venv/bin/)?policykg\s", block.what):
        source = workdir.sh(block.what)
    else:
        source = (ROOT / block.what).read_text(encoding="utf-8")
    if block.lang == "json":
        problem = _missing(json.loads(source), json.loads(block.text))
    else:
        problem = _missing_lines(source, block.text)
    assert problem is None, f"{block.id}: not in {block.what}: {problem}"


def _commands(words: list[str]) -> list[click.Command]:
    """The (sub)commands a synopsis line names: ``view lineage|cascade`` is two."""
    found: list[click.Command] = [cli]
    for word in words:
        groups = [c for c in found if isinstance(c, click.Group)]
        names = word.split("|")
        if not groups or not all(n in groups[0].commands for n in names):
            break
        found = [g.commands[n] for g in groups for n in names]
    assert found != [cli], f"no policykg command in {' '.join(words)!r}"
    return found


@pytest.mark.parametrize("block", SYNOPSES, ids=[b.id for b in SYNOPSES])
def test_synopsis_names_real_commands_and_options(block: Block) -> None:
    for line in block.text.splitlines():
        usage = line.split("  #", 1)[0].strip()
        if not usage:
            continue
        words = usage.split()
        assert words[0] == "policykg", f"{block.id}: {line!r} is not a policykg command"
        for command in _commands(words[1:]):
            options = {o: p for p in command.params for o in p.opts if o.startswith("-")}
            for match in re.finditer(
                r"(?<![\w/-])(--?[a-zA-Z][\w-]*)(?:[ =]([a-z|]+\|[a-z]+))?", usage
            ):
                option = options.get(match[1])
                assert option is not None, f"{block.id}: {command.name} has no {match[1]}"
                if match[2] and isinstance(option.type, click.Choice):
                    wrong = set(match[2].split("|")) - {str(c).lower() for c in option.type.choices}
                    assert not wrong, f"{block.id}: {command.name} {match[1]} has no {wrong}"


def test_every_block_is_checked_or_says_why_not() -> None:
    for block in BLOCKS:
        assert block.lang in RUN or block.mark, (
            f"{block.id}: a ```{block.lang} block the test cannot check; mark it"
        )
        if block.mark == "not run":
            assert block.what, f"{block.id}: say why the block is not run"
    assert len([b for b in BLOCKS if b.output is not None]) >= 5, "the README shows no outputs"


def test_no_section_twice() -> None:
    text = README.read_text(encoding="utf-8")
    outside = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    headings = re.findall(r"^#+ .+$", outside, flags=re.M)
    twice = {h for h in headings if headings.count(h) > 1}
    assert not twice, f"sections that appear twice: {sorted(twice)}"


def test_first_screen_commands(workdir: Workdir) -> None:
    """The two commands for a newcomer stay first, and true: the install extra exists, the
    Python version is the package's, and the policykg commands in the chain run."""
    first = BLOCKS[0]
    assert first.lang == "sh" and first.mark == "not run", "the first block: install, run, test"
    install, tests = shell_lines(first.text)
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && ")
    assert tests == ".venv/bin/python -m pytest"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"^dev = \[", pyproject, flags=re.M), "pyproject.toml has no [dev] extra"
    version = re.search(r'^requires-python = ">=(3\.\d+)"', pyproject, flags=re.M)
    assert version is not None
    assert f"Python ≥ {version[1]}" in README.read_text(encoding="utf-8")
    steps = [s.strip() for s in install.split("&&")]
    run = [s for s in steps if s.startswith(".venv/bin/policykg ")]
    assert [s.split()[1] for s in run[:2]] == ["build", "lineage"]
    for step in run:
        workdir.sh(step)


def test_the_checker_sees_drift() -> None:
    """The pairing and comparison above would catch an output that no longer matches."""
    text = (
        "a\n\n```sh\necho one  # first\n```\n\n```\ntwo\n```\n"
        "\n<!-- not run: x -->\n```sh\nx\n```\n"
    )
    run, skipped = read_blocks(text)
    assert run.output is not None and run.output.text == "two"
    assert (skipped.mark, skipped.what, skipped.output) == ("not run", "x", None)
    printed = subprocess.run(
        ["bash", "-c", shell_lines(run.text)[0]], capture_output=True, text=True
    )
    assert normalise(printed.stdout) == "one"
    assert normalise(printed.stdout) != normalise(run.output.text)
    assert _missing({"a": [{"b": 1, "c": 2}]}, {"a": [{"b": 1}]}) is None
    assert _missing({"a": [{"b": 1}, {"c": 3}]}, {"a": [{"b": 2}]}) == "$.a[0].b: 1, not 2"
    assert _missing({"a": 1}, {"a": 1.0}) == "$.a: 1, not 1.0"
    assert _missing({"a": [10, 42]}, {"a": [42, 10]}) == "$.a: [10, 42], not [42, 10]"
