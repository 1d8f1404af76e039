"""Regression tests for the 26 defects of issue 16 (hardening), one test (or parameter) each.

Groups, in the order of the issue: code execution from strings, unbounded
work, crashes / tracebacks, unclear errors, silently wrong results.  Every
bad input must give an RmtsymError (or subclass) naming the parameter, within
a stated time budget; valid inputs are checked against an independent route
(closed form, mpmath at higher precision).
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import mpmath
import numpy as np
import pytest
import sympy

import rmtsym
from rmtsym import (RmtsymError, ParseError, activation, atoms, free_add, fuss_catalan,
                    gaussian_moments, marchenko_pastur, mask_law, semicircle)
from rmtsym.app.cli import main

#: seconds any refusal may take (the work is bounded before it starts)
REFUSAL_BUDGET = 5.0


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def refused(fn, match=None, exc=RmtsymError):
    t0 = time.perf_counter()
    with pytest.raises(exc, match=match) as info:
        fn()
    assert time.perf_counter() - t0 < REFUSAL_BUDGET
    return info.value


def cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------------------
# 1. code execution: strings never reach eval / sympify (6 defects)
# ---------------------------------------------------------------------------

def _payloads(flag):
    p = str(flag).replace("\\", "/")
    return [f"__import__('pathlib').Path('{p}').touch() or 1",
            f"(lambda: __import__('pathlib').Path('{p}').touch())() or 1",
            f"open('{p}', 'w').close() or 1",
            f"exec(\"open('{p}', 'w')\") or 1"]


@pytest.mark.parametrize("target", ["marchenko_pastur", "semicircle", "atoms_key", "atoms_value",
                                    "mask_law", "gaussian_moments", "activation",
                                    "activation_param"])
def test_strings_are_never_executed(tmp_path, target):
    flag = tmp_path / "pwned"
    calls = {
        "marchenko_pastur": lambda s: marchenko_pastur(s),
        "semicircle": lambda s: semicircle(s),
        "atoms_key": lambda s: atoms({s: 1}),
        "atoms_value": lambda s: atoms({0: s}),
        "mask_law": lambda s: mask_law("relu", s),
        "gaussian_moments": lambda s: gaussian_moments("relu", q=s),
        "activation": lambda s: activation(s),
        "activation_param": lambda s: activation("leaky_relu", alpha=s),
    }
    for s in _payloads(flag):
        refused(lambda: calls[target](s))
        assert not flag.exists(), f"{target} executed {s!r}"


def test_string_inputs_still_work():
    # the README's string inputs, read by the restricted parser
    assert marchenko_pastur("1/2").moments(2) == [1, 1, sympy.Rational(3, 2)]
    assert semicircle("2*3/4").moments(2) == [1, 0, sympy.Rational(3, 2)]
    h = sympy.Rational(1, 2)
    assert atoms({"0": "1/2", "2": "1/2"}).moments(2) == [1, 1, 2]
    assert activation("x**2/2").expr == activation(sympy.Symbol("x", real=True) ** 2 / 2).expr
    assert activation("leaky_relu", alpha="1/10") == activation("leaky_relu", alpha=sympy.Rational(1, 10))
    assert gaussian_moments("relu", q="1/2")["E_phi2"] == gaussian_moments("relu", q=h)["E_phi2"]


# ---------------------------------------------------------------------------
# 2. unbounded work: every case refused or answered within the budget (10 defects)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("expr", ["mp(10**10**10)", "mp(9**9**9)", "mp(10**-10**10)"])
@pytest.mark.parametrize("command", ["moments", "equation"])
def test_cli_huge_powers_refused(capsys, expr, command):
    (code, out, err), dt = timed(lambda: cli(capsys, command, expr))
    assert code == 2 and dt < REFUSAL_BUDGET
    assert err.count("\n") == 1 and "exponent" in err and "Traceback" not in err


def test_cli_huge_order_refused(capsys):
    (code, out, err), dt = timed(lambda: cli(capsys, "moments", "mp(1/2)", "-n", "100000"))
    assert code == 2 and dt < REFUSAL_BUDGET and "10000" in err


def test_fuss_catalan_order_capped():
    refused(lambda: fuss_catalan(10**6), r"order must be an integer in \[1, 100\]")


def test_moment_order_capped():
    refused(lambda: semicircle(1).moments(10**7), "order n")
    # a law with big coefficients: the work budget n^2 * digits names the allowed n
    refused(lambda: marchenko_pastur(10**400).moments(2000), r"n <= \d+ is allowed")


def test_gaussian_dps_capped():
    refused(lambda: gaussian_moments("erf", q=2, dps=10**6), r"dps must be an integer in \[1, 2000\]")


def test_jacobian_depth_capped():
    from rmtsym import JacobianSpectrum
    refused(lambda: JacobianSpectrum("relu", 10**6).moments(2), "depth")


def test_cdf_far_outside_the_support_of_a_four_law_sum():
    h = sympy.Rational(1, 2)
    mu = free_add(semicircle(1), marchenko_pastur(h), atoms({0: h, 1: h}), semicircle(2))
    (hi, lo), dt = timed(lambda: (mu.cdf(1000), mu.cdf(-1000)))
    assert hi == 1 and lo == 0 and dt < REFUSAL_BUDGET
    # the shortcut agrees with the quadrature route just past the right edge:
    # F at the last support edge + a bit is 1 to the requested digits
    edge = max(b for _, b in mu.support(dps=20))
    assert abs(mu.cdf(edge + mpmath.mpf("1e-3"), dps=15) - 1) < 1e-12


def test_sample_refuses_before_allocating():
    from rmtsym import JacobianSpectrum, sample_spectra
    e = refused(lambda: JacobianSpectrum("relu", 2).sample(10**6, 1, seed=0), "GiB")
    assert not isinstance(e, MemoryError)
    refused(lambda: sample_spectra("wigner", 10, 10**7, seed=0), "samples")


# ---------------------------------------------------------------------------
# 3. crashes and tracebacks (8 defects)
# ---------------------------------------------------------------------------

def test_star_import_works():
    ns = {}
    exec("from rmtsym import *", ns)
    for name in rmtsym.__all__:
        assert name in ns, name
    assert "JacobianSample" not in rmtsym.__all__


def test_cli_decimal_overflow_is_exact(capsys):
    code, out, err = cli(capsys, "moments", "mp(1e309)", "-n", "1")
    # 1e309 is the exact decimal 10**309 (not the float inf): MP(c) has m_1 = 1
    assert code == 0 and out.split("\n")[:2] == ["m_0 = 1", "m_1 = 1"]
    code, out, err = cli(capsys, "moments", "mp(1, 1e309)", "-n", "1")
    assert code == 0 and out.split("\n")[1] == "m_1 = " + str(10**309)


def test_cli_int_string_limit(capsys):
    code, out, err = cli(capsys, "moments", "mp(2**100000)")
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1


def test_cli_deep_nesting(capsys):
    code, out, err = cli(capsys, "moments", "mp(" + "-" * 5000 + "1)")
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1
    code, out, err = cli(capsys, "moments", "mp(" + "-" * 1500 + "1)")   # under the length cap
    assert code == 2 and "nested" in err


_FAST_CLAIM = '''
from rmtsym.verify import Claim, exact_sequences
CLAIM = Claim("{cid}", "t", "000.txt", "eq", "$x$", "EXACT",
              [exact_sequences("c", lambda ctx: [1, 2], lambda ctx: [1, 2], "a", "b")])
'''

_SLOW_CLAIM = '''
import time
from rmtsym.verify import Claim, exact_sequences
def slow(ctx):
    time.sleep(60)
    return [1]
CLAIM = Claim("{cid}", "t", "000.txt", "eq", "$x$", "EXACT",
              [exact_sequences("c", slow, lambda ctx: [1], "a", "b")])
'''


def _claims(tmp_path, *specs):
    folder = tmp_path / "claims"
    folder.mkdir()
    for cid, text in specs:
        (folder / f"{cid}.py").write_text(text.format(cid=cid))
    return folder


def test_verify_out_checked_before_running(tmp_path, capsys):
    folder = _claims(tmp_path, ("zz_slow", _SLOW_CLAIM))
    existing = tmp_path / "afile"
    existing.write_text("keep me")
    for out in (str(existing), str(existing / "sub")):
        (code, _, err), dt = timed(lambda: cli(capsys, "verify", "--no-builtin", str(folder),
                                               "--out", out, "--no-progress"))
        assert code == 2 and dt < 20 and "--out" in err and err.count("\n") == 1
    assert existing.read_text() == "keep me"


def test_latex_output_paths(tmp_path, capsys, monkeypatch):
    folder = _claims(tmp_path, ("zz_fast", _FAST_CLAIM))
    claim = str(folder / "zz_fast.py")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "missing dir" / "with space" / "x.tex"
    code, out, err = cli(capsys, "latex", claim, "-o", str(target))
    assert code == 0 and target.exists() and "\\begin{document}" in target.read_text()
    (tmp_path / "afile").write_text("")
    code, out, err = cli(capsys, "latex", claim, "-o", str(tmp_path / "afile" / "x.tex"))
    assert code == 2 and "not a folder" in err and "Traceback" not in err
    (tmp_path / "d.tex").mkdir()
    code, out, err = cli(capsys, "latex", claim, "-o", str(tmp_path / "d.tex"))
    assert code == 2 and "is a folder" in err


def test_ctrl_c_keeps_finished_claims(tmp_path):
    folder = _claims(tmp_path, ("aa_fast", _FAST_CLAIM), ("zz_slow", _SLOW_CLAIM))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "rmtsym", "verify", "--no-builtin", str(folder),
                             "--out", str(out), "--no-progress", "--no-figures"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    t0 = time.time()
    while not (out / "aa_fast.json").exists() and time.time() - t0 < 60:
        time.sleep(0.1)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in stderr and stderr.strip().count("\n") == 0
    assert "not run: zz_slow" in stderr
    cert = json.loads((out / "aa_fast.json").read_text())
    assert cert["claim"]["id"] == "aa_fast" if isinstance(cert.get("claim"), dict) else True
    summary = (out / "summary.md").read_text()
    assert "Not run (interrupted)" in summary and "zz_slow" in summary
    assert not any(p.name.endswith(".tmp.json") or ".tmp" in p.name for p in out.iterdir())


def test_certificates_written_atomically(tmp_path, monkeypatch):
    from rmtsym.app.runner import run_claims
    from rmtsym.export import certificate
    from rmtsym.verify import Claim, exact_sequences
    cl = Claim("demo", "t", "000.txt", "eq", "$x$", "EXACT",
               [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    v = run_claims([cl])[0]
    path = tmp_path / "demo.json"
    path.write_text("old")
    calls = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append((a, b)), real(a, b)))
    certificate.write_certificate(v, str(path))
    assert calls and calls[-1][1] == str(path) and json.loads(path.read_text())
    # a failure while writing leaves the previous file and no temporary behind
    path.write_text("old")
    monkeypatch.setattr(certificate.json, "dumps", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        certificate.write_certificate(v, str(path))
    assert path.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["demo.json"]


# ---------------------------------------------------------------------------
# 4. unclear errors (8 defects): RmtsymError naming the parameter
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value,match", [(None, "variance must be"), ([1], "variance must be"),
                                         (True, "variance must be")])
def test_semicircle_bad_types(value, match):
    refused(lambda: semicircle(value), match)


def test_nan_in_gaussian_routines():
    refused(lambda: mask_law("relu", float("nan")), "q must be a finite real number")
    refused(lambda: gaussian_moments("relu", q=float("nan")), "q must be a finite real number")
    refused(lambda: gaussian_moments("relu", q="nan"), "nan")


def test_mask_law_tiny_q_is_valid():
    nu = mask_law("hardtanh", 10**-50)
    # route 1: the exact atoms; route 2: P(|h| < 1) = erf(1/sqrt(2q)) by mpmath at 60 digits
    with mpmath.workdps(60):
        p = mpmath.erf(1 / mpmath.sqrt(2 * mpmath.mpf("1e-50")))
    m1 = nu.moments(1)[1]
    assert abs(mpmath.mpf(sympy.N(m1, 60)) - p) < mpmath.mpf(10) ** -50


def test_subs_string_key_names_the_constraint():
    c = sympy.Symbol("c", positive=True)
    e = refused(lambda: marchenko_pastur(c).subs({"c": -1}), "ratio must be > 0")
    assert "not a parameter" not in str(e)
    assert marchenko_pastur(c).subs({"c": 2}).moments(2) == [1, 1, 3]
    refused(lambda: marchenko_pastur(c).subs({"d": 2}), "its parameters are: c")


def test_stieltjes_far_away_is_answered():
    sc = semicircle(1)
    v = sc.stieltjes(1e300j, dps=30)
    # closed form m(z) = (-z + sqrt(z^2 - 4))/2 at 700 digits (cancellation of 600 digits)
    with mpmath.workdps(700):
        z = mpmath.mpc(0, mpmath.mpf(1e300))      # the binary double nearest 10**300
        ref = (-z + mpmath.sqrt(z * z - 4)) / 2
        if ref.imag < 0:
            ref = (-z - mpmath.sqrt(z * z - 4)) / 2
        assert abs(v - ref) <= abs(ref) * mpmath.mpf(10) ** -28


def test_density_at_exact_irrational_x():
    x = sympy.sqrt(2)
    v = semicircle(1).density(x, dps=30)
    with mpmath.workdps(40):
        ref = mpmath.sqrt(4 - mpmath.mpf(2)) / (2 * mpmath.pi)     # sqrt(4 - x^2)/(2 pi)
        assert abs(v - ref) < mpmath.mpf(10) ** -28
    refused(lambda: semicircle(1).density(sympy.Symbol("t")), "x must be a number")


def test_long_values_shortened_in_messages():
    from rmtsym import float_density
    e = refused(lambda: float_density(semicircle(1), np.linspace(-3, 3, 1000)))
    assert len(str(e)) <= 1300
    e = refused(lambda: semicircle("x" * 5000), "variance")
    assert len(str(e)) < 300


# ---------------------------------------------------------------------------
# 5. silently wrong or misleading (3 defects) + one found on the way
# ---------------------------------------------------------------------------

def test_subs_validates_like_the_constructor():
    c = sympy.Symbol("c", positive=True)
    refused(lambda: marchenko_pastur(-1), "ratio must be > 0")
    refused(lambda: marchenko_pastur(c).subs({c: -1}), "ratio must be > 0")
    d = sympy.Symbol("d")            # no assumption: the recorded constraint still applies
    refused(lambda: marchenko_pastur(d).subs({d: 0}), "ratio must be > 0")
    refused(lambda: free_add(semicircle(d), semicircle(1)).subs({d: -3}), "variance must be > 0")


def test_cli_nan_is_not_a_parameter(capsys):
    for word in ("nan", "inf", "oo", "I"):
        code, out, err = cli(capsys, "moments", f"mp({word})", "-n", "2")
        assert code == 2 and "m_2" not in out and repr(word) in err
    code, out, err = cli(capsys, "moments", "semicircle(pi)", "-n", "2")
    assert code == 0 and out.split("\n")[2] == "m_2 = pi"


def test_density_next_to_the_edge_keeps_exact_x():
    x = 2 - sympy.Integer(10) ** -80
    v = semicircle(1).density(x, dps=50)
    with mpmath.workdps(300):
        xx = 2 - mpmath.mpf(10) ** -80
        ref = mpmath.sqrt(4 - xx * xx) / (2 * mpmath.pi)          # ~3.18e-41
        assert v > 0 and abs(v - ref) <= ref * mpmath.mpf(10) ** -45


def test_deep_relu_jacobian_mean_not_rounded_to_zero():
    from rmtsym import JacobianSpectrum
    # m_1 = E (1/n) tr J J^T = (sigma_w^2 E phi'(h)^2)^L = (sigma_w^2/2)^L for ReLU
    m = JacobianSpectrum("relu", 400, sigma_w2=3).moments(1)
    assert m[1] == sympy.Rational(3, 2) ** 400


# ---------------------------------------------------------------------------
# the parser's own limits (documented in docs/inputs.md)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,match", [
    ("1" * 501, "digits"), ("2**10001", "exponent"), ("x." + "y", "Attribute"),
    ("'a'", "literal"), ("1j", "complex"), ("_x", "'_'"), ("(" * 300 + "1" + ")" * 300, "nested"),
    ("1/0", "division by zero"), ("E**100", "irrational base"), ("q" * 41, "invalid parameter"),
])
def test_parser_limits(text, match):
    from rmtsym.core.numbers import to_expr
    refused(lambda: to_expr(text, "value"), match, exc=ParseError)


# ---------------------------------------------------------------------------
# found by the fuzz suite / on the way
# ---------------------------------------------------------------------------

def test_irrational_parameters_are_carried_exactly():
    # route 1: the kernel (constants as symbols); route 2: the closed forms
    assert semicircle(sympy.pi).moments(4) == [1, 0, sympy.pi, 0, 2 * sympy.pi**2]
    assert marchenko_pastur("sqrt(2)").moments(2)[2] == 1 + sympy.sqrt(2)      # m_2 = 1 + c
    c = sympy.Symbol("c", positive=True)
    assert marchenko_pastur(c).subs({c: sympy.pi}).moments(2)[2] == 1 + sympy.pi
    with mpmath.workdps(30):                                          # 1/(pi sqrt(sigma^2))
        assert abs(semicircle(sympy.pi).density(0, dps=25) - 1 / (mpmath.pi * mpmath.sqrt(mpmath.pi))) \
            < mpmath.mpf(10) ** -23


def test_cdf_at_the_edge_to_working_precision():
    # x = 2 - 1e-60 is the edge at dps = 5: F = 1 - (2/(3 pi)) 1e-90 ~ 1
    assert abs(semicircle(1).cdf(2 - sympy.Integer(10) ** -60, dps=5) - 1) < 1e-5
    # and at 1e-8 below the edge the tail is (2/(3 pi)) delta^(3/2) (the edge law sqrt(4 delta)/(2 pi))
    d = 1e-8
    F = semicircle(1).cdf(2 - sympy.Rational(1, 10**8), dps=20)
    assert abs((1 - F) - 2 / (3 * mpmath.pi) * d**1.5) < 1e-3 * d**1.5


def test_gaussian_orders_capped():
    from rmtsym import hermite_coefficients, mask_law_moments
    refused(lambda: hermite_coefficients("relu", 10**6), "n must be")
    refused(lambda: mask_law_moments("relu", 1, 10**9), "n must be")


def test_sample_n_huge_integer():
    from rmtsym import sample_spectra
    e = refused(lambda: sample_spectra("wigner", 10**100, 1, seed=0), "n must be")
    assert len(str(e)) < 200
