r"""Sampling campaigns: many matrices, chunked, streamed to disk, on one machine or a Dask cluster.

:func:`run_campaign` draws the same matrices as
:func:`rmtsym.sampling.ensembles.sample_spectra` — matrix ``i`` of a campaign
with root seed ``seed`` is drawn with
``default_rng(SeedSequence(seed).spawn(samples)[i])`` — but splits them into
*chunks* of consecutive matrices that are computed anywhere:

* ``scheduler="local"`` (default): in this process (``workers=1``) or on a
  local process pool (today's behaviour of ``sample_spectra(jobs=...)``);
* ``scheduler="tcp://host:8786"`` (an address) or a
  :class:`dask.distributed.Client`: on the workers of a ``dask.distributed``
  cluster (``pip install 'rmtsym[campaign]'``; every worker needs rmtsym).

The seeds are per matrix, so the eigenvalues depend on
``(sampler, n, samples, seed, params)`` only: never on the scheduler, the
number of workers, the chunk size, the order in which chunks finish, workers
that die (Dask recomputes their chunks elsewhere) or restarts.

With ``out=FOLDER`` every finished chunk is written at once to
``FOLDER/chunk_<index>.npy`` (to a temporary name in the same folder, then
:func:`os.replace`, so a chunk file is either complete or absent) next to a
JSON manifest ``campaign.json`` holding the campaign record.  Running the same
campaign again with the same ``out`` resumes it: chunk files already present
are checked (shape, dtype) and reused, not recomputed nor rewritten; only the
missing chunks are computed.  A folder holding a *different* campaign is
refused.

``dask`` is imported only when a Dask scheduler is asked for.

Examples
--------
>>> import tempfile
>>> from rmtsym.sampling import sample_spectra
>>> ref = sample_spectra("wishart", 20, 12, seed=3, params={"ratio": 0.5})
>>> with tempfile.TemporaryDirectory() as d:
...     r = run_campaign("wishart", 20, 12, seed=3, params={"ratio": 0.5}, out=d, chunk=5)
...     again = run_campaign("wishart", 20, 12, seed=3, params={"ratio": 0.5}, out=d, chunk=5)
...     same = bool((again.eigenvalues == ref.eigenvalues).all())
>>> r.chunks, len(r.computed), len(again.computed), len(again.reused), same
(3, 3, 0, 3, True)
"""

from __future__ import annotations

import inspect
import json
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from ..core.errors import RmtsymError, require
from .ensembles import (SpectrumSample, _BlasThreads, _check_memory, _one_blas_thread,
                        default_jobs)
from .registry import SAMPLERS

__all__ = ["run_campaign", "use_scheduler", "load_campaign", "CampaignResult", "default_chunk", "child_seed",
           "pastur_fig3_campaign", "PASTUR_FIG3_SAMPLES", "Fig3Result", "main",
           "MANIFEST", "FORMAT"]

#: name of the manifest file of a campaign folder
MANIFEST = "campaign.json"
#: format tag written in the manifest
FORMAT = "rmtsym-campaign/1"
#: most matrices of one campaign
MAX_CAMPAIGN_SAMPLES = 10**10
#: seconds to wait for a Dask scheduler before giving up
CONNECT_TIMEOUT = 5.0


# ---------------------------------------------------------------------------
# seeds and chunks
# ---------------------------------------------------------------------------

def child_seed(seed: int, i: int) -> np.random.SeedSequence:
    r"""The seed of matrix ``i``: ``SeedSequence(seed).spawn(samples)[i]``, built without spawning.

    ``SeedSequence.spawn`` gives child ``i`` the entropy of its parent and the
    spawn key ``(i,)``, so it can be rebuilt in any process from
    ``(seed, i)`` alone — a worker never needs the whole list of children.

    Parameters
    ----------
    seed : int
        Root seed of the campaign (>= 0).
    i : int
        Index of the matrix (>= 0).

    Returns
    -------
    numpy.random.SeedSequence

    Examples
    --------
    >>> import numpy as np
    >>> a = np.random.SeedSequence(7).spawn(5)[3].generate_state(2)
    >>> bool((child_seed(7, 3).generate_state(2) == a).all())
    True
    """
    return np.random.SeedSequence(int(seed), spawn_key=(int(i),))


