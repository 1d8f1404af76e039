"""Atomic file writes: a file appears complete under its name, or not at all.

Every output of rmtsym (certificates, LaTeX, figures, summaries) is written
to a temporary name in the destination folder and renamed with
:func:`os.replace` once complete, so an interrupted run (Ctrl-C, a full disk,
a crash) never leaves a truncated file behind and never destroys the
previous version.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> p = write_text(os.path.join(d, "a.txt"), "hello\\n")
>>> open(p).read()
'hello\\n'
>>> sorted(os.listdir(d))
['a.txt']
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
import os
import tempfile

from ..core.errors import RmtsymError

def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


_UMASK = _umask()

__all__ = ["atomic_path", "write_text", "check_writable_dir", "check_output_file"]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str | None = None) -> Iterator[str]:
    """Yield a temporary path next to ``path``; on success rename it to ``path``.

    On an exception (KeyboardInterrupt included) the temporary file is
    removed and ``path`` is left as it was.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    ext = suffix if suffix is not None else os.path.splitext(base)[1]
    fd, tmp = tempfile.mkstemp(prefix="." + base + ".", suffix=".tmp" + ext, dir=folder)
    os.close(fd)
    try:
        yield tmp
        with contextlib.suppress(OSError):      # mkstemp makes 0600; give the usual mode
            os.chmod(tmp, os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> str:
    """Write ``text`` to ``path`` atomically; returns ``str(path)``."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding=encoding) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    return str(path)


def check_writable_dir(path: str | os.PathLike[str], what: str = "--out") -> str:
    """Create the folder ``path`` if missing and check that files can be written there.

    Raises
    ------
    RmtsymError
        When ``path`` is an existing file, or a parent is a file, or the
        folder cannot be created or written — before any work is done.
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise RmtsymError(f"{what} must name a folder, got {path!r}")
    path = os.fspath(path)
    if os.path.exists(path) and not os.path.isdir(path):
        raise RmtsymError(f"{what} {path!r} exists and is not a folder; name a folder "
                          "(it is created if missing)")
    try:
        os.makedirs(path, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".rmtsym-probe.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise RmtsymError(f"{what} {path!r} cannot be written: "
                          f"{exc.strerror or exc.__class__.__name__}") from None
    return path


def check_output_file(path: str | os.PathLike[str], what: str = "-o", ext: str | None = None) -> str:
    """Check (before any work) that the file ``path`` can be written; create its folder.

    Raises
    ------
    RmtsymError
        Wrong extension, an existing folder of that name, or a folder that
        cannot be created or written.
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise RmtsymError(f"{what} must name a file, got {path!r}")
    path = os.fspath(path)
    if ext is not None and not path.endswith(ext):
        raise RmtsymError(f"{what} must name a {ext} file, got {path!r}")
    if os.path.isdir(path):
        raise RmtsymError(f"{what} {path!r} is a folder; name a {ext or ''} file".replace("  ", " "))
    folder = os.path.dirname(os.path.abspath(path))
    check_writable_dir(folder, what=f"{what}: the folder of")
    return path
