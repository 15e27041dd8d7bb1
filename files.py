"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from policykg.errors import InputError


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, what: str = "file") -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    An existing file keeps its permissions; a new one gets 0644 (``mkstemp`` makes files
    private, and what policykg writes is meant to be shared).

    Raises:
        InputError: the file cannot be written (missing folder, permissions, full disk); the
            previous file, if any, is untouched and no temporary file is left.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    except OSError as exc:
        raise InputError(f"{target}: cannot write the {what}: {exc.strerror or exc}") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"{target}: cannot write the {what}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"{target}: cannot write the {what}: {exc.strerror or exc}") from None
        raise
    return target