def default_chunk(n: int, samples: int) -> int:
    r"""Default number of matrices per chunk: a function of ``(n, samples)`` only.

    The smallest of 10⁶/n (a chunk file of at most 8 MB), 10⁹/n³ (about a
    second or two of ``eigvalsh`` work), and ⌈samples/64⌉ (at least ~64
    chunks to share out), and at least 1.  It does not depend on the number
    of workers, so a campaign resumed on another cluster finds its chunks.

    Parameters
    ----------
    n, samples : int

    Returns
    -------
    int

    Examples
    --------
    >>> default_chunk(10, 10**7), default_chunk(1000, 10**4), default_chunk(50, 100)
    (100000, 1, 2)
    """
    return int(max(1, min(10**6 // n, 10**9 // n**3, -(-samples // 64))))


def _bounds(samples: int, chunk: int) -> list[tuple[int, int]]:
    return [(lo, min(lo + chunk, samples)) for lo in range(0, samples, chunk)]


def _compute_chunk(sampler, n, params, seed, lo, hi):
    """Eigenvalues of matrices lo..hi-1 (rows), each from its own child seed; runs on any worker.

    ``sampler`` is a registry name, or (on Dask) the function itself, which
    cloudpickle ships by reference or by value, so samplers registered at run
    time in the client reach the workers too.
    """
    fn = SAMPLERS[sampler] if isinstance(sampler, str) else sampler
    sampler = getattr(fn, "__name__", sampler) if not isinstance(sampler, str) else sampler
    out = np.empty((hi - lo, n))
    with _BlasThreads(1):
        for r, i in enumerate(range(lo, hi)):
            ev = np.asarray(fn(n, np.random.default_rng(child_seed(seed, i)), **params))
            if ev.shape != (n,):
                raise RmtsymError(f"sampler {sampler!r} returned shape {ev.shape}, expected ({n},)")
            out[r] = ev
    return out


# ---------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------

@dataclass
class CampaignResult:
    """A finished campaign: its record, where its chunks are, and what this run did.

    Attributes
    ----------
    record : dict
        ``sampler``, ``params``, ``n``, ``samples``, ``seed``, ``chunk``.
    out : str or None
        The campaign folder (None: chunks kept in memory).
    computed : list of int
        Chunks computed by this run.
    reused : list of int
        Chunks found finished on disk and not recomputed.
    elapsed : float
        Wall-clock seconds of this run.
    scheduler : str
        ``"local"`` or the Dask scheduler address.
    """

    record: dict[str, Any]
    out: str | None
    computed: list[int] = field(default_factory=list)
    reused: list[int] = field(default_factory=list)
    elapsed: float = 0.0
    scheduler: str = "local"
    _memory: dict[int, np.ndarray] | None = field(default=None, repr=False)
    _eigenvalues: np.ndarray | None = field(default=None, repr=False)

    @property
    def chunks(self) -> int:
        """Number of chunks of the campaign."""
        return len(_bounds(self.record["samples"], self.record["chunk"]))

    @property
    def matrices_per_second(self) -> float:
        """Throughput of this run: matrices computed (not reused) per wall-clock second."""
        b = _bounds(self.record["samples"], self.record["chunk"])
        done = sum(b[i][1] - b[i][0] for i in self.computed)
        return done / self.elapsed if self.elapsed > 0 else float("nan")

    def chunk_path(self, index: int) -> str | None:
        """Path of chunk ``index`` (None when the campaign is kept in memory)."""
        if self.out is None:
            return None
        return _chunk_path(self.out, index, self.chunks)

    def iter_chunks(self) -> Iterator[tuple[int, int, np.ndarray]]:
        """Yield ``(lo, hi, eigenvalues)`` chunk by chunk (memory-mapped from disk when ``out``)."""
        for i, (lo, hi) in enumerate(_bounds(self.record["samples"], self.record["chunk"])):
            if self._memory is not None:
                yield lo, hi, self._memory[i]
            else:
                yield lo, hi, np.load(_chunk_path(str(self.out), i, self.chunks), mmap_mode="r")

    @property
    def eigenvalues(self) -> np.ndarray:
        """All eigenvalues, shape (samples, n), rows in matrix order (loaded on first access)."""
        if self._eigenvalues is None:
            rec = self.record
            need = 8.0 * rec["samples"] * rec["n"]
            from .ensembles import available_memory
            have = available_memory()
            require(have is None or need < 0.8 * have,
                    f"the campaign holds {need / 2**30:.3g} GiB of eigenvalues, more than fits in "
                    f"memory: use iter_chunks() or histogram()")
            self._eigenvalues = np.concatenate([np.asarray(a) for _, _, a in self.iter_chunks()])
        return self._eigenvalues

    def sample(self) -> SpectrumSample:
        """The campaign as a :class:`~rmtsym.sampling.ensembles.SpectrumSample`."""
        rec = self.record
        return SpectrumSample(rec["sampler"], dict(rec["params"]), rec["n"], rec["samples"],
                              rec["seed"], self.eigenvalues)

    def extent(self) -> tuple[float, float]:
        """(smallest, largest) eigenvalue, streaming over the chunks."""
        lo, hi = math.inf, -math.inf
        for _, _, a in self.iter_chunks():
            lo, hi = min(lo, float(np.min(a))), max(hi, float(np.max(a)))
        return lo, hi

    def histogram(self, edges: ArrayLike) -> np.ndarray:
        """Counts of all eigenvalues in the bins ``edges`` (streaming; values outside are dropped)."""
        edges = np.asarray(edges, dtype=float)
        counts = np.zeros(len(edges) - 1, dtype=np.int64)
        for _, _, a in self.iter_chunks():
            counts += np.histogram(np.asarray(a).ravel(), bins=edges)[0]
        return counts

    def __repr__(self) -> str:
        rec = self.record
        where = self.out if self.out is not None else "memory"
        return (f"CampaignResult({rec['sampler']!r}, n={rec['n']}, samples={rec['samples']}, "
                f"seed={rec['seed']}, chunks={self.chunks} (computed {len(self.computed)}, "
                f"reused {len(self.reused)}), {self.matrices_per_second:.3g} matrices/s, "
                f"in {where})")


# ---------------------------------------------------------------------------
# disk
# ---------------------------------------------------------------------------

def _chunk_path(out, index, nchunks):
    width = max(6, len(str(nchunks - 1)))
    return os.path.join(out, f"chunk_{index:0{width}d}.npy")


def _atomic_write_bytes(path, data):
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_chunk(path, arr):
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, arr)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _chunk_ok(path, rows, n):
    try:
        a = np.load(path, mmap_mode="r")
    except (OSError, ValueError):
        return False
    return a.shape == (rows, n) and a.dtype == np.float64


def _write_manifest(out, record, complete, stats=None):
    doc = {"format": FORMAT, "record": record, "complete": bool(complete),
           "chunks": len(_bounds(record["samples"], record["chunk"])),
           "files": "chunk_<index>.npy: float64 array (rows = matrices lo..hi-1, columns = n "
                    "eigenvalues); chunk i holds matrices i*chunk .. min((i+1)*chunk, samples)-1"}
    if stats:
        doc["last_run"] = stats
    _atomic_write_bytes(os.path.join(out, MANIFEST),
                        (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode())


def _read_manifest(out):
    path = os.path.join(out, MANIFEST)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError) as exc:
        raise RmtsymError(f"out: cannot read the campaign manifest {path}: {exc}") from None
    require(isinstance(doc, dict) and doc.get("format") == FORMAT and "record" in doc,
            f"out: {path} is not an rmtsym campaign manifest (format {FORMAT})")
    return doc


def load_campaign(out: str | os.PathLike[str]) -> CampaignResult:
    r"""Open the campaign folder ``out`` written by :func:`run_campaign`.

    Parameters
    ----------
    out : str or os.PathLike

    Returns
    -------
    CampaignResult
        With ``computed`` empty and ``reused`` the chunks present.

    Raises
    ------
    RmtsymError
        If ``out`` holds no manifest or some chunk is missing (rerun
        :func:`run_campaign` with the manifest's record to finish it).
    """
    out = os.fspath(out)
    doc = _read_manifest(out)
    rec = doc["record"]
    bounds = _bounds(rec["samples"], rec["chunk"])
    missing = [i for i, (lo, hi) in enumerate(bounds)
               if not _chunk_ok(_chunk_path(out, i, len(bounds)), hi - lo, rec["n"])]
    require(not missing, f"out: campaign in {out} is incomplete: {len(missing)} of {len(bounds)} "
                         f"chunks missing (first {missing[0] if missing else None}); rerun "
                         f"run_campaign with its record to resume")
    return CampaignResult(rec, out, computed=[], reused=list(range(len(bounds))))


# ---------------------------------------------------------------------------
# progress
# ---------------------------------------------------------------------------

class _Progress:
    """Matrices/s on stderr: a tqdm bar on a terminal, otherwise a plain line every few seconds."""

    def __init__(self, enabled, total, initial, desc, every=5.0):
        self.enabled, self.total, self.done, self.desc = enabled, total, initial, desc
        self.start, self.fresh, self.last, self.every = time.perf_counter(), 0, 0.0, every
        self.bar = None
        if enabled and getattr(sys.stderr, "isatty", lambda: False)():
            from tqdm import tqdm
            self.bar = tqdm(total=total, initial=initial, desc=desc, unit=" matrices",
                            leave=False, dynamic_ncols=True, file=sys.stderr)

    def update(self, k):
        self.done += k
        self.fresh += k
        if self.bar is not None:
            self.bar.update(k)
        elif self.enabled:
            now = time.perf_counter()
            if now - self.last >= self.every or self.done >= self.total:
                self.last = now
                sys.stderr.write(self.line() + "\n")
                sys.stderr.flush()

    def rate(self):
        dt = time.perf_counter() - self.start
        return self.fresh / dt if dt > 0 else float("nan")

    def line(self):
        r = self.rate()
        left = (self.total - self.done) / r if r and r > 0 else float("nan")
        return (f"{self.desc}: {self.done}/{self.total} matrices, {r:.4g} matrices/s, "
                f"~{left:.0f} s left")

    def close(self):
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------------
# schedulers
# ---------------------------------------------------------------------------

def _dask_client(scheduler, connect_timeout):
    """(client, address, owned): connect to an address, or take a Client as given."""
    try:
        from distributed import Client
    except ImportError:
        raise RmtsymError("scheduler: a Dask scheduler needs dask.distributed: "
                          "pip install 'rmtsym[campaign]' (or 'dask[distributed]')") from None
    if isinstance(scheduler, Client):
        return scheduler, str(scheduler.scheduler.address), False
    address = scheduler
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise RmtsymError(f"scheduler: cannot reach the Dask scheduler at {address!r} within "
                          f"{connect_timeout:g} s ({type(exc).__name__})") from None
    except ValueError as exc:
        raise RmtsymError(f"scheduler: bad Dask scheduler address {address!r}: {exc}") from None
    return client, address, True


def _run_dask(client, tasks, args):
    """Yield (index, array) as the chunks finish on the cluster; cancel the rest on exit."""
    from distributed import as_completed as dask_completed
    futs = {}
    for i, lo, hi in tasks:
        fut = client.submit(_compute_chunk, *args, lo, hi, pure=False)
        futs[fut] = i
    try:
        for fut in dask_completed(list(futs), loop=client.loop):
            try:
                arr = fut.result()
            except Exception as exc:
                if type(exc).__name__ != "KilledWorker":
                    raise
                raise RmtsymError(
                    f"chunk {futs[fut]} killed Dask workers repeatedly (out of memory? a "
                    f"crashing sampler?); finished chunks are kept, rerun to resume: {exc}"
                ) from None
            yield futs[fut], arr
            fut.release()
    finally:
        pending = [f for f in futs if not f.done()]
        if pending:
            client.cancel(pending)


def _run_pool(workers, tasks, args):
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_one_blas_thread)
    futs = {pool.submit(_compute_chunk, *args, lo, hi): i for i, lo, hi in tasks}
    ok = False
    try:
        for fut in as_completed(futs):
            yield futs[fut], fut.result()
        ok = True
    finally:
        if ok:
            pool.shutdown()
        else:   # Ctrl-C, a failed chunk or the caller stopped: stop the workers now
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()


def _run_here(tasks, args):
    for i, lo, hi in tasks:
        yield i, _compute_chunk(*args, lo, hi)


# ---------------------------------------------------------------------------
# sample_spectra on a Dask cluster
# ---------------------------------------------------------------------------

class use_scheduler:
    r"""Context manager: every :func:`~rmtsym.sampling.sample_spectra` call inside runs on Dask.

    ``with use_scheduler("tcp://host:8786"): ...`` connects once (an
    unreachable scheduler is an :class:`RmtsymError` naming the address) and
    routes each ``sample_spectra`` call in the block — e.g. the empirical
    checks of ``rmtsym verify`` — through :func:`run_campaign` on that
    cluster (in memory, default chunks).  The eigenvalues are the same bit
    for bit, so verdicts do not change; ``jobs`` is ignored there.
    ``use_scheduler("local")`` does nothing.

    Parameters
    ----------
    scheduler : "local", str or dask.distributed.Client
    connect_timeout : float, optional

    Examples
    --------
    >>> from rmtsym.sampling import sample_spectra
    >>> with use_scheduler("local"):
    ...     s = sample_spectra("wigner", 10, 2, seed=0)
    >>> s.eigenvalues.shape
    (2, 10)
    """

    def __init__(self, scheduler: Any, connect_timeout: float = CONNECT_TIMEOUT) -> None:
        require(isinstance(scheduler, str) or
                (type(scheduler).__module__ or "").split(".")[0] == "distributed",
                f"scheduler must be 'local', an address or a dask.distributed.Client, "
                f"got {type(scheduler).__name__}")
        self.scheduler, self.connect_timeout = scheduler, float(connect_timeout)
        self.client: Any = None
        self.owned = False
        self.token: Any = None

    def __enter__(self) -> Any:
        from .ensembles import _SCHEDULER
        if self.scheduler == "local":
            self.token = _SCHEDULER.set(None)
            return None
        if isinstance(self.scheduler, str):
            require("://" in self.scheduler or ":" in self.scheduler,
                    f"scheduler must be 'local' or a Dask scheduler address like "
                    f"'tcp://127.0.0.1:8786', got {self.scheduler!r}")
        self.client, _, self.owned = _dask_client(self.scheduler, self.connect_timeout)
        self.token = _SCHEDULER.set(self.client)
        return self.client

    def __exit__(self, *exc: object) -> Literal[False]:
        from .ensembles import _SCHEDULER
        _SCHEDULER.reset(self.token)
        if self.owned:
            self.client.close()
        return False


def _sample_spectra_on(client, sampler, n, samples, seed, params, progress, desc):
    """sample_spectra's body inside use_scheduler: a campaign in memory on ``client``."""
    res = run_campaign(sampler, n, samples, seed, params, scheduler=client, progress=progress,
                       desc=desc)
    return SpectrumSample(sampler, params, n, samples, seed, res.eigenvalues)


# ---------------------------------------------------------------------------
# run_campaign
# ---------------------------------------------------------------------------

def _int(x, name, minimum, maximum=None):
    ok = isinstance(x, (int, np.integer)) and not isinstance(x, bool) and x >= minimum
    if maximum is not None:
        ok = ok and x <= maximum
    rng = f"in [{minimum}, {maximum}]" if maximum is not None else f">= {minimum}"
    require(ok, f"{name} must be an integer {rng}, got {x!r}")
    return int(x)


def _jsonable(params):
    try:
        back = json.loads(json.dumps(params, sort_keys=True))
    except (TypeError, ValueError) as exc:
        raise RmtsymError(f"params must be JSON values (numbers, strings, lists) to be recorded "
                          f"in the campaign manifest: {exc}") from None
    return back


def run_campaign(sampler: str, n: int, samples: int, seed: int,
                 params: Mapping[str, Any] | None = None, scheduler: Any = "local",
                 out: str | os.PathLike[str] | None = None, chunk: int | None = None,
                 progress: bool = False, workers: int | None = None,
                 connect_timeout: float = CONNECT_TIMEOUT, desc: str | None = None) -> CampaignResult:
    r"""Sample ``samples`` matrices of an ensemble in chunks, locally or on a Dask cluster.

    Parameters
    ----------
    sampler : str
        A key of :data:`rmtsym.sampling.SAMPLERS`.
    n : int
        Matrix dimension (>= 2).
    samples : int
        Number of matrices (>= 1).
    seed : int
        Root seed (>= 0); matrix i uses ``SeedSequence(seed).spawn(samples)[i]``
        (:func:`child_seed`), exactly as :func:`~rmtsym.sampling.sample_spectra`.
    params : dict, optional
        Keyword parameters of the sampler (JSON values).
    scheduler : "local", str or dask.distributed.Client, optional
        ``"local"`` (default): this machine, ``workers`` processes.  Otherwise
        the address of a ``dask.distributed`` scheduler (``"tcp://host:8786"``)
        or a connected ``Client``.
    out : str or os.PathLike, optional
        Campaign folder: chunks stream there and a rerun resumes (see the
        module docstring).  None: chunks are kept in memory.
    chunk : int, optional
        Matrices per chunk (default :func:`default_chunk`); part of the record,
        so a resumed campaign must use the same value.
    progress : bool, optional
        Report matrices/s on stderr (a tqdm bar when stderr is a terminal, a
        line every 5 s otherwise).
    workers : int, optional
        Local processes (default: :func:`~rmtsym.sampling.default_jobs`; 1 runs
        in this process).  Only with ``scheduler="local"``.
    connect_timeout : float, optional
        Seconds to wait for the Dask scheduler.
    desc : str, optional
        Label of the progress report.

    Returns
    -------
    CampaignResult
        ``.eigenvalues`` (samples × n, identical to ``sample_spectra``),
        ``.sample()``, ``.iter_chunks()``, ``.histogram(edges)``,
        ``.matrices_per_second``, ``.computed`` / ``.reused`` chunk lists.

    Raises
    ------
    RmtsymError
        On bad arguments, an unreachable scheduler (naming its address), a
        folder ``out`` holding another campaign, or matrices too large for
        memory.

    Notes
    -----
    A chunk is the rows lo..hi−1 with hi − lo = ``chunk`` (the last one
    shorter); row r is ``sampler(n, default_rng(child_seed(seed, lo + r)),
    **params)``.  Because nothing else enters a row, any partition of the
    rows among processes, machines or reruns gives the same array bit for
    bit.  On Dask, a worker that dies loses only its running chunks, which
    the scheduler reassigns; chunks are written by the caller (the workers
    need no shared file system).

    Examples
    --------
    >>> r = run_campaign("wigner", 30, 6, seed=1, chunk=4, workers=1)
    >>> r.eigenvalues.shape, r.chunks
    ((6, 30), 2)
    """
    t0 = time.perf_counter()
    require(isinstance(sampler, str) and sampler in SAMPLERS,
            f"sampler must be one of {sorted(SAMPLERS)}, got {sampler!r}")
    n = _int(n, "n", 2)
    samples = _int(samples, "samples", 1, MAX_CAMPAIGN_SAMPLES)
    seed = _int(seed, "seed", 0)
    require(params is None or isinstance(params, dict),
            f"params must be a dict or None, got {type(params).__name__}")
    params = dict(params or {})
    require(all(isinstance(k, str) for k in params), "params: keys must be strings")
    try:
        inspect.signature(SAMPLERS[sampler]).bind(n, None, **params)
    except TypeError as exc:
        raise RmtsymError(f"params: {exc} (sampler {sampler!r})") from None
    chunk = default_chunk(n, samples) if chunk is None else _int(chunk, "chunk", 1)
    chunk = min(chunk, samples)
    require(isinstance(progress, bool), f"progress must be True or False, got {progress!r}")
    try:
        connect_timeout = float(connect_timeout)
    except (TypeError, ValueError):
        raise RmtsymError(f"connect_timeout must be a positive number, got {connect_timeout!r}") \
            from None
    require(math.isfinite(connect_timeout) and connect_timeout > 0,
            f"connect_timeout must be a positive number, got {connect_timeout!r}")
    local = isinstance(scheduler, str) and scheduler == "local"
    if isinstance(scheduler, str) and not local:
        require(("://" in scheduler or ":" in scheduler) and scheduler.strip() == scheduler,
                f"scheduler must be 'local' or a Dask scheduler address like "
                f"'tcp://127.0.0.1:8786', got {scheduler!r}")
    elif not local:
        mod = type(scheduler).__module__ or ""
        require(mod.split(".")[0] == "distributed",
                f"scheduler must be 'local', an address or a dask.distributed.Client, "
                f"got {type(scheduler).__name__}")
    if workers is not None:
        require(local, "workers: only with scheduler='local' (a Dask cluster has its own workers)")
        workers = _int(workers, "workers", 1)
    elif local:
        workers = default_jobs()
    _check_memory(n, 1, workers if local else 1, params)

    record = {"sampler": sampler, "params": _jsonable(params), "n": n, "samples": samples,
              "seed": seed, "chunk": chunk}
    bounds = _bounds(samples, chunk)
    nchunks = len(bounds)
    done: list[int] = []
    memory: dict[int, np.ndarray] | None = None
    if out is not None:
        try:
            out = os.fspath(out)
        except TypeError:
            raise RmtsymError(f"out must be a folder path, got {type(out).__name__}") from None
        require(not os.path.exists(out) or os.path.isdir(out),
                f"out must be a folder, {out!r} is a file")
        os.makedirs(out, exist_ok=True)
        if os.path.exists(os.path.join(out, MANIFEST)):
            old = _read_manifest(out)["record"]
            if old != record:
                diff = sorted(k for k in set(old) | set(record) if old.get(k) != record.get(k))
                raise RmtsymError(
                    f"out: {out} holds a different campaign (differs in {', '.join(diff)}: "
                    f"{ {k: old.get(k) for k in diff} }); use another folder or the same arguments")
        else:
            _write_manifest(out, record, complete=False)
        for name in os.listdir(out):     # leftovers of writes interrupted before their rename
            if name.startswith(".chunk_") and name.endswith(".tmp"):
                try:
                    os.remove(os.path.join(out, name))
                except OSError:
                    pass
        done = [i for i, (lo, hi) in enumerate(bounds)
                if _chunk_ok(_chunk_path(out, i, nchunks), hi - lo, n)]
    else:
        memory = {}
    done_set = set(done)
    tasks = [(i, lo, hi) for i, (lo, hi) in enumerate(bounds) if i not in done_set]
    args = (sampler, n, params, seed)

    client: Any = None
    owned, address = False, "local"
    if tasks and not local:
        client, address, owned = _dask_client(scheduler, connect_timeout)
    elif not local:
        address = scheduler if isinstance(scheduler, str) else "client"

    bar = _Progress(progress, samples, sum(bounds[i][1] - bounds[i][0] for i in done),
                    desc or f"campaign {sampler} n={n}")
    computed: list[int] = []
    stream: Iterator[Any]
    try:
        if not tasks:
            stream = iter(())
        elif client is not None:
            stream = _run_dask(client, tasks, (SAMPLERS[sampler],) + args[1:])
        elif workers == 1 or len(tasks) == 1:
            stream = _run_here(tasks, args)
        else:
            stream = _run_pool(min(int(workers or 1), len(tasks)), tasks, args)
        try:
            for i, arr in stream:
                if memory is not None:
                    memory[i] = arr
                else:
                    _write_chunk(_chunk_path(out, i, nchunks), arr)
                computed.append(i)
                bar.update(bounds[i][1] - bounds[i][0])
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
    finally:
        bar.close()
        if owned:
            client.close()
    elapsed = time.perf_counter() - t0
    result = CampaignResult(record, out, computed=sorted(computed), reused=sorted(done),
                            elapsed=elapsed, scheduler=address, _memory=memory)
    if memory is not None:
        result._eigenvalues = (np.concatenate([memory[i] for i in range(nchunks)])
                               if nchunks > 1 else memory[0])
    if out is not None:
        _write_manifest(out, record, complete=True,
                        stats={"computed_chunks": len(computed), "reused_chunks": len(done),
                               "seconds": round(elapsed, 3),
                               "matrices_per_second": result.matrices_per_second,
                               "scheduler": address})
    if progress:
        sys.stderr.write(f"{result!r}\n")
    return result


# ---------------------------------------------------------------------------
# Pastur's Fig. 3 at paper size (seed 000_f11574a8ed5d65a0.txt)
# ---------------------------------------------------------------------------

#: matrices per width n: the paper's (seed 000, caption of Fig. 3) and the one-machine default
PASTUR_FIG3_SAMPLES = {
    "paper": {10: 10**7, 30: 10**7, 100: 10**6, 1000: 10**4},
    "small": {10: 10**4, 30: 10**4, 100: 10**3, 1000: 10},
}
#: the panels of Fig. 3: activation φ (columns) x depth L (rows)
PASTUR_FIG3_PANELS = (("linear", 2), ("hardtanh", 2), ("linear", 32), ("hardtanh", 32))


@dataclass
class Fig3Result:
    """The campaigns of Pastur's Fig. 3 and the mean sample densities ρ_n drawn from them.

    Attributes
    ----------
    campaigns : dict
        (activation, depth, n) -> :class:`CampaignResult`.
    panels : dict
        (activation, depth) -> ``{"edges": bin edges, "density": {n: ρ_n on the bins},
        "samples": {n: N}, "outside": {n: fraction of eigenvalues beyond the last edge}}``.
    record : dict
        scale, sizes, sampler parameters, seed.
    """

    campaigns: dict[tuple[str, int, int], CampaignResult]
    panels: dict[tuple[str, int], dict[str, Any]]
    record: dict[str, Any]

    def __repr__(self) -> str:
        sizes = self.record["samples"]
        return (f"Fig3Result(scale={self.record['scale']!r}, samples={sizes}, "
                f"panels={list(self.panels)})")


def _fig3_samples(scale, sizes):
    if isinstance(scale, str):
        require(scale in PASTUR_FIG3_SAMPLES,
                f"scale must be 'small', 'paper' or a fraction in (0, 1], got {scale!r}")
        table = dict(PASTUR_FIG3_SAMPLES[scale])
    else:
        require(isinstance(scale, (int, float)) and not isinstance(scale, bool)
                and 0 < scale <= 1, f"scale must be 'small', 'paper' or a fraction in (0, 1], "
                                    f"got {scale!r}")
        table = {n: max(2, int(round(scale * N))) for n, N in PASTUR_FIG3_SAMPLES["paper"].items()}
    if sizes is not None:
        sizes = list(sizes)
        require(sizes and all(s in table for s in sizes),
                f"sizes must be a non-empty subset of {sorted(table)}, got {sizes!r}")
        table = {n: table[n] for n in sorted(set(sizes))}
    return table


def pastur_fig3_campaign(scale: str | float = "small", scheduler: Any = "local",
                         out: str | os.PathLike[str] | None = None, seed: int = 0,
                         workers: int | None = None, progress: bool = False, bins: int = 120,
                         sizes: Iterable[int] | None = None, sigma_w2: float = 1.0,
                         sigma_b2: float = 0.1, q0: float = 1.0) -> Fig3Result:
    r"""Pastur's Fig. 3: mean sample densities ρ_n of M_n^L = J Jᵀ for L = 2, 32, φ = linear, HardTanh.

    Seed ``000_f11574a8ed5d65a0.txt`` (L. Pastur, "Eigenvalue distribution of
    large random matrices arising in deep neural networks: orthogonal case",
    2022), caption of Figure 3: "the arithmetic means ρ_n of the sample
    eigenvalue densities of M_n^L with Gaussian weights and biases for
    various L, n and φ, obtained by averaging over N = 10⁷ samples for
    n = 10, 30, N = 10⁶ samples for n = 10² and N = 10⁴ samples for n = 10³";
    rows L = 2, 32, columns φ = linear, HardTanh.

    Each (φ, L, n) is one :func:`run_campaign` of the ``pastur_jacobian``
    sampler with ``weights="gaussian"`` (W = X/√n, Var X = σ_w², biases
    N(0, σ_b²), ‖x⁰‖²/n = q0); the figure is
    :func:`rmtsym.export.campaign_plots.pastur_fig3_figure`.

    Parameters
    ----------
    scale : {"small", "paper"} or float, optional
        ``"paper"``: the caption's N (about 42 core-hours, 16 GB of chunks:
        a cluster job, ``out`` required); ``"small"`` (default): N = 10⁴,
        10⁴, 10³, 10 (a few minutes on one machine); a float f in (0, 1]:
        f times the paper's N (at least 2).
    scheduler, workers, progress
        As in :func:`run_campaign`.
    out : str, optional
        Folder; campaign (φ, L, n) streams to ``out/<φ>_L<L>_n<n>`` and
        resumes there.
    seed : int, optional
        Campaign k (in the order φ, L, n) uses root seed ``seed + k``.
    bins : int, optional
        Bins of each panel, on [0, 1.25 λ_max(largest n)].
    sizes : iterable of int, optional
        A subset of n = 10, 30, 100, 1000.
    sigma_w2, sigma_b2, q0 : float, optional
        The legend of the figure does not give them; Pastur's setting
        (unit-variance weights) is σ_w² = 1, and σ_b² = 0.1, q0 = 1 as in
        the repository's Fig. 2a claim.

    Returns
    -------
    Fig3Result

    Raises
    ------
    RmtsymError
        On a bad scale/sizes/bins, ``scale="paper"`` without ``out``, or any
        error of :func:`run_campaign`.

    Examples
    --------
    >>> r = pastur_fig3_campaign(scale=1e-6, sizes=[10], workers=1, bins=20)
    >>> r.record["samples"], sorted(r.panels)[0]
    ({10: 10}, ('hardtanh', 2))
    >>> d = r.panels[("linear", 2)]
    >>> bool(abs((d["density"][10] * np.diff(d["edges"])).sum() + d["outside"][10] - 1) < 1e-12)
    True
    """
    table = _fig3_samples(scale, sizes)
    bins = _int(bins, "bins", 2)
    require(not (scale == "paper" and out is None),
            "out: scale='paper' writes about 16 GB of eigenvalues; pass out=FOLDER "
            "(it also makes the campaign resumable)")
    seed = _int(seed, "seed", 0)
    campaigns, panels, k = {}, {}, 0
    for act, depth in PASTUR_FIG3_PANELS:
        for n, N in table.items():
            params = {"activation": act, "depth": depth, "sigma_w2": float(sigma_w2),
                      "sigma_b2": float(sigma_b2), "q0": float(q0), "weights": "gaussian"}
            sub = None if out is None else os.path.join(os.fspath(out), f"{act}_L{depth}_n{n}")
            campaigns[(act, depth, n)] = run_campaign(
                "pastur_jacobian", n, N, seed + k, params, scheduler=scheduler, out=sub,
                progress=progress, workers=workers, desc=f"Fig. 3 {act} L={depth} n={n}")
            k += 1
    for act, depth in PASTUR_FIG3_PANELS:
        nmax = max(table)
        top = 1.25 * campaigns[(act, depth, nmax)].extent()[1]
        top = top if top > 0 else 1.0
        edges = np.linspace(0.0, top, bins + 1)
        dens, outside = {}, {}
        for n, N in table.items():
            counts = campaigns[(act, depth, n)].histogram(edges)
            total = N * n
            dens[n] = counts / (total * np.diff(edges))
            outside[n] = 1.0 - counts.sum() / total
        panels[(act, depth)] = {"edges": edges, "density": dens, "samples": dict(table),
                                "outside": outside}
    record = {"scale": scale, "samples": dict(table), "seed": seed, "sampler": "pastur_jacobian",
              "sigma_w2": float(sigma_w2), "sigma_b2": float(sigma_b2), "q0": float(q0),
              "weights": "gaussian", "source": "000_f11574a8ed5d65a0.txt, Figure 3"}
    return Fig3Result(campaigns, panels, record)


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def _parse_value(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def _parser():
    import argparse
    p = argparse.ArgumentParser(prog="rmtsym campaign",
                                description="Sampling campaigns, locally or on a Dask cluster.")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scheduler", default="local",
                        help="'local' (default) or a dask.distributed address tcp://HOST:PORT")
    common.add_argument("--workers", type=int, default=None,
                        help="local processes (scheduler local only; default: all CPUs)")
    common.add_argument("--out", default=None, help="campaign folder (streams chunks, resumes)")
    common.add_argument("--progress", action="store_true", help="matrices/s on stderr")
    common.add_argument("--timeout", type=float, default=CONNECT_TIMEOUT,
                        help="seconds to wait for the scheduler")
    r = sub.add_parser("run", parents=[common], help="sample one ensemble")
    r.add_argument("sampler")
    r.add_argument("--n", type=int, required=True)
    r.add_argument("--samples", type=int, required=True)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--chunk", type=int, default=None)
    r.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="sampler parameter (JSON value, else a string); repeatable")
    f = sub.add_parser("pastur-fig3", parents=[common], help="Pastur's Fig. 3 (seed 000)")
    f.add_argument("--scale", default="small", help="small (default), paper, or a fraction")
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--figure", default=None, help="write the figure to this file (png/pdf/svg)")
    return p


