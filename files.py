"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from policykg.errors import InputError


def temp_prefix(name: str) -> str:
    """The prefix of a temporary file or folder for ``name``: hidden, with the writer's pid,
    so that a cleaner removes only what a dead process left (:func:`is_orphan`)."""
    return f".{name}.{os.getpid()}."


def is_orphan(path: Path) -> bool:
    """Whether the temporary ``path`` (named by :func:`temp_prefix`) has no living writer."""
    parts = path.name.removesuffix(".tmp").rsplit(".", 2)  # ".name", pid, random
    pid = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
    if pid is None:
        return True  # named by an older version: its writer is long gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has exited but not been reaped (a killed build's worker, where the
    system's first process does not reap) still answers a signal; it writes nothing."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # not Linux, or gone meanwhile: the signal said it was there
    # The state follows the command name, which is in brackets and may hold spaces.
    return stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] == "Z"


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], *, what: str = "file", durable: bool = True
) -> Iterator[IO[bytes]]:
    """A file to write ``path`` through, renamed over it when the block ends well.

    An existing file keeps its permissions; a new one gets 0644 (``mkstemp`` makes files
    private, and what policykg writes is meant to be shared). If the block raises, the
    previous file, if any, is untouched and no temporary file is left. ``durable=False``
    skips the sync to disk, for files a checksum vouches for (a crash may leave them
    empty, never half of the old one).

    Raises:
        InputError: the file cannot be written (missing folder, permissions, full disk).
    """
    target = Path(path)

    def failed(exc: OSError) -> InputError:
        return InputError(f"{target}: cannot write the {what}: {exc.strerror or exc}")

    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    except OSError as exc:
        raise failed(exc) from None
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=temp_prefix(target.name), suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise failed(exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise failed(exc) from None
        raise


def atomic_write(
    path: str | os.PathLike[str], data: bytes | str, *, what: str = "file", durable: bool = True
) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename
    (:func:`atomic_writer`): readers see the old file or the new one, never half of one.

    Raises:
        InputError: the file cannot be written; the previous file, if any, is untouched.
    """
    with atomic_writer(path, what=what, durable=durable) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
