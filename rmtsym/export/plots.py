"""Figures: the theoretical density over the sampled histogram (as in Pastur's Fig. 1).

Plots consume results and never compute them: the sampled eigenvalues and
the float density come from the artifacts of an empirical check
(:func:`rmtsym.verify.empirical_spectrum`); a claim without one is drawn
from its theory object (``mu.support()``, ``mu.density()``).  matplotlib is
imported lazily, with the non-interactive Agg backend.
"""

from __future__ import annotations

import math
import os

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ..core.errors import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..verify.model import Verdict

__all__ = ["figure_panels", "figure_data", "density_axes", "density_figure", "plot_density",
           "verdict_figure", "plot_verdict"]


def figure_panels(verdict: Verdict) -> list[dict[str, Any]]:
    """Every panel to draw for a verdict: one per empirical check with a sampled spectrum.

    A claim comparing two models (e.g. relu and hardtanh networks) has one
    empirical check per model, hence one panel each; a claim without a
    sampled check gets one panel from its theory object.

    Returns
    -------
    list of dict
        Each with keys ``pooled``, ``density``, ``support``, ``atoms``,
        ``caption``, ``label`` (the check's display label, else its name); empty when there is nothing
        to draw.
    """
    panels = []
    labels = {c.name: c.label for c in verdict.claim.checks if getattr(c, "label", None)}
    for r in verdict.checks:
        art = r.artifacts or {}
        if art.get("pooled") is not None:
            cap = (f"{art.get('sampler')}: n = {art.get('n')}, {art.get('samples')} matrices, "
                   f"seed {art.get('seed')}")
            panels.append({"pooled": art["pooled"], "density": art.get("density"),
                           "support": list(art.get("support") or []),
                           "atoms": list(art.get("atoms") or []), "caption": cap,
                           "label": labels.get(r.name, r.name)})
    if panels:
        return panels
    claim = verdict.claim
    if claim.theory is None:
        return []
    try:
        mu = claim.theory()
        dens, sup = _theory_density(mu)
    except Exception:
        return []
    try:
        atoms = [(float(x), float(w)) for x, w in mu.atoms(dps=15)]
    except Exception:
        atoms = []
    return [{"pooled": None, "density": dens, "support": sup, "atoms": atoms,
             "caption": f"theory: {getattr(mu, 'label', '')} (no sampled check)",
             "label": getattr(mu, "label", "")}]


def figure_data(verdict: Verdict) -> dict[str, Any] | None:
    """The first panel of :func:`figure_panels` (None when there is nothing to draw).

    Examples
    --------
    >>> from rmtsym.verify import Claim, Context, exact_sequences
    >>> cl = Claim("demo", "t", "000.txt", "eq", "$x$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    >>> figure_data(cl.run(Context())) is None
    True
    """
    panels = figure_panels(verdict)
    return panels[0] if panels else None


def _theory_density(mu: Any) -> tuple[Callable[[Any], np.ndarray], list[tuple[float, float]]]:
    sup = [(float(a), float(b)) for a, b in mu.support(dps=15)]
    try:
        from ..verify.densities import float_density
        if not mu.params:
            return float_density(mu), sup
    except Exception:
        pass

    def dens(xs):
        return np.array([float(mu.density(float(x), dps=15)) for x in np.atleast_1d(xs)])
    return dens, sup


def _pyplot() -> Any:
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    return plt


#: the support spans "decades" (log axis, as in the seeds' figures) when b/a exceeds this
_DECADES = 100.0


def _range(support: Sequence[tuple[float, float]], keep: Any,
           atoms: Sequence[tuple[float, float]]) -> Any:
    """Plotting range: from the support (padded); else robust quantiles of the sample; an
    isolated point mass gets a unit window around it (never a 1e-11-wide axis)."""
    if support:
        a = min(float(lo) for lo, _ in support)
        b = max(float(hi) for _, hi in support)
    elif keep is not None and keep.size:
        a, b = (float(v) for v in np.quantile(keep, [0.0005, 0.9995]))
    elif atoms:
        a, b = min(x for x, _ in atoms), max(x for x, _ in atoms)
    else:
        a, b = -1.0, 1.0
    for x0, _w in atoms:
        a, b = min(a, x0), max(b, x0)
    if not b - a > 1e-9 * max(1.0, abs(a), abs(b)):
        half = 0.5 * max(1.0, abs(a))
        return a - half, b + half
    return a, b


