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

import numpy as np

from ..core.errors import require

__all__ = ["figure_data", "plot_density", "plot_verdict"]


def figure_data(verdict):
    """What to draw for a verdict: sampled eigenvalues and/or a theory density.

    Parameters
    ----------
    verdict : rmtsym.verify.Verdict

    Returns
    -------
    dict or None
        Keys ``pooled`` (sorted eigenvalues or None), ``density`` (vectorised
        callable or None), ``support`` (list of intervals), ``atoms``,
        ``caption``; None when there is nothing to draw.

    Examples
    --------
    >>> from rmtsym.verify import Claim, Context, exact_sequences
    >>> cl = Claim("demo", "t", "000.txt", "eq", "$x$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    >>> figure_data(cl.run(Context())) is None
    True
    """
    for r in verdict.checks:
        art = r.artifacts or {}
        if art.get("pooled") is not None:
            cap = (f"{art.get('sampler')}: n = {art.get('n')}, {art.get('samples')} matrices, "
                   f"seed {art.get('seed')}")
            return {"pooled": art["pooled"], "density": art.get("density"),
                    "support": list(art.get("support") or []), "atoms": list(art.get("atoms") or []),
                    "caption": cap}
    claim = verdict.claim
    if claim.theory is None:
        return None
    try:
        mu = claim.theory()
        dens, sup = _theory_density(mu)
    except Exception:
        return None
    try:
        atoms = [(float(x), float(w)) for x, w in mu.atoms(dps=15)]
    except Exception:
        atoms = []
    return {"pooled": None, "density": dens, "support": sup, "atoms": atoms,
            "caption": f"theory: {getattr(mu, 'label', '')} (no sampled check)"}


def _theory_density(mu):
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


def plot_density(path, pooled=None, density=None, support=(), atoms=(), title="", caption="",
                 bins=None):
    """Draw a theory density curve over a histogram of sampled eigenvalues and save a PNG.

    Parameters
    ----------
    path : str
        Output file (``.png``).
    pooled : array_like, optional
        Sampled eigenvalues (pooled over matrices).
    density : callable, optional
        Vectorised density of the absolutely continuous part (not renormalised).
    support : list of (a, b), optional
        Intervals of the a.c. part (sets the plotting range).
    atoms : list of (x, w), optional
        Atoms: drawn as vertical markers with their mass; sampled eigenvalues
        at an atom are left out of the histogram, which is scaled by the total
        count so that it estimates the a.c. density.
    title, caption : str, optional
    bins : int, optional
        Histogram bins (default from the sample size).

    Returns
    -------
    str
        ``path``.

    Raises
    ------
    RmtsymError
        If there is neither a sample nor a density, or ``path`` is not a .png.

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
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    atoms = [(float(x), float(w)) for x, w in atoms]
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)
    lo_hi = []
    if support:
        lo_hi = [min(float(a) for a, _ in support), max(float(b) for _, b in support)]
    if pooled is not None:
        ev = np.asarray(pooled, dtype=float)
        total = ev.size
        keep = ev
        for x0, _w in atoms:
            keep = keep[keep != x0]
        if not lo_hi:
            lo_hi = [float(np.min(keep)) if keep.size else -1.0, float(np.max(keep)) if keep.size else 1.0]
        nb = bins or int(min(120, max(30, math.sqrt(max(keep.size, 1)) / 4)))
        if keep.size:
            counts, edges = np.histogram(keep, bins=nb)
            width = np.diff(edges)
            ax.bar(edges[:-1], counts / (total * width), width=width, align="edge",
                   color="#9ecae1", edgecolor="#6baed6", linewidth=0.3,
                   label=f"sampled ({total} eigenvalues)")
        for x0, w in atoms:
            frac = float(np.mean(ev == x0))
            ax.annotate(f"atom at {x0:g}: mass {w:g} (sampled {frac:.3f})", xy=(x0, 0),
                        xytext=(0.3, 0.72), textcoords="axes fraction", fontsize=8,
                        arrowprops={"arrowstyle": "->", "lw": 0.6})
    else:
        for x0, w in atoms:
            ax.annotate(f"atom at {x0:g}: mass {w:g}", xy=(x0, 0), xytext=(0.3, 0.72),
                        textcoords="axes fraction", fontsize=8, arrowprops={"arrowstyle": "->", "lw": 0.6})
    if density is not None and lo_hi:
        a, b = lo_hi
        pad = 0.08 * (b - a if b > a else 1.0)
        xs = np.linspace(a - pad, b + pad, 1200)
        with np.errstate(all="ignore"):
            ys = np.nan_to_num(np.asarray(density(xs), dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
        ax.plot(xs, ys, color="#d62728", lw=1.6, label="theory density")
        top = np.percentile(ys[ys > 0], 99.5) if np.any(ys > 0) else None
        if top:
            ax.set_ylim(0, 1.35 * top)
    ax.set_xlabel(r"$\lambda$")
    ax.set_ylabel("density")
    if title:
        ax.set_title(title, fontsize=10)
    if caption:
        fig.text(0.01, 0.01, caption, fontsize=7, color="#555555")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    from .atomic import atomic_path
    try:
        with atomic_path(path) as tmp:       # a temporary name, then os.replace
            fig.savefig(tmp, format=os.path.splitext(str(path))[1].lstrip(".") or "png")
    finally:
        plt.close(fig)
    return str(path)


def plot_verdict(verdict, path):
    """Draw the figure of one claim (see :func:`figure_data`) to ``path``.

    Parameters
    ----------
    verdict : rmtsym.verify.Verdict
    path : str

    Returns
    -------
    str or None
        ``path``, or None when the claim has nothing to draw.
    """
    title = f"{verdict.claim.id}: {verdict.level.value} (expected {verdict.expected.value})"
    curves = [c for r in verdict.checks for c in ((r.artifacts or {}).get("curves") or [])]
    if curves:  # learning curves (theory line over measured training runs)
        from .learning_plots import plot_learning_curve
        import matplotlib.pyplot as plt
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        fig = plot_learning_curve(curves, title=title)
        fig.savefig(path)
        plt.close(fig)
        return str(path)
    data = figure_data(verdict)
    if data is None:
        return None
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return plot_density(path, data["pooled"], data["density"], data["support"], data["atoms"],
                        title=title, caption=data["caption"])