def main(argv: Sequence[str] | None = None,
         plot: Callable[[Fig3Result], Any] | None = None) -> int:
    r"""``rmtsym campaign run|pastur-fig3 ...``: the command line of this module.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default ``sys.argv[1:]``).
    plot : callable, optional
        ``plot(Fig3Result) -> Figure`` used by ``pastur-fig3 --figure FILE``
        (the sampling layer draws nothing itself; the app passes
        :func:`rmtsym.export.campaign_plots.pastur_fig3_figure`).

    Returns
    -------
    int
        0 on success, 2 on a bad argument or an unreachable scheduler
        (one line ``rmtsym campaign: error: ...`` on stderr), 130 on Ctrl-C.

    Examples
    --------
    >>> main(["run", "wigner", "--n", "20", "--samples", "4", "--workers", "1"])
    campaign wigner n=20: 4 matrices in 4 chunks (4 computed, 0 reused)
    0
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "run":
            params = {}
            for item in args.param:
                key, eq, val = item.partition("=")
                require(eq and key, f"--param must be KEY=VALUE, got {item!r}")
                params[key] = _parse_value(val)
            res = run_campaign(args.sampler, args.n, args.samples, args.seed, params,
                               scheduler=args.scheduler, out=args.out, chunk=args.chunk,
                               progress=args.progress, workers=args.workers,
                               connect_timeout=args.timeout)
            rec = res.record
            print(f"campaign {rec['sampler']} n={rec['n']}: {rec['samples']} matrices in "
                  f"{res.chunks} chunks ({len(res.computed)} computed, {len(res.reused)} reused)"
                  + (f", {res.matrices_per_second:.4g} matrices/s" if args.progress else "")
                  + (f" -> {res.out}" if res.out else ""))
        else:
            scale = args.scale
            if scale not in PASTUR_FIG3_SAMPLES:
                try:
                    scale = float(scale)
                except ValueError:
                    raise RmtsymError(f"--scale must be small, paper or a fraction in (0, 1], "
                                      f"got {args.scale!r}") from None
            fig3 = pastur_fig3_campaign(scale, scheduler=args.scheduler, out=args.out,
                                        seed=args.seed, workers=args.workers,
                                        progress=args.progress)
            for (act, depth, n), c in fig3.campaigns.items():
                print(f"Fig. 3 {act} L={depth} n={n}: {c.record['samples']} matrices, "
                      f"{len(c.computed)} chunks computed, {len(c.reused)} reused")
            if args.figure:
                if plot is None:
                    raise RmtsymError("--figure needs the plotting layer: run it as "
                                      "'rmtsym campaign pastur-fig3 --figure FILE'")
                fig = plot(fig3)
                fig.savefig(args.figure, dpi=130)
                print(f"figure -> {args.figure}")
    except RmtsymError as exc:
        sys.stderr.write(f"rmtsym campaign: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("rmtsym campaign: interrupted; rerun the same command to resume\n")
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
