r"""The named constants of the seeds, as Gaussian integrals of the activation.

Pennington–Worah's eta and zeta (the nonlinear Gram matrix, with the survey's
erratum), the Fisher-information constants eta, eta', zeta, Wang–Zhu's
b_sigma and the Benigni–Péché constants with their spike condition; each is
exact (``dps=None``) or mpmath to ``dps`` digits, through
:func:`rmtsym.gaussian.integrals.gaussian_expectation` and the engine of
:mod:`rmtsym.gaussian._engine`.  No numpy.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from ._engine import _GUARD, _as_activation, _check_dps, _check_positive, _numeric_expectation, _round, _tidy
from .integrals import _mean_var, gaussian_expectation, gaussian_moments
from ..core.errors import RmtsymError
from ._engine import ActivationLike, NumberLike, Value

__all__ = ["pw17_constants", "fisher_constants", "b_sigma", "benigni_peche_constants"]


def _moment(act, q, dps, d, p, j):
    if dps is None:
        return gaussian_expectation(act, q, None, j, p, d)
    f = act.derivative(d) if d else act
    tf = None if j == 0 else (lambda u, j=j: u**j)
    return _numeric_expectation(f, q, dps, tf, p, j % 2)[0]


def pw17_constants(act: ActivationLike, dps: int | None = None, sigma_w2: NumberLike = 1,
                   sigma_x2: NumberLike = 1, center: bool = True) -> tuple[Value, Value]:
    r"""Pennington–Worah's eta and zeta of the nonlinear Gram matrix.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        The activation sigma.
    dps : int or None, optional
        None: exact; an integer: mpmath to dps digits.
    sigma_w2, sigma_x2 : number or positive sympy expression, optional
        Variances sigma_w^2 of the weights (W_ij ~ N(0, sigma_w^2/n_0)) and
        sigma_x^2 of the data (default 1 each).
    center : bool, optional
        True (default): eta of the centred activation, E sigma^2 - (E sigma)^2
        (the mean adds a rank-one term that does not move the limiting
        spectrum; PW17 assume it is zero).  False: E sigma^2 as written.

    Returns
    -------
    (eta, zeta)

    Raises
    ------
    RmtsymError
        Non-positive variances; no closed form with dps=None.

    Notes
    -----
    Seed 002_2c85d79b7db582c6.txt, §4.2 (Kim's survey, quoting Pennington
    and Worah 2017, eq. (6)), with q = sigma_w^2 sigma_x^2:

    .. math::

        \eta = \mathbb E\,\sigma(\sqrt q\,\xi)^2, \qquad
        \zeta = \Bigl[\sqrt q\;\mathbb E\,\sigma'(\sqrt q\,\xi)\Bigr]^2
              = \bigl(\mathbb E\,\xi\,\sigma(\sqrt q\,\xi)\bigr)^2 .

    **Erratum.** The survey prints
    :math:`\zeta = [\sigma_w\sigma_x \int \sigma'(\sigma_w\sigma_x z)^2\,Dz]^2`,
    with sigma' *squared* inside the integral.  PW17's eq. (6) has sigma'
    to the first power; the survey's version breaks the survey's own
    statement "eta = zeta iff sigma is linear" and the bound
    zeta <= eta (Cauchy–Schwarz on E xi sigma): for sigma = sin at
    q = 4 it gives zeta = (1 + e^{-8})^2 > eta = (1 - e^{-8})/2.  This
    function implements PW17's formula.  By Stein's lemma zeta = c_1^2 and
    eta - zeta = sum_{k>=2} k! c_k^2 >= 0 (Hermite coefficients), with
    equality iff sigma is linear.

    Examples
    --------
    >>> pw17_constants("linear", sigma_w2=2, sigma_x2=3)
    (6, 6)
    >>> pw17_constants("relu", sigma_w2=2)
    ((-1 + pi)/pi, 1/2)
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    sw = _check_positive(sigma_w2, "sigma_w2", symbolic=dps is None)
    sx = _check_positive(sigma_x2, "sigma_x2", symbolic=dps is None)
    q = sw * sx
    if dps is None:
        eta = gaussian_expectation(act, q, power=2)
        if center:
            eta = _tidy(eta - gaussian_expectation(act, q)**2)
        zeta = _tidy(gaussian_expectation(act, q, xi_power=1)**2)
        return eta, zeta
    with mpmath.workdps(dps + _GUARD):
        eta = _moment(act, q, dps, 0, 2, 0)
        if center:
            eta -= _moment(act, q, dps, 0, 1, 0)**2
        zeta = _moment(act, q, dps, 0, 1, 1)**2
    return _round(eta, dps), _round(zeta, dps)


def fisher_constants(act: ActivationLike, dps: int | None = None) -> tuple[Value, Value, Value]:
    r"""eta, eta' and zeta of the Pennington–Worah Fisher-information formula.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    dps : int or None, optional

    Returns
    -------
    (eta, eta_prime, zeta)
        eta = E sigma(xi)^2, eta' = E sigma'(xi)^2, zeta = (E sigma'(xi))^2,
        xi ~ N(0, 1).

    Raises
    ------
    RmtsymError
        sigma not differentiable; no closed form with dps=None.

    Notes
    -----
    Seed 002_2c85d79b7db582c6.txt, §4.3 (the formula for m(z) with the
    laws mu_1 on [eta' - zeta, eta' + 3 zeta] and mu_2 on
    [eta - zeta, eta + 3 zeta]); unit scale, as printed.

    Examples
    --------
    >>> fisher_constants("relu")
    (1/2, 1/2, 1/4)
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    if dps is None:
        m = gaussian_moments(act)
        return m["E_phi2"], m["E_dphi2"], _tidy(m["E_dphi"]**2)
    with mpmath.workdps(dps + _GUARD):
        eta = _moment(act, 1, dps, 0, 2, 0)
        etap = _moment(act, 1, dps, 1, 2, 0)
        zeta = _moment(act, 1, dps, 1, 1, 0)**2
    return _round(eta, dps), _round(etap, dps), _round(zeta, dps)


def b_sigma(act: ActivationLike, dps: int | None = None, q: NumberLike = 1) -> Value:
    r"""Wang–Zhu's b_sigma = E sigma'(xi) of the centred, normalised activation.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        Any activation phi; it is centred and normalised first.
    dps : int or None, optional
    q : number, optional
        Variance of the argument (default 1, as in the seed).

    Returns
    -------
    sympy.Expr or mpmath.mpf
        b_sigma = E phi'(sqrt q xi) / sqrt(Var phi(sqrt q xi)), which is
        E sigma'(xi) for sigma(x) = (phi(sqrt q x) - E phi)/sd.  In [-1, 1]
        by Cauchy–Schwarz, |b| = 1 iff phi is linear.

    Raises
    ------
    RmtsymError
        phi constant or not differentiable; no closed form with dps=None.

    Notes
    -----
    Seed 004_023286a078569efc.txt ("Assumptions": E sigma(xi) = 0,
    E sigma^2(xi) = 1, b_sigma := E sigma'(xi)); b_sigma enters the deformed
    semicircle law mu_s ⊠ ((1 - b_sigma^2) + b_sigma^2 mu_0).  With sqrt(q)
    scaling: sigma'(x) = sqrt(q) phi'(sqrt q x)/sd.

    Examples
    --------
    >>> b_sigma("relu")
    sqrt(2)*sqrt(pi)/(2*sqrt(-1 + pi))
    >>> b_sigma("linear")
    1
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    if dps is None:
        m, v = _mean_var(act, q, None)
        if sp.simplify(v) == 0:
            raise RmtsymError(f"act: {act.name} is constant under N(0, q): cannot normalise")
        return _tidy(sp.sqrt(q) * gaussian_expectation(act, q, derivative=1) / sp.sqrt(v))
    with mpmath.workdps(dps + _GUARD):
        m, v = _mean_var(act, q, dps)
        if v <= mpmath.mpf(10)**(-dps):
            raise RmtsymError(f"act: {act.name} is constant under N(0, q): cannot normalise")
        qm = mpmath.mpf(sp.N(q, dps + _GUARD))
        b = mpmath.sqrt(qm) * _moment(act, q, dps, 1, 1, 0) / mpmath.sqrt(v)
    return _round(b, dps)


def benigni_peche_constants(act: ActivationLike, dps: int | None = None,
                            center: bool = True) -> dict[str, Value | bool]:
    r"""The constants of the Benigni–Péché cubic and their spike condition.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    dps : int or None, optional
    center : bool, optional
        True (default): use sigma - E sigma(xi) (Benigni–Péché assume a
        centred sigma); False: use sigma as given.

    Returns
    -------
    dict
        ``E_sigma2`` = E sigma(xi)^2, ``E_sigma_xi`` = E sigma(xi) xi,
        ``E_xi2_sigma`` = E xi^2 sigma(xi), ``spike_free`` = (E xi^2 sigma
        == 0, exact, or below 10^-(dps-2) numerically).

    Raises
    ------
    RmtsymError
        No closed form with dps=None.

    Notes
    -----
    Seed 001_322f0eb0bc5d01dd.txt, slide "Some further RMT investigations on
    the two-layer model": for centred sigma the limiting spectrum of
    (1/n) sigma(WX)^T sigma(WX) solves a cubic depending on sigma only via
    E sigma^2(xi) and E sigma(xi) xi [BP21]; if E xi^2 sigma(xi) = 0 there
    is no spike, otherwise at most two [BP22].  For centred sigma,
    E xi^2 sigma = 2 c_2 (second Hermite coefficient), so odd activations
    are spike-free.

    Examples
    --------
    >>> c = benigni_peche_constants("relu")
    >>> c["E_sigma2"], c["E_sigma_xi"], c["E_xi2_sigma"], c["spike_free"]
    ((-1 + pi)/(2*pi), 1/2, sqrt(2)/(2*sqrt(pi)), False)
    >>> benigni_peche_constants("tanh", dps=15)["spike_free"]
    True
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    if dps is None:
        m = gaussian_moments(act) if not center else None
        mean = gaussian_expectation(act, 1)
        e2 = gaussian_expectation(act, 1, power=2)
        exi = gaussian_expectation(act, 1, xi_power=1)
        exi2 = gaussian_expectation(act, 1, xi_power=2)
        del m
        if center:
            e2, exi2 = _tidy(e2 - mean**2), _tidy(exi2 - mean)
        return {"E_sigma2": e2, "E_sigma_xi": exi, "E_xi2_sigma": exi2,
                "spike_free": sp.simplify(exi2) == 0}
    with mpmath.workdps(dps + _GUARD):
        mean = _moment(act, 1, dps, 0, 1, 0)
        e2 = _moment(act, 1, dps, 0, 2, 0)
        exi = _moment(act, 1, dps, 0, 1, 1)
        exi2 = _moment(act, 1, dps, 0, 1, 2)
        if center:
            e2, exi2 = e2 - mean**2, exi2 - mean
        free = abs(exi2) <= mpmath.mpf(10)**(-(dps - 2))
    return {"E_sigma2": _round(e2, dps), "E_sigma_xi": _round(exi, dps),
            "E_xi2_sigma": _round(exi2, dps), "spike_free": bool(free)}
