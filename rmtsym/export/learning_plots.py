"""Learning-curve figures: theory lines over measured training runs (double descent, MSE vs N/n, rates).

Plots consume results and never compute them.  A *curve* is a dict with keys
``label``, ``x``, ``theory`` (the theory line; inf allowed at a pole), and
optionally ``x_sim``, ``sim``, ``sim_se`` (measured means and standard
errors), ``xlabel``, ``ylabel``, ``logx``, ``logy``, ``vline`` (e.g. the
interpolation threshold).  matplotlib is imported lazily (Agg backend).
"""

from __future__ import annotations

import numpy as np

from ..core.errors import require

__all__ = ["plot_learning_curve"]

_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e")


def plot_learning_curve(curves, ax=None, title="", caption=""):
    """Draw theory lines and measured points of one or more learning curves.

    Parameters
    ----------
    curves : list of dict
        See the module notes.
    ax : matplotlib Axes, optional
        Draw into it (the caller owns the figure); a new figure otherwise.
    title, caption : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    RmtsymError
        No curves, or a curve without ``x`` and ``theory`` of equal length.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0.1, 3, 50)
    >>> fig = plot_learning_curve([{"label": "toy", "x": x, "theory": 1 / abs(1 - x),
    ...                             "x_sim": [0.5, 2.0], "sim": [2.1, 0.9], "sim_se": [0.1, 0.05],
    ...                             "vline": 1.0, "logy": True}])
    >>> len(fig.axes)
    1
    """
    require(len(curves) > 0, "curves must not be empty")
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)
    else:
        fig = ax.figure
    for k, c in enumerate(curves):
        x = np.asarray(c["x"], dtype=float)
        th = np.asarray(c["theory"], dtype=float)
        require(x.shape == th.shape, f"curve {c.get('label')!r}: x and theory must have equal length")
        col = _COLORS[k % len(_COLORS)]
        th = np.where(np.isfinite(th), th, np.nan)
        ax.plot(x, th, color=col, lw=1.6, label=f"{c.get('label', '')} theory")
        if c.get("sim") is not None:
            ax.errorbar(np.asarray(c["x_sim"], dtype=float), np.asarray(c["sim"], dtype=float),
                        yerr=None if c.get("sim_se") is None else 2 * np.asarray(c["sim_se"], dtype=float),
                        fmt="o", ms=4, color=col, mfc="white", capsize=2,
                        label=f"{c.get('label', '')} measured (±2 se)")
        if c.get("vline") is not None:
            ax.axvline(float(c["vline"]), color="#777777", lw=0.8, ls="--")
        if c.get("logx"):
            ax.set_xscale("log")
        if c.get("logy"):
            ax.set_yscale("log")
        ax.set_xlabel(c.get("xlabel", "N/n"))
        ax.set_ylabel(c.get("ylabel", "test MSE"))
    if title:
        ax.set_title(title, fontsize=10)
    if caption:
        fig.text(0.01, 0.01, caption, fontsize=7, color="#555555")
    ax.legend(fontsize=7)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig
