"""Figures: returned as Figures, drawn into a given ax, log axis over decades, atoms as stems."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rmtsym.core.errors import RmtsymError  # noqa: E402
from rmtsym.export.plots import density_figure  # noqa: E402


def rho_mp(x, c=2.0):
    a, b = (1 - np.sqrt(c)) ** 2, (1 + np.sqrt(c)) ** 2
    return np.sqrt(np.clip((x - a) * (b - x), 0, None)) / (2 * np.pi * c * np.maximum(x, 1e-300))


def test_returns_figure_and_draws_into_given_axes():
    fig0, (ax1, ax2) = plt.subplots(1, 2)
    fig = density_figure(None, rho_mp, [(0.1716, 5.8284)], [(0.0, 0.5)], title="MP(2)", ax=ax2)
    assert fig is fig0 and ax2.get_title() == "MP(2)" and not ax1.lines
    lo, hi = ax2.get_xlim()
    assert lo <= 0 < 0.1716 < 5.8284 < hi <= 7          # limits from the support and the atom
    plt.close(fig)


def test_atoms_are_stems_with_their_mass():
    fig = density_figure(None, rho_mp, [(0.1716, 5.8284)], [(0.0, 0.5)])
    twin = [a for a in fig.axes if a.get_ylabel() == "atom mass"]
    assert len(twin) == 1
    stems = twin[0].collections[0].get_segments()
    assert np.allclose(stems[0], [[0.0, 0.0], [0.0, 0.5]])   # a stem of height = mass at x = 0
    plt.close(fig)


def test_log_axis_when_the_support_spans_decades():
    rng = np.random.default_rng(3)
    sample = np.exp(rng.uniform(np.log(1e-3), np.log(10.0), 4000))
    fig = density_figure(sample, None, [(1e-3, 10.0)])
    assert fig.axes[0].get_xscale() == "log"
    fig2 = density_figure(sample, None, [(1.0, 10.0)])
    assert fig2.axes[0].get_xscale() == "linear"
    plt.close(fig)
    plt.close(fig2)


def test_point_mass_gets_a_readable_window():
    fig = density_figure(np.full(100, 81 / 16), None, [], [(81 / 16, 1.0)])
    lo, hi = fig.axes[0].get_xlim()
    assert hi - lo > 0.5 and lo < 81 / 16 < hi                 # not a 1e-11-wide axis
    assert fig.axes[0].xaxis.get_major_formatter().get_offset() == ""
    plt.close(fig)


def test_nothing_to_draw():
    with pytest.raises(RmtsymError, match="must be given"):
        density_figure()