def density_axes(ax: Axes, pooled: ArrayLike | None = None,
                 density: Callable[[np.ndarray], np.ndarray] | None = None,
                 support: Sequence[tuple[Any, Any]] = (), atoms: Sequence[tuple[Any, Any]] = (),
                 title: str = "", caption: str | None = None, bins: int | None = None,
                 log: bool | None = None) -> Axes:
    """Draw a theory density over a histogram of sampled eigenvalues on the axes ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    pooled : array_like, optional
        Sampled eigenvalues (pooled over matrices).
    density : callable, optional
        Vectorised density of the absolutely continuous part.
    support : list of (a, b), optional
        Intervals of the a.c. part: the axis limits come from them.
    atoms : list of (x, w), optional
        Drawn as stems whose height is the mass (right-hand axis "atom mass");
        sampled eigenvalues at an atom are left out of the histogram, which is
        scaled by the total count so that it estimates the a.c. density.
    title : str, optional
        The law's name.
    caption : str, optional
        Put under the axes' x-label (sample size, seed).
    bins : int, optional
    log : bool, optional
        Logarithmic λ axis (default: when the support spans more than two
        decades, as the seeds' semi-log figures).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.
    """
    from matplotlib.ticker import ScalarFormatter
    atoms = [(float(x), float(w)) for x, w in atoms]
    ev = None if pooled is None else np.asarray(pooled, dtype=float)
    keep: Any = ev
    if ev is not None:
        for x0, _w in atoms:
            keep = keep[np.abs(keep - x0) > 1e-9 * max(1.0, abs(x0))]
    a, b = _range(support, keep, atoms)
    if log is None:
        log = a > 0 and b / a > _DECADES
    if log and not a > 0:
        log = False
    pad = 0.06 * (b - a)
    lo, hi = (a / 1.3, b * 1.3) if log else (a - pad, b + pad)
    if ev is not None and keep.size:
        nb = bins or int(min(120, max(30, math.sqrt(keep.size) / 4)))
        edges = (np.geomspace(max(lo, np.min(keep[keep > 0])) if np.any(keep > 0) else lo, hi, nb + 1)
                 if log else np.linspace(lo, hi, nb + 1))
        counts, edges = np.histogram(keep, bins=edges)
        width = np.diff(edges)
        ax.bar(edges[:-1], counts / (ev.size * width), width=width, align="edge", color="#9ecae1",
               edgecolor="#6baed6", linewidth=0.3, label=f"sampled ({ev.size} eigenvalues)")
    if density is not None:
        xs = np.geomspace(lo, hi, 1500) if log else np.linspace(lo, hi, 1500)
        with np.errstate(all="ignore"):
            ys = np.nan_to_num(np.asarray(density(xs), dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
        ax.plot(xs, ys, color="#d62728", lw=1.5, label="theory density")
        if np.any(ys > 0):
            ax.set_ylim(0, 1.3 * float(np.percentile(ys[ys > 0], 99.5)))
    if atoms:
        tw = ax.twinx()
        xs0 = [x for x, _ in atoms]
        ws = [w for _, w in atoms]
        tw.vlines(xs0, 0, ws, color="#2ca02c", lw=2.2)
        tw.plot(xs0, ws, "o", color="#2ca02c", ms=5, label="atoms (mass, right axis)")
        for (x0, w) in atoms:
            sampled = f", sampled {np.mean(np.abs(ev - x0) <= 1e-9 * max(1.0, abs(x0))):.3f}" \
                if ev is not None else ""
            tw.annotate(f"{w:.4g}{sampled}", (x0, w), textcoords="offset points", xytext=(4, 4),
                        fontsize=7, color="#2ca02c")
        tw.set_ylim(0, 1.15)
        tw.set_ylabel("atom mass", fontsize=8, color="#2ca02c")
        extra = tw.get_legend_handles_labels()
    else:
        extra = ([], [])
    ax.set_xlim(lo, hi)
    if log:
        ax.set_xscale("log")
    else:
        fmt = ScalarFormatter(useOffset=False)
        ax.xaxis.set_major_formatter(fmt)
    ax.set_xlabel(r"$\lambda$" + (f"\n{caption}" if caption else ""), fontsize=9)
    ax.set_ylabel("density")
    if title:
        ax.set_title(title, fontsize=9)
    handles, labels = ax.get_legend_handles_labels()
    handles, labels = handles + extra[0], labels + extra[1]
    if handles:
        ax.legend(handles, labels, fontsize=7, loc="upper right")
    return ax


def density_figure(pooled: ArrayLike | None = None,
                   density: Callable[[np.ndarray], np.ndarray] | None = None,
                   support: Sequence[tuple[Any, Any]] = (), atoms: Sequence[tuple[Any, Any]] = (),
                   title: str = "", caption: str = "", bins: int | None = None,
                   ax: Axes | None = None, log: bool | None = None) -> Figure:
    """A theory density over the sampled histogram, as a matplotlib Figure (see :func:`density_axes`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (to restyle or combine figures); default: a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    RmtsymError
        If there is neither a sample nor a density nor atoms.

    Examples
    --------
    >>> rho = lambda x: np.sqrt(np.clip(4 - x * x, 0, None)) / (2 * np.pi)
    >>> fig = density_figure(np.linspace(-2, 2, 200), rho, [(-2, 2)], title="semicircle(1)")
    >>> fig.axes[0].get_title()
    'semicircle(1)'
    """
    require(pooled is not None or density is not None or atoms,
            "pooled, density or atoms must be given")
    if ax is None:
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)
    density_axes(ax, pooled, density, support, atoms, title, caption, bins, log)
    out: Any = ax.figure
    out.tight_layout()
    return out


def _save(fig: Figure, path: str | os.PathLike[str]) -> str:
    from .atomic import atomic_path
    plt = _pyplot()
    try:
        with atomic_path(path) as tmp:       # a temporary name, then os.replace
            fig.savefig(tmp, format=os.path.splitext(str(path))[1].lstrip(".") or "png")
    finally:
        plt.close(fig)
    return str(path)


def plot_density(path: str | os.PathLike[str], pooled: ArrayLike | None = None,
                 density: Callable[[np.ndarray], np.ndarray] | None = None,
                 support: Sequence[tuple[Any, Any]] = (), atoms: Sequence[tuple[Any, Any]] = (),
                 title: str = "", caption: str = "", bins: int | None = None,
                 log: bool | None = None) -> str:
    """Save :func:`density_figure` as a PNG.

    Returns
    -------
    str
        ``path``.

    Raises
    ------
    RmtsymError
        If there is nothing to draw, or ``path`` is not a .png.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "sc.png")
    >>> rho = lambda x: np.sqrt(np.clip(4 - x * x, 0, None)) / (2 * np.pi)
    >>> plot_density(p, np.linspace(-2, 2, 200), rho, [(-2, 2)]) == p and os.path.getsize(p) > 0
    True
    """
    require(str(path).endswith(".png"), f"path must end with .png, got {path!r}")
    require(pooled is not None or density is not None, "pooled or density must be given")
    return _save(density_figure(pooled, density, support, atoms, title, caption, bins, log=log), path)


def verdict_figure(verdict: Verdict) -> Figure | None:
    """The figure of one claim: one panel per sampled model, titled with the law's name.

    Returns
    -------
    matplotlib.figure.Figure or None
        None when the claim has nothing to draw.
    """
    title = verdict.claim.title
    curves = [c for r in verdict.checks for c in ((r.artifacts or {}).get("curves") or [])]
    if curves:  # learning curves (theory line over measured training runs)
        from .learning_plots import plot_learning_curve
        return plot_learning_curve(curves, title=title)
    panels = figure_panels(verdict)[:3]
    if not panels:
        return None
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(panels), figsize=(6.4 * len(panels), 4.4), dpi=110, squeeze=False)
    for ax, p in zip(axes[0], panels):
        density_axes(ax, p["pooled"], p["density"], p["support"], p["atoms"],
                     title=p["label"] if len(panels) > 1 else "", caption=p["caption"])
    heading = _fit_suptitle(fig, title)
    fig.text(0.99, 0.005, f"{verdict.claim.id}: {verdict.level.value} (expected "
             f"{verdict.expected.value})", fontsize=7, color="#555555", ha="right")
    fig.tight_layout(rect=(0, 0.02, 1, 0.95 if len(heading) == 1 else 0.91))
    return fig


def _fit_suptitle(fig: Figure, title: str, lines: int = 2) -> list[str]:
    """Set ``title`` as the figure's suptitle, on up to ``lines`` lines when one is too wide.

    The width is measured as drawn (mathtext sets ``$…$`` far shorter than its source), and the
    line length in characters scaled from it; the breaks never fall inside a span
    (:func:`~rmtsym.export.latex.wrap_prose`).  Returns the lines set.
    """
    from .latex import wrap_prose
    sup = fig.suptitle(title, fontsize=10)
    drawn = sup.get_window_extent().width          # the figure's own renderer (matplotlib >= 3.6)
    room = 0.94 * fig.bbox.width
    if drawn <= room:
        return [title]
    heading = wrap_prose(title, max(20, int(len(title) * room / drawn)), lines=lines)
    sup.set_text("\n".join(heading))
    return heading


def plot_verdict(verdict: Verdict, path: str | os.PathLike[str]) -> str | None:
    """Save :func:`verdict_figure` to ``path`` (a PNG); None when there is nothing to draw."""
    fig = verdict_figure(verdict)
    if fig is None:
        return None
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return _save(fig, path)
