"""The rmtsym command: moments, cumulants, equation; the EXPR language; errors."""

import json
import subprocess
import sys

import pytest
import sympy

from rmtsym import ParseError, RmtsymError, free_add, marchenko_pastur, parse_measure, semicircle
from rmtsym.app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_moments_command_matches_api(capsys):
    code, out, _ = run(capsys, "moments", "free_add(semicircle(1), marchenko_pastur(1/2))", "-n", "5")
    assert code == 0
    mu = free_add(semicircle(1), marchenko_pastur(sympy.Rational(1, 2)))
    assert out.split("\n")[:6] == [f"m_{k} = {v}" for k, v in enumerate(mu.moments(5))]


def test_moments_json_and_symbolic_parameter(capsys):
    code, out, _ = run(capsys, "moments", "mp(c)", "-n", "3", "--json")
    assert code == 0
    data = json.loads(out)
    c = sympy.Symbol("c")
    assert [sympy.expand(sympy.sympify(x) - y) for x, y in
            zip(data["moments"], [1, 1, c + 1, c**2 + 3 * c + 1])] == [0] * 4


def test_cumulants_command(capsys):
    code, out, _ = run(capsys, "cumulants", "marchenko_pastur(2, 3)", "-n", "3")
    assert code == 0
    # kappa_k = c^(k-1) v^k
    assert out.split("\n")[:3] == ["k_1 = 3", "k_2 = 18", "k_3 = 108"]


def test_equation_command_json_and_transforms(capsys):
    code, out, _ = run(capsys, "equation", "free_mul(mp(1), mp(1))", "--json")
    assert code == 0
    data = json.loads(out)
    m, z = sympy.symbols("m z")
    assert sympy.expand(sympy.sympify(data["polynomial"]) - (m**3 * z**2 - m * z - 1)) == 0
    code, out, _ = run(capsys, "equation", "mp(1/2, 3)", "--transform", "s")
    s, w = sympy.symbols("s w")
    lhs = sympy.sympify(out.split("=")[0])
    assert sympy.simplify(lhs.subs(s, 1 / (3 * (1 + w / 2)))) == 0


def test_decimal_literals_are_exact():
    assert parse_measure("mp(0.5)") == marchenko_pastur(sympy.Rational(1, 2))
    assert parse_measure("semicircle(0.1)").moments(2)[2] == sympy.Rational(1, 10)


@pytest.mark.parametrize("expr,match", [
    ("gauss(1)", "unknown name 'gauss'"),
    ("semicircle(1", "cannot parse"),
    ("__import__('os')", "unknown name"),
    ("semicircle(1).moments(2)", "only calls of named laws"),
    ("semicircle('1')", "unsupported literal"),
    ("semicircle", "must be called"),
    ("3 + 4", "must describe a measure"),
])
def test_parse_errors(expr, match):
    with pytest.raises(ParseError, match=match):
        parse_measure(expr)


def test_bad_input_exit_status_and_message(capsys):
    code, _, err = run(capsys, "moments", "semicircle(-1)")
    assert code == 2 and "variance must be > 0" in err
    code, _, err = run(capsys, "equation", "nosuch(1)")
    assert code == 2 and "unknown name 'nosuch'" in err
    code, _, err = run(capsys, "moments", "free_mul(semicircle(1), mp(1))")
    assert code == 2 and "mean 0" in err


def test_console_script_module_runs():
    out = subprocess.run([sys.executable, "-m", "rmtsym", "moments", "semicircle(2)", "-n", "4"],
                         capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[4] == "m_4 = 8"


def test_parse_errors_are_rmtsym_errors():
    assert issubclass(ParseError, RmtsymError)
