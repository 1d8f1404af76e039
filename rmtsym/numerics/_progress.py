"""Progress bars of long numeric operations (tqdm on stderr, quiet when not a terminal).

The policy is the one of :func:`rmtsym.sampling.sample_spectra` and the
sampling campaigns: a bar appears only when stderr is a terminal, so
redirected logs and captured output stay clean.  ``progress=None`` (the
default of every operation that takes it) means exactly that; ``True``
forces a bar (on stderr, terminal or not), ``False`` never shows one.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from ..core.errors import RmtsymError

__all__ = ["Progress", "progress_enabled"]


def progress_enabled(progress: bool | None) -> bool:
    """Whether a bar is shown: ``None`` -> stderr is a terminal; a bool -> itself.

    Raises
    ------
    RmtsymError
        If ``progress`` is neither None nor a bool.

    Examples
    --------
    >>> progress_enabled(False), progress_enabled(True)
    (False, True)
    """
    if progress is None:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())   # no bars in redirected logs
    if not isinstance(progress, bool):
        raise RmtsymError(f"progress must be None (auto: only on a terminal), True or False, "
                          f"got {progress!r}")
    return progress


class Progress:
    """A tqdm bar on stderr, or nothing (:func:`progress_enabled`); a context manager.

    Examples
    --------
    >>> with Progress(False, total=3, desc="scan") as bar:
    ...     bar.update()
    >>> bar.bar is None
    True
    """

    def __init__(self, progress: bool | None, total: int | None = None, desc: str = "",
                 unit: str = "step") -> None:
        self.bar: Any = None
        if progress_enabled(progress):
            from tqdm import tqdm
            self.bar = tqdm(total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True,
                            file=sys.stderr)

    def update(self, n: int = 1) -> None:
        """Advance the bar by ``n`` steps."""
        if self.bar is not None:
            self.bar.update(n)

    def add_total(self, n: int) -> None:
        """Raise the expected number of steps by ``n`` (work found on the way)."""
        if self.bar is not None:
            self.bar.total = (self.bar.total or 0) + n
            self.bar.refresh()

    def describe(self, desc: str) -> None:
        """Change the label of the bar."""
        if self.bar is not None:
            self.bar.set_description_str(desc)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


#: the bar of nothing (default argument of the internal steps)
QUIET = Progress(False)
