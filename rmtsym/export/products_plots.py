"""Figure of the Hanin--Nica convergence: KS distance of log‖Mu‖² to N(−β/2, β) against n at fixed d/n.

Plots consume results and never compute them: the rows come from
``rmtsym/claims/_products.py::ks_table`` (exact distances from
:meth:`rmtsym.models.products.MatrixProduct.ks_to_gaussian`, sampled ones
from :meth:`~rmtsym.models.products.MatrixProduct.sample`).  matplotlib is
imported lazily with the Agg backend.
"""

from __future__ import annotations

from ..core.errors import RmtsymError, require

__all__ = ["plot_ks_convergence"]


def plot_ks_convergence(rows, ax=None, title=None):
    r"""Log-log plot of the KS distance to the Gaussian limit against the width n.

    Parameters
    ----------
    rows : list of dict
        Each with ``n`` and ``ks_leading`` (exact distance to
        :math:`N(-\beta/2,\beta)`); optional ``ks_matched`` (to the
        moment-matched Gaussian), ``ks_sampled`` and ``band`` (sampled
        distance and its DKW noise level), ``d`` and ``beta``.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (default: a new figure).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    RmtsymError
        If ``rows`` is empty or a row lacks ``n``/``ks_leading``.

    Examples
    --------
    >>> fig = plot_ks_convergence([{"n": 16, "ks_leading": 0.05}, {"n": 32, "ks_leading": 0.025}])
    >>> len(fig.axes)
    1
    """
    rows = list(rows or [])
    require(rows, "rows must be a non-empty list of dicts with 'n' and 'ks_leading'")
    for r in rows:
        if not isinstance(r, dict) or "n" not in r or "ks_leading" not in r:
            raise RmtsymError(f"every row needs 'n' and 'ks_leading', got {r!r}")
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import matplotlib.ticker  # noqa: F401
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 4))
    else:
        fig = ax.figure
    ns = [r["n"] for r in rows]
    ax.loglog(ns, [r["ks_leading"] for r in rows], "o-", label=r"exact law vs $N(-\beta/2,\beta)$")
    if all("ks_matched" in r for r in rows):
        ax.loglog(ns, [r["ks_matched"] for r in rows], "s--", label="exact law vs moment-matched Gaussian")
    samp = [r for r in rows if "ks_sampled" in r]
    if samp:
        ax.errorbar([r["n"] for r in samp], [r["ks_sampled"] for r in samp],
                    yerr=[r.get("band", 0) for r in samp], fmt="^", capsize=3,
                    label=r"sampled products vs $N(-\beta/2,\beta)$ (DKW 95%)")
    c = rows[0]["ks_leading"] * rows[0]["n"]
    ax.loglog(ns, [c / n for n in ns], ":", color="grey", label=r"$\propto 1/n$")
    ax.set_xticks(ns)
    ax.set_xticklabels([str(n) for n in ns])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.set_xlabel("width n")
    ax.set_ylabel("Kolmogorov–Smirnov distance")
    if title is None and "d" in rows[0]:
        title = f"log||Mu||^2, d/n = {rows[0]['d'] / rows[0]['n']:g}"
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return fig
