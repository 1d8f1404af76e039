"""Figure of Pastur's Fig. 3 from a sampling campaign, and the campaign command with its figure.

Plots consume results and never compute them: the densities come from
:func:`rmtsym.sampling.campaign.pastur_fig3_campaign`.  matplotlib is
imported lazily with the Agg backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import RmtsymError, require
from ..sampling.campaign import PASTUR_FIG3_PANELS, Fig3Result
from ..sampling.campaign import main as _campaign_main

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["pastur_fig3_figure", "main"]

_LABEL = {"linear": "linear", "hardtanh": "HardTanh"}


def _draw_panel(ax: Any, panel: dict[str, Any], act: str, depth: int) -> None:
    edges = panel["edges"]
    mids = 0.5 * (edges[:-1] + edges[1:])
    for n in sorted(panel["density"]):
        rho = panel["density"][n]
        keep = rho > 0
        ax.semilogy(mids[keep], rho[keep], lw=1.1,
                    label=f"n = {n}, N = {panel['samples'][n]:.0e}".replace("e+0", "e"))
    ax.set_title(f"φ = {_LABEL.get(act, act)}, L = {depth}", fontsize=9)
    ax.set_xlabel("λ", fontsize=8)
    ax.set_ylabel("ρ_n(λ)", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=6, frameon=False)


def pastur_fig3_figure(result: Fig3Result, ax: Any = None,
                       panel: tuple[str, int] | None = None) -> Figure:
    r"""Pastur's Fig. 3: mean sample densities ρ_n of M_n^L on a log scale, one curve per n.

    Parameters
    ----------
    result : rmtsym.sampling.campaign.Fig3Result
        From :func:`~rmtsym.sampling.campaign.pastur_fig3_campaign`.
    ax : matplotlib.axes.Axes or 2×2 array of Axes, optional
        Default: a new 2×2 figure (rows L = 2, 32; columns φ = linear,
        HardTanh, as in the paper).  One Axes draws the one ``panel``.
    panel : (str, int), optional
        (activation, depth) drawn into a single ``ax`` (default the first).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    RmtsymError
        If ``result`` is not a Fig3Result, or ``panel`` is not in it.

    References
    ----------
    L. Pastur, "Eigenvalue distribution of large random matrices arising in
    deep neural networks: orthogonal case" (2022), Figure 3 (seed
    ``000_f11574a8ed5d65a0.txt``).

    Examples
    --------
    >>> from rmtsym.sampling.campaign import pastur_fig3_campaign
    >>> r = pastur_fig3_campaign(scale=1e-6, sizes=[10], workers=1, bins=10)
    >>> len(pastur_fig3_figure(r).axes)
    4
    """
    require(isinstance(result, Fig3Result),
            f"result must be a Fig3Result (from pastur_fig3_campaign), got {type(result).__name__}")
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    if ax is not None and hasattr(ax, "plot"):          # one Axes: one panel
        key = (panel[0], panel[1]) if panel is not None else PASTUR_FIG3_PANELS[0]
        if key not in result.panels:
            raise RmtsymError(f"panel must be one of {sorted(result.panels)}, got {panel!r}")
        _draw_panel(ax, result.panels[key], *key)
        return ax.figure
    if ax is None:
        fig, axes = plt.subplots(2, 2, figsize=(8.0, 6.0), constrained_layout=True)
    else:
        axes = np.asarray(ax, dtype=object)
        require(axes.size == 4, f"ax must be one Axes or 4 Axes (2×2), got {axes.size}")
        axes = axes.reshape(2, 2)
        fig = axes[0, 0].figure
    for k, (act, depth) in enumerate(PASTUR_FIG3_PANELS):
        a = axes[k // 2, k % 2]
        if (act, depth) in result.panels:
            _draw_panel(a, result.panels[(act, depth)], act, depth)
    fig.suptitle(f"Pastur Fig. 3 (scale {result.record['scale']!r}): mean sample densities of "
                 f"M_n^L, Gaussian weights and biases", fontsize=9)
    return fig


def main(argv: Sequence[str] | None = None) -> int:
    """``rmtsym campaign ...`` with ``pastur-fig3 --figure FILE`` drawing :func:`pastur_fig3_figure`.

    Same arguments and exit codes as :func:`rmtsym.sampling.campaign.main`.
    """
    return _campaign_main(argv, plot=pastur_fig3_figure)


if __name__ == "__main__":  # pragma: no cover
    import sys
    sys.exit(main())
