r"""Survey §3.1 (Choromanska et al.): the ReLU network as a sum over paths, and E_A under the stated assumptions.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §3.1 "A Connection of
a Multilayer Network and the Spherical Spin-Glass Model [Cho+14]" (after
A. Choromanska et al., "The loss surfaces of multilayer networks", AISTATS
2015): "Y = σ(W^(H) σ(W^(H−1) … σ(W^(1) X)…)) … can be written as the sum of
X_i A_ij ∏_k w_ij^(k), where j runs over the set of all paths"; "γ = n_1 ⋯ n_H
is the number of total paths"; "N = Σ n_{i−1} n_i"; "Ψ = n_0 γ"; "Λ := Ψ^{1/H}";
"E_A[Y] = Σ_i Σ_j X_ij ρ ∏_k w_ij^(k)" (A_ij Bernoulli(ρ), independent of X).

Checks.  (exact) The path sum equals the forward pass exactly (rational
weights with both signs, widths (4, 3, 2, 1), (3, 5, 1), (2, 2, 2, 2, 1), outputs
that are positive and zero); the counts γ, Ψ, N by enumerating the paths of
the layered graph (networkx) and Λ^H = Ψ with the seed's approximation chain
(Y_s, Ŷ_s, Ŷ all have Ψ terms); E_A of the path sum by summing over all 2^Ψ
activation patterns with symbolic ρ equals ρ Σ X_ij ∏ w.  (empirical) In
*real* bias-free ReLU networks the activation probability of a path is the
common value ρ = 2^{−H} (every unit is active with probability 1/2
independently given the previous layer; Hanin–Nica Prop. 2): the sampled
mean fraction of active paths vs 2^{−H}, z-test at 4 standard errors, seed
20260320 (exact at finite width, no O(1/n) bias).

What the seed does not state, so nothing here verifies it: the law of the
weights, the size of the redundancy/uniformity approximation errors (ε, c),
why the absolute loss equals S − sgn(Y_true)Ŷ, and Choromanska et al.'s
conclusions on critical points; the independence of A from X fails in a real
network (``spin_glass_independence_erratum``).

Expected verdict: EXACT.
"""

import itertools
import math
from fractions import Fraction

import networkx as nx
import sympy as sp

from rmtsym.models.spin_glass import path_counts, relu_forward, relu_path_sum, relu_path_terms
from rmtsym.sampling import sample_spectra
from rmtsym.verify import Check, CheckResult, Claim, Level, exact_identity, exact_sequences

SURVEY = "002_2c85d79b7db582c6.txt"
NETS = [[4, 3, 2, 1], [3, 5, 1], [2, 2, 2, 2, 1]]


def rational_network(widths, salt=0):
    """Deterministic rational weights with both signs (no RNG): ((7a + 3b + 5l + salt) mod 11 - 5)/4."""
    Ws = []
    for l, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:]), start=1):
        Ws.append([[Fraction((7 * a + 3 * b + 5 * l + salt) % 11 - 5, 4) for b in range(n_in)]
                   for a in range(n_out)])
    x = [Fraction((5 * i + salt) % 7 - 3, 2) for i in range(widths[0])]
    import numpy as np
    return [np.array(W, dtype=object) for W in Ws], np.array(x, dtype=object)


def _forward_vs_paths(ctx):
    lhs, rhs = [], []
    for widths in NETS:
        for salt in range(6):
            Ws, x = rational_network(widths, salt)
            lhs.append(sp.Rational(str(relu_forward(Ws, x)[0])))
            rhs.append(sp.Rational(str(relu_path_sum(Ws, x)[0])))
    return lhs, rhs


def _graph_paths(widths):
    g = nx.DiGraph()
    for l, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        g.add_edges_from(((l, i), (l + 1, j)) for i in range(a) for j in range(b))
    src, dst = "s", "t"
    g.add_edges_from((src, (0, i)) for i in range(widths[0]))
    g.add_edges_from(((len(widths) - 1, j), dst) for j in range(widths[-1]))
    return sum(1 for _ in nx.all_simple_paths(g, src, dst)), g.number_of_edges() - widths[0] - widths[-1]


