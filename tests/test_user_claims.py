"""Users' own claims: files and folders, --builtin/--no-builtin, -k, --list, --json (issue 18)."""

import json
import subprocess
import sys

import pytest

from rmtsym.app.cli import main
from rmtsym.app.runner import resolve_claims
from rmtsym.core.errors import RmtsymError
from rmtsym.verify import registry

CLAIM_TEXT = '''"""My claim: the semicircle's 4th moment is 2 sigma^4 (sigma^2 = 3/2)."""
import sympy
from rmtsym import semicircle
from rmtsym.verify import Claim, exact_sequences

V = sympy.Rational(3, 2)
CLAIM = Claim(
    id="{cid}", title="semicircle moments", source="002_2c85d79b7db582c6.txt", formula="§2.1",
    statement="m_4 = 2 \\\\sigma^4", expected="{expected}", erratum="{erratum}",
    checks=[exact_sequences("m_2, m_4", lambda ctx: semicircle(V).moments(4)[2::2],
                            lambda ctx: [V, {factor} * V ** 2], "series", "Catalan")])
'''


def write_claim(folder, cid, factor=2, expected="EXACT", erratum=""):
    folder.mkdir(exist_ok=True)
    (folder / f"{cid}.py").write_text(CLAIM_TEXT.format(cid=cid, factor=factor, expected=expected,
                                                         erratum=erratum))
    return folder / f"{cid}.py"


def test_folder_of_user_claims_runs_without_the_builtin_ones(tmp_path, capsys):
    d = tmp_path / "mine"
    write_claim(d, "my_semicircle")
    write_claim(d, "my_wrong", factor=3, expected="REFUTED", erratum="the factor is 2, not 3")
    (d / "_helper.py").write_text("raise RuntimeError('helpers are not claims')\n")
    assert [c.id for c in resolve_claims([str(d)])] == ["my_semicircle", "my_wrong"]
    rc = main(["verify", str(d), "--json", "--out", ""])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and out["all_as_declared"]
    assert {c["id"]: c["verdict"] for c in out["claims"]} == {"my_semicircle": "EXACT",
                                                              "my_wrong": "REFUTED"}


def test_builtin_flag_adds_installed_claims(tmp_path):
    f = write_claim(tmp_path / "mine", "my_semicircle")
    ids = [c.id for c in resolve_claims([str(f)], builtin=True)]
    assert "my_semicircle" in ids and set(registry.claim_ids("builtin")) <= set(ids)
    assert [c.id for c in resolve_claims([str(f)], builtin=False)] == ["my_semicircle"]


def test_pattern_and_list(capsys):
    rc = main(["verify", "--list", "--json", "-k", "mp_course|semicircle_survey"])
    rows = json.loads(capsys.readouterr().out)
    assert rc == 0 and [r["id"] for r in rows] == ["mp_course", "semicircle_survey"]
    assert all("verdict" not in r for r in rows)          # --list runs nothing
    with pytest.raises(RmtsymError, match="selects none"):
        resolve_claims(pattern="no_such_claim_anywhere")


def test_claim_file_that_does_not_import_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "broken.py"
    bad.write_text("import no_such_module_xyz\n")
    p = subprocess.run([sys.executable, "-m", "rmtsym", "verify", str(bad), "--out", ""],
                       capture_output=True, text=True)
    assert p.returncode == 2
    err = p.stderr.strip().splitlines()
    assert len(err) == 1 and "broken.py does not import" in err[0] and "Traceback" not in p.stderr


def test_entry_point_provider_is_how_builtin_claims_are_found():
    provs = registry.providers()
    assert "builtin" in provs
    assert "mp_survey" in registry.claim_ids("builtin")
    with pytest.raises(RmtsymError, match="provider must be one of"):
        registry.claim_ids("no_such_provider")


def test_latex_all_writes_one_document_with_contents(tmp_path, capsys):
    out = tmp_path / "all.tex"
    rc = main(["latex", "--all", "-k", "mp_course|semicircle_survey", "--no-pdf", "-o", str(out)])
    assert rc == 0
    tex = out.read_text()
    assert "\\tableofcontents" in tex and tex.count("\\section{") == 2
    assert "2 claims" in capsys.readouterr().out
    assert main(["latex", "mp_course", "--all", "--no-pdf", "-o", str(tmp_path / "x.tex")]) == 2
    assert "one CLAIM or --all" in capsys.readouterr().err
    assert not (tmp_path / "x.tex").exists()


def test_campaign_command_and_verify_scheduler_are_wired(tmp_path, capsys):
    out = tmp_path / "camp"
    rc = main(["campaign", "run", "wishart", "--n", "20", "--samples", "4", "--seed", "3",
               "--out", str(out)])
    assert rc == 0 and (out / "campaign.json").exists() and list(out.glob("chunk_*.npy"))
    from rmtsym.sampling import sample_spectra
    from rmtsym.sampling.campaign import load_campaign
    assert (load_campaign(str(out)).eigenvalues == sample_spectra("wishart", 20, 4, seed=3).eigenvalues).all()
    # an unreachable scheduler is one line naming the address, exit 2, before any claim runs
    capsys.readouterr()
    rc = main(["verify", "mp_course", "--scheduler", "tcp://127.0.0.1:9", "--out", "", "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "tcp://127.0.0.1:9" in err[0]


def test_model_command_fisher(tmp_path, capsys):
    """`rmtsym model fisher`: m_1 = (eta + eta')/2, by hand for centred ReLU:
    eta = E relu^2 - (E relu)^2 = 1/2 - 1/(2 pi), eta' = E 1{x > 0} = 1/2."""
    import sympy
    tex = tmp_path / "f.tex"
    rc = main(["model", "fisher", "--activation", "relu", "--center", "-n", "1", "--latex", str(tex)])
    out = capsys.readouterr().out
    assert rc == 0 and tex.exists()
    m1 = (sympy.Rational(1, 2) - 1 / (2 * sympy.pi) + sympy.Rational(1, 2)) / 2
    line = [l for l in out.splitlines() if l.strip().startswith("m_1 =")][0]
    from rmtsym.core.numbers import to_expr
    assert sympy.simplify(to_expr(line.split("=", 1)[1].strip()) - m1) == 0
    assert main(["model", "fisher", "--activation", "relu"]) == 2      # not centred: one line, exit 2
    assert "centred" in capsys.readouterr().err
