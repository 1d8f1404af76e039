"""Empirical checks: sampled spectra against the theory (EMPIRICAL)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy

from ..core.errors import require
from .densities import cdf_from_density, ks_distance, ks_threshold
from .model import Check, CheckResult, Context, Level
from .report import fmt, fmt_tex

__all__ = ['empirical_spectrum']


# ---------------------------------------------------------------------------
# empirical comparisons
# ---------------------------------------------------------------------------

def empirical_spectrum(name: str, sampler: str, params: dict[str, Any],
                       moments: Callable[[Context, int], Sequence[Any]],
                       n: tuple[int, int] = (400, 1000), samples: tuple[int, int] = (100, 400),
                       seed: int = 0, orders: int = 4,
                       density: Callable[[np.ndarray], np.ndarray] | None = None,
                       support: Sequence[tuple[Any, Any]] | Callable[[], Any] | None = None,
                       atoms: Sequence[tuple[Any, Any]] = (),
                       edges: tuple[float, float] | Callable[[], Any] | None = None,
                       z_pass: float = 4.0, z_refute: float = 8.0, resolution: float = 0.05,
                       ks_alpha: float = 1e-3, ks_bias: float = 2.0, edge_scale: float = 2.0,
                       size: Any = None, half: Any = None, cdf_points: int = 2001,
                       description: str = "",
                       label: str | None = None) -> Check:
    r"""Compare sampled spectra with a theory: moments, KS distance and edges.

    Parameters
    ----------
    name : str
        Check name.
    sampler : str
        Key of :data:`rmtsym.sampling.SAMPLERS`.
    params : dict
        Sampler parameters.
    moments : callable
        ``moments(ctx, K) -> [m_0, ..., m_K]`` exact theoretical moments.
    n, samples : (int, int)
        (quick, full) matrix dimension and number of matrices at that dimension
        (the same number at n/2 for the extrapolation).
    seed : int
        Root seed: ``SeedSequence(seed).spawn(2)`` seeds the n and n/2 runs.
    orders : int
        Moments 1..orders are tested (quick); full mode tests orders + 2.
    density : callable, optional
        Vectorised density of the a.c. part (KS test and figure).
    support : list of (a, b) or callable, optional
        Intervals of the a.c. part (or a zero-argument callable returning
        them, evaluated when the check runs); required with ``density``.
    atoms : list of (x, w), optional
        Atoms of the theory; eigenvalues within 1e-9·scale of an atom are snapped to it.
    edges : (float, float) or callable, optional
        Theoretical (or callable returning the) lower/upper edge of the a.c. support to compare with the
        mean smallest/largest eigenvalue (the lower edge ignores atoms there).
    z_pass, z_refute : float
        Standard errors allowed for a pass / required for a refutation.
    resolution : float
        Relative deviation the moment test must be able to resolve (see Notes).
    ks_alpha, ks_bias : float
        Parameters of :func:`ks_threshold`.
    edge_scale : float
        Edge tolerance is edge_scale·(b − a)·N^{−2/3} + z_pass·se.
    size : callable, optional
        ``size(n) -> N``, the dimension in which the finite-size bias is 1/N
        (default N = n; the linear Fisher sampler has n = 2k² eigenvalues
        but a 1/k bias, so it passes ``lambda n: sqrt(n/2)``).  Used in the
        bias bound, the KS bias term and the edge tolerance.
    half : callable, optional
        ``half(n) -> n'``, the sampler size whose bias dimension is N/2
        (default n // 2; the linear Fisher sampler halves k in n = 2k²).
    cdf_points : int, optional
        Nodes per support interval of the CDF table (:func:`cdf_from_density`,
        odd).  Its error estimate e enters the KS test; 2001 nodes give
        e <= 1e-4 for the laws of rmtsym/claims/ (5e-5 for the Fuss–Catalan hard
        edge), far below the smallest KS threshold (~5e-3), at a quarter of
        the density evaluations of 8001 (which matters for the branch-tracked
        :func:`float_density`, ~1 ms a point).
    description : str, optional
        What is compared with what (prose rule).
    label : str, optional
        Display form of ``name`` in the prose rule (:attr:`rmtsym.verify.model.Check.label`);
        ``name`` stays the key.

    Returns
    -------
    Check
        Route ``empirical``.

    Notes
    -----
    Moments: the 1/n bias is cancelled by Richardson extrapolation
    2·m(n) − m(n/2) (:func:`rmtsym.sampling.richardson_moments`), whose O(1/n²)
    remainder is bounded by (4/n)|m(n) − m(n/2)|.  A moment passes when
    |estimate − theory| <= z_pass·se + bias, *and* that tolerance is below
    ``resolution``·max(1, |theory|) — so a check cannot pass by using too few
    samples: an unresolved test is INCONCLUSIVE.  It refutes when
    |estimate − theory| > z_refute·se + 2·bias and exceeds the resolution.

    KS: the distance D of the pooled size-n spectrum (nS eigenvalues) to the
    theoretical CDF passes when D + e <= :func:`ks_threshold`, refutes when
    D − e > 3·threshold, e the error estimate of the CDF table.  Edges: the mean extreme eigenvalue passes within
    edge_scale·(b − a)·n^{−2/3} + z_pass·se (Tracy–Widom scale), refutes
    beyond three times that.
    """
    require(sampler in _samplers(), f"sampler must be one of {sorted(_samplers())}, got {sampler!r}")
    require(density is None or support, "support is required with density")
    require(isinstance(cdf_points, int) and cdf_points >= 5 and cdf_points % 2 == 1,
            f"cdf_points must be an odd integer >= 5, got {cdf_points!r}")

    def run(ctx):
        from ..sampling import ensembles as sampling
        nn = ctx.pick(*n) if isinstance(n, (tuple, list)) else n
        ss = ctx.pick(*samples) if isinstance(samples, (tuple, list)) else samples
        K = orders if ctx.mode == "quick" else orders + 2
        half_n = int(half(nn)) if half is not None else nn // 2
        s_big, s_half = np.random.SeedSequence(seed).spawn(2)
        seed_big = int(s_big.generate_state(1)[0])
        seed_half = int(s_half.generate_state(1)[0])
        big = sampling.sample_spectra(sampler, nn, ss, seed_big, params, jobs=ctx.jobs,
                                      progress=ctx.progress, desc=f"{name} n={nn}")
        small = sampling.sample_spectra(sampler, half_n, ss, seed_half, params, jobs=ctx.jobs,
                                        progress=ctx.progress, desc=f"{name} n={half_n}")
        scale_x = max(1.0, float(np.max(np.abs(big.eigenvalues))))
        for smp in (big, small):
            for x0, _w in atoms:
                ev = smp.eigenvalues
                ev[np.abs(ev - float(x0)) < 1e-9 * scale_x] = float(x0)
        rich = sampling.richardson_moments(big, small, K)
        N = float(size(nn)) if size is not None else float(nn)
        rich["bias_bound"] = 4.0 / N * np.abs(rich["raw"] - rich["half"])
        theo = [sympy.nsimplify(t) if not isinstance(t, sympy.Basic) else t for t in moments(ctx, K)]
        numbers, outcomes = [], []
        for k in range(1, K + 1):
            t = float(theo[k])
            est, se, bias = float(rich["estimate"][k - 1]), float(rich["stderr"][k - 1]), float(rich["bias_bound"][k - 1])
            d = abs(est - t)
            tol = z_pass * se + bias
            res = resolution * max(1.0, abs(t))
            if d <= tol and tol <= res:
                out = True
            elif d > z_refute * se + 2 * bias and d > res:
                out = False
            else:
                out = None
            outcomes.append(out)
            numbers.append({"label": f"m_{k} (2m(n)-m(n/2))", "value": fmt(est, 8), "reference": fmt(theo[k]),
                            "difference": fmt(d, 3), "tolerance": fmt(tol, 3), "error": fmt(se, 3),
                            "bias_bound": fmt(bias, 3), "raw_m(n)": fmt(float(rich["raw"][k - 1]), 8),
                            "m(n/2)": fmt(float(rich["half"][k - 1]), 8),
                            "resolution": fmt(res, 3),
                            "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        pooled = big.pooled()
        sup = support() if callable(support) else support
        edg = edges() if callable(edges) else edges
        if density is not None:
            F, ferr = cdf_from_density(density, sup, atoms, points=cdf_points, error=True)
            D = ks_distance(pooled, F)
            thr = ks_threshold(nn, ss, ks_alpha, ks_bias, size=N)
            out = True if D + ferr <= thr else (False if D - ferr > 3 * thr else None)
            outcomes.append(out)
            numbers.append({"label": "KS distance", "value": fmt(D, 6), "reference": "0",
                            "difference": fmt(D, 6), "tolerance": fmt(thr, 4), "error": fmt(ferr, 2),
                            "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        if edg is not None:
            a, b = (float(edg[0]), float(edg[1]))
            width = b - a
            etol0 = edge_scale * width * N ** (-2.0 / 3.0)
            ev = big.eigenvalues
            tops = ev[:, -1]
            lows = []
            for row in ev:
                keep = row
                for x0, _w in atoms:
                    keep = keep[keep != float(x0)]
                lows.append(keep[0] if keep.size else np.nan)
            lows = np.array(lows)
            for label, vals, ref in (("upper edge", tops, b), ("lower edge", lows, a)):
                vals = vals[np.isfinite(vals)]
                if vals.size == 0:
                    continue
                mean = float(vals.mean())
                se = float(vals.std(ddof=1) / math.sqrt(vals.size)) if vals.size > 1 else float("nan")
                tol = etol0 + z_pass * (se if math.isfinite(se) else 0.0)
                d = abs(mean - ref)
                out = True if d <= tol else (False if d > 3 * tol else None)
                outcomes.append(out)
                numbers.append({"label": f"{label} (mean extreme eigenvalue)", "value": fmt(mean, 6),
                                "reference": fmt(ref, 8), "difference": fmt(d, 3), "tolerance": fmt(tol, 3),
                                "error": fmt(se, 3),
                                "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        rec = {"sampler": sampler, "params": dict(params), "n": nn, "samples": ss, "seed": seed,
               "bias_dimension": N,
               "runs": [big.record(), small.record()], "orders": K,
               "bias_handling": "Richardson extrapolation 2 m(N) - m(N/2); remainder bound (4/N)|m(N)-m(N/2)|",
               "ks_threshold": f"sqrt(ln(2/alpha)/(2 n S)) + kappa/N, alpha={ks_alpha}, kappa={ks_bias}",
               "ks_threshold_value": fmt(ks_threshold(nn, ss, ks_alpha, ks_bias, size=N), 4),
               "cdf_table": f"{cdf_points} nodes per interval; error estimate |F_p - F_(p+1)/2| in the KS row",
               "z_pass": z_pass, "z_refute": z_refute, "resolution": resolution}
        tol_s = (f"moments: |est - theory| <= {z_pass} se + bias bound (and <= {resolution} relative); "
                 f"KS + table error <= sqrt(ln(2/alpha)/(2nS)) + {ks_bias}/N; edges <= {edge_scale}(b-a) N^(-2/3) + {z_pass} se "
                 f"(N = {N:g}, the dimension of the 1/N bias)")
        tol_tex = (f"moments: $|\\hat m_k - m_k| \\le {fmt_tex(z_pass)}\\,\\mathrm{{se}}$ + the bias bound "
                   f"(and $\\le {fmt_tex(resolution)}$ relative); KS distance + table error "
                   f"$\\le \\sqrt{{\\ln(2/\\alpha)/(2nS)}} + {fmt_tex(ks_bias)}/N$ with "
                   f"$\\alpha = {fmt_tex(ks_alpha)}$; edges $\\le {fmt_tex(edge_scale)}\\,(b - a)\\,N^{{-2/3}} + "
                   f"{fmt_tex(z_pass)}\\,\\mathrm{{se}}$ ($N = {fmt_tex(N, 4)}$, the dimension of the $1/N$ bias)")
        art = {"pooled": pooled, "density": density, "support": sup, "atoms": list(atoms),
               "n": nn, "samples": ss, "seed": seed, "sampler": sampler}
        if False in outcomes:
            bad = [nm["label"] for nm, o in zip(numbers, outcomes) if o is False]
            return CheckResult(name, "empirical", Level.REFUTED, "sampled spectrum disagrees: " + ", ".join(bad),
                               tol_s, numbers, rec, [], artifacts=art, tolerance_latex=tol_tex)
        if None in outcomes:
            bad = [nm["label"] for nm, o in zip(numbers, outcomes) if o is None]
            return CheckResult(name, "empirical", Level.INCONCLUSIVE, "unresolved: " + ", ".join(bad),
                               tol_s, numbers, rec, [], artifacts=art, tolerance_latex=tol_tex)
        return CheckResult(name, "empirical", Level.EMPIRICAL,
                           f"{K} moments, KS and edges agree (n={nn}, S={ss}, seed={seed})",
                           tol_s, numbers, rec, [], artifacts=art, tolerance_latex=tol_tex)
    return Check(name, "empirical", run, description, label)


def _samplers() -> Any:
    from ..sampling.ensembles import SAMPLERS
    return SAMPLERS