def _counts_lhs(ctx):
    out = []
    for widths in NETS + [[4, 4, 4, 1], [2, 4, 8, 1]]:
        paths, edges = _graph_paths(widths)
        out += [paths, paths // widths[0], edges]
    for widths in ([4, 4, 4, 1], [2, 4, 8, 1]):      # Psi = 64, H = 3: Lambda = 4
        H = len(widths) - 1
        s = 2                                          # Y_s and hat Y_s with s = 2: s^H * Psi/s^H terms
        psi = path_counts(widths)["Psi"]
        out += [s ** H * (psi // s ** H), path_counts(widths)["Lambda"] ** H]
    return out


def _counts_rhs(ctx):
    out = []
    for widths in NETS + [[4, 4, 4, 1], [2, 4, 8, 1]]:
        c = path_counts(widths)
        out += [c["Psi"], c["gamma"], c["N"]]
    for widths in ([4, 4, 4, 1], [2, 4, 8, 1]):
        out += [path_counts(widths)["Psi"]] * 2
    return out


def _expectation_over_A(ctx):
    rho = sp.Symbol("rho", positive=True)
    widths = [2, 2, 1]                        # Psi = 4 paths
    Ws, _ = rational_network(widths, 1)
    terms = relu_path_terms(Ws, [Fraction(1)] * 2)
    X = sp.symbols("X0:%d" % len(terms))      # one input per path (the seed's X_ij)
    prods = [sp.Rational(str(w)) for _, _, w in terms]
    total = sp.Integer(0)
    for A in itertools.product((0, 1), repeat=len(terms)):
        weight = sp.Integer(1)
        for a in A:
            weight *= rho if a else 1 - rho
        total += weight * sum(a * x * w for a, x, w in zip(A, X, prods))
    lhs = sp.expand(total)
    rhs = sp.expand(rho * sum(x * w for x, w in zip(X, prods)))
    return lhs, rhs, [{"title": r"sum over all $2^{\Psi}$ activation patterns",
                       "latex": r"\sum_{A}\rho^{|A|}(1-\rho)^{\Psi-|A|}\sum_{ij}A_{ij}X_{ij}\prod_k w_{ij}^{(k)} = "
                       + sp.latex(sp.factor(lhs))}]


def _active_paths(ctx):
    numbers, ok = [], True
    rec = {"seed": 20260320}
    for j, widths in enumerate(([4, 3, 2, 1], [6, 5, 4, 3, 1])):
        H = len(widths) - 1
        S = ctx.pick(40, 160)
        s = sample_spectra("relu_network_paths", 250, S, 20260320 + j,
                           {"widths": widths, "observable": "active_paths"}, jobs=ctx.jobs)
        f = s.eigenvalues.ravel()
        se = f.std(ddof=1) / math.sqrt(f.size)
        ref = 2.0 ** (-H)
        z = abs(f.mean() - ref) / se
        good = z <= 4
        ok &= good
        numbers.append({"label": f"widths {widths}: mean fraction of active paths", "value": f"{f.mean():.5f}",
                        "reference": f"2^-{H} = {ref:.5f}", "difference": f"{abs(f.mean() - ref):.2e}",
                        "tolerance": f"4 se = {4 * se:.2e}", "error": f"{se:.2e}",
                        "outcome": "agree" if good else "disagree"})
        rec[str(widths)] = s.record()
    lv = Level.EMPIRICAL if ok else Level.REFUTED
    return CheckResult("real networks: common activation probability", "empirical", lv,
                       "sampled path activation probability = 2^-H" if ok else "activation probability != 2^-H",
                       "z-test |mean - 2^-H| <= 4 se (exact at finite width: no O(1/n) bias)", numbers, rec)


CLAIM = Claim(
    id="spin_glass_reduction",
    title=r"Survey §3.1: ReLU network = sum over paths $X_i A_{ij} \prod w$; path counts; $\mathbb{E}_A[Y] = \rho \sum X \prod w$",
    source=SURVEY,
    formula=(r"§3.1: $Y = \sum X_i A_{ij} \prod_k w_{ij}^{(k)}$; $\gamma = n_1 \cdots n_H$; "
             r"$\Psi = n_0 \gamma$; $N = \sum_i n_{i-1} n_i$; $\Lambda = \Psi^{1/H}$; "
             r"$\mathbb E_A[Y] = \sum X_{ij} \rho \prod_k w_{ij}^{(k)}$"),
    statement=(r"$\sigma(W^{(H)}\cdots\sigma(W^{(1)}X))=\sum_{i}\sum_{j\le\gamma}X_iA_{ij}\prod_kw^{(k)}_{ij}$, "
               r"$\gamma=n_1\cdots n_H$; with $A_{ij}\sim$ Bernoulli($\rho$) independent of $X$, "
               r"$\mathbb E_A[Y]=\rho\sum_{ij}X_{ij}\prod_kw^{(k)}_{ij}$."),
    expected="EXACT",
    notes=(r"Not stated in the seed and not verified: the weight law, the approximation errors of the "
           r"redundancy and uniformity steps, the absolute-loss reduction to $S - \operatorname{sgn}(Y_{\rm true})\,"
           r"\hat Y$, and the critical-point conclusions of Choromanska et al. The assumption that $A$ is "
           r"independent of $X$ is refuted for real networks in `spin_glass_independence_erratum`."),
    checks=[
        exact_sequences("forward pass = path sum (rational networks)", lambda ctx: _forward_vs_paths(ctx)[0],
                        lambda ctx: _forward_vs_paths(ctx)[1], "`relu_forward`", "`relu_path_sum`", quantity="Y"),
        exact_sequences("path and weight counts; Lambda^H = Psi", _counts_lhs, _counts_rhs,
                        "networkx path enumeration / approximation chain", "formulas of the seed", quantity="c",
                        label=r"path and weight counts; $\Lambda^H = \Psi$"),
        exact_identity("E_A over all activation patterns = rho * sum X prod w", _expectation_over_A,
                       label=r"$\mathbb E_A$ over all activation patterns $= \rho \sum X \prod w$"),
        Check("real networks: common activation probability", "empirical", _active_paths,
              r"real bias-free ReLU networks: $P(\text{path active}) = 2^{-H}$"),
    ],
)
