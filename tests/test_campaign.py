"""Sampling campaigns (issue 18, item 3): rmtsym.sampling.campaign.

Route 1 for every eigenvalue is :func:`rmtsym.sampling.sample_spectra` (one
process or a process pool, ``SeedSequence(seed).spawn(samples)[i]`` per
matrix); route 2 is :func:`run_campaign` in chunks — in this process, on a
local pool, or on a real ``dask.distributed.LocalCluster`` with two worker
processes one of which is killed mid-campaign — streamed to disk, interrupted
(chunk files deleted, or the whole process SIGKILLed) and resumed.  The two
must agree bit for bit (``np.array_equal``), not to a tolerance.

Monte Carlo vs theory (Fig. 3 campaign): for the linear network of depth 2,
(1/n) tr J Jᵀ has mean σ_w⁴ exactly at every finite n (E W Wᵀ = σ_w² I per
layer, biases do not enter a linear Jacobian), so no finite-size bias: a
z-test at 5 standard errors over the sampled matrices.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

from rmtsym.core.errors import RmtsymError
from rmtsym.sampling import sample_spectra
from rmtsym.sampling.campaign import (MANIFEST, child_seed, default_chunk, load_campaign, main,
                                      pastur_fig3_campaign, run_campaign, use_scheduler)

WISHART = {"ratio": 0.6, "variance": 1.7}


def _chunk_files(folder):
    return sorted(f for f in os.listdir(folder) if f.startswith("chunk_") and f.endswith(".npy"))


# ---------------------------------------------------------------------------
# identity with sample_spectra (fast, no cluster)
# ---------------------------------------------------------------------------

def test_child_seed_is_the_spawned_child():
    kids = np.random.SeedSequence(2024).spawn(9)
    for i in (0, 4, 8):
        assert np.array_equal(child_seed(2024, i).generate_state(8), kids[i].generate_state(8))
    assert not np.array_equal(child_seed(2024, 1).generate_state(8), kids[2].generate_state(8))


@pytest.mark.parametrize("chunk,workers", [(1, 1), (3, 1), (4, 2), (None, 2), (11, 1)])
def test_local_campaign_equals_sample_spectra(chunk, workers):
    ref = sample_spectra("wishart", 25, 11, seed=91, params=WISHART)
    got = run_campaign("wishart", 25, 11, seed=91, params=WISHART, chunk=chunk, workers=workers)
    assert got.eigenvalues.shape == (11, 25)
    assert np.array_equal(got.eigenvalues, ref.eigenvalues)
    assert got.sample().record() == ref.record()
    # a different seed gives different matrices (the comparison can fail)
    other = run_campaign("wishart", 25, 11, seed=92, params=WISHART, chunk=chunk, workers=1)
    assert not np.array_equal(other.eigenvalues, ref.eigenvalues)


def test_default_chunk_depends_on_n_and_samples_only():
    assert default_chunk(10, 10**7) == 10**5          # 10^6/n: 8 MB files
    assert default_chunk(1000, 10**4) == 1             # 10^9/n^3
    assert default_chunk(50, 640) == 10                # ceil(samples / 64)
    assert default_chunk(50, 1) == 1


# ---------------------------------------------------------------------------
# streaming to disk and resuming
# ---------------------------------------------------------------------------

def test_resume_recomputes_only_missing_chunks_and_keeps_the_others(tmp_path):
    out = tmp_path / "camp"
    first = run_campaign("wishart", 30, 14, seed=5, params=WISHART, out=out, chunk=3, workers=1)
    files = _chunk_files(out)
    assert len(files) == first.chunks == 5 and first.computed == [0, 1, 2, 3, 4]
    doc = json.loads((out / MANIFEST).read_text())
    assert doc["complete"] and doc["record"]["chunk"] == 3 and doc["record"]["seed"] == 5
    # "interrupt": two chunks never got written; date the survivors in the past
    os.remove(out / files[1])
    os.remove(out / files[3])
    past = 1_000_000_000 * 10**9
    for f in _chunk_files(out):
        os.utime(out / f, ns=(past, past))
    again = run_campaign("wishart", 30, 14, seed=5, params=WISHART, out=out, chunk=3, workers=1)
    assert again.computed == [1, 3] and again.reused == [0, 2, 4]
    for i, f in enumerate(_chunk_files(out)):
        stamp = os.stat(out / f).st_mtime_ns
        assert (stamp == past) == (i not in (1, 3)), f
    ref = sample_spectra("wishart", 30, 14, seed=5, params=WISHART)
    assert np.array_equal(again.eigenvalues, ref.eigenvalues)
    assert np.array_equal(load_campaign(out).eigenvalues, ref.eigenvalues)
    # a finished campaign reruns without computing anything
    third = run_campaign("wishart", 30, 14, seed=5, params=WISHART, out=out, chunk=3, workers=1)
    assert third.computed == [] and len(third.reused) == 5


def test_resume_after_sigkill_mid_campaign(tmp_path):
    out = tmp_path / "killed"
    n, samples, chunk = 160, 120, 4
    code = textwrap.dedent(f"""
        from rmtsym.sampling.campaign import run_campaign
        run_campaign("wishart", {n}, {samples}, 8, {WISHART!r}, out={str(out)!r},
                     chunk={chunk}, workers=1)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if out.exists() and len(_chunk_files(out)) >= 2:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    done_before = _chunk_files(out)
    total = -(-samples // chunk)
    assert 2 <= len(done_before) < total, "the campaign was not interrupted midway"
    stamps = {f: os.stat(out / f).st_mtime_ns for f in done_before}
    res = run_campaign("wishart", n, samples, 8, WISHART, out=out, chunk=chunk, workers=1)
    assert sorted(res.reused + res.computed) == list(range(total))
    assert len(res.computed) == total - len(res.reused) and len(res.reused) >= len(done_before)
    assert all(os.stat(out / f).st_mtime_ns == t for f, t in stamps.items())
    assert not [f for f in os.listdir(out) if f.endswith(".tmp")]
    ref = sample_spectra("wishart", n, samples, 8, WISHART)
    assert np.array_equal(res.eigenvalues, ref.eigenvalues)


def test_damaged_chunk_file_is_recomputed(tmp_path):
    run_campaign("wigner", 12, 6, seed=4, out=tmp_path, chunk=2, workers=1)
    bad = tmp_path / _chunk_files(tmp_path)[2]
    bad.write_bytes(b"\x93NUMPY truncated")             # not a valid .npy any more
    res = run_campaign("wigner", 12, 6, seed=4, out=tmp_path, chunk=2, workers=1)
    assert res.computed == [2] and res.reused == [0, 1]
    assert np.array_equal(res.eigenvalues, sample_spectra("wigner", 12, 6, 4).eigenvalues)


def test_folder_of_another_campaign_is_refused(tmp_path):
    run_campaign("wigner", 10, 4, seed=1, out=tmp_path, chunk=2, workers=1)
    with pytest.raises(RmtsymError, match=r"different campaign.*seed"):
        run_campaign("wigner", 10, 4, seed=2, out=tmp_path, chunk=2, workers=1)
    with pytest.raises(RmtsymError, match=r"different campaign.*chunk"):
        run_campaign("wigner", 10, 4, seed=1, out=tmp_path, chunk=3, workers=1)
    os.remove(tmp_path / _chunk_files(tmp_path)[0])
    with pytest.raises(RmtsymError, match="incomplete: 1 of 2"):
        load_campaign(tmp_path)


# ---------------------------------------------------------------------------
# errors, progress, laziness, command line
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,match", [
    ({"sampler": "nope"}, "sampler must be one of"),
    ({"n": 1}, "n must be an integer >= 2"),
    ({"samples": 0}, "samples must be an integer in"),
    ({"seed": -3}, "seed must be an integer >= 0"),
    ({"chunk": 0}, "chunk must be an integer >= 1"),
    ({"params": {"colour": 1}}, "params: .*colour"),
    ({"params": {"variance": object()}}, "JSON"),
    ({"scheduler": 42}, "scheduler must be 'local', an address or a dask"),
    ({"scheduler": "my cluster"}, "scheduler must be 'local' or a Dask scheduler address"),
    ({"scheduler": "tcp://127.0.0.1:8786", "workers": 2}, "workers: only with scheduler='local'"),
    ({"workers": 0}, "workers must be an integer >= 1"),
    ({"progress": "yes"}, "progress must be True or False"),
    ({"connect_timeout": -1}, "connect_timeout must be a positive number"),
])
def test_bad_arguments(kwargs, match):
    args = {"sampler": "wigner", "n": 10, "samples": 3, "seed": 0, "workers": 1}
    args.update(kwargs)
    if "scheduler" in kwargs and "workers" not in kwargs:
        args.pop("workers")
    with pytest.raises(RmtsymError, match=match):
        run_campaign(**args)


def test_out_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(RmtsymError, match="out must be a folder"):
        run_campaign("wigner", 10, 3, 0, out=f, workers=1)


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_unreachable_scheduler_fails_fast_naming_the_address():
    addr = f"tcp://127.0.0.1:{_free_port()}"
    t0 = time.perf_counter()
    with pytest.raises(RmtsymError, match=rf"cannot reach the Dask scheduler at '{addr}'"):
        run_campaign("wigner", 10, 3, 0, scheduler=addr, connect_timeout=1)
    assert time.perf_counter() - t0 < 15


def test_use_scheduler_local_is_a_no_op_and_errors_name_the_address():
    ref = sample_spectra("wishart", 15, 5, 3, WISHART)
    with use_scheduler("local"):
        got = sample_spectra("wishart", 15, 5, 3, WISHART)
    assert np.array_equal(got.eigenvalues, ref.eigenvalues)
    addr = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(RmtsymError, match=f"cannot reach the Dask scheduler at '{addr}'"):
        with use_scheduler(addr, connect_timeout=1):
            pass
    with pytest.raises(RmtsymError, match="scheduler must be 'local', an address"):
        use_scheduler(3.5)
    with pytest.raises(RmtsymError, match="scheduler must be 'local' or a Dask scheduler"):
        with use_scheduler("nowhere"):
            pass
    # the context is left clean: sample_spectra is local again
    from rmtsym.sampling.ensembles import _SCHEDULER
    assert _SCHEDULER.get() is None


def test_importing_the_sampling_layer_does_not_import_dask():
    code = ("import sys, rmtsym.sampling, rmtsym.sampling.campaign; "
            "r = rmtsym.sampling.campaign.run_campaign('wigner', 8, 2, 0, workers=1); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_progress_reports_matrices_per_second_without_a_terminal(capsys):
    r = run_campaign("wigner", 20, 6, 0, chunk=2, workers=1, progress=True)
    err = capsys.readouterr().err
    assert "6/6 matrices" in err and "matrices/s" in err
    assert r.matrices_per_second > 0


def test_progress_uses_tqdm_on_a_terminal(monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    run_campaign("wigner", 20, 6, 0, chunk=2, workers=1, progress=True, desc="tty-run")
    text = term.getvalue()
    assert "tty-run" in text and "matrices/s" in text and "\r" in text


def test_cli_run_and_errors(tmp_path, capsys):
    out = tmp_path / "cli"
    assert main(["run", "wishart", "--n", "12", "--samples", "5", "--seed", "4", "--chunk", "2",
                 "--param", "ratio=0.6", "--param", "variance=1.7", "--workers", "1",
                 "--out", str(out)]) == 0
    assert "3 chunks (3 computed, 0 reused)" in capsys.readouterr().out
    ref = sample_spectra("wishart", 12, 5, 4, WISHART)
    assert np.array_equal(load_campaign(out).eigenvalues, ref.eigenvalues)
    addr = f"tcp://127.0.0.1:{_free_port()}"
    assert main(["run", "wigner", "--n", "8", "--samples", "2", "--scheduler", addr,
                 "--timeout", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and addr in err[0] and err[0].startswith("rmtsym campaign: error:")
    assert main(["run", "wigner", "--n", "8", "--samples", "2", "--param", "oops"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
    assert main(["pastur-fig3", "--scale", "huge"]) == 2
    assert "--scale must be" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Pastur Fig. 3 campaign and its figure
# ---------------------------------------------------------------------------

def test_pastur_fig3_small_campaign_two_routes(tmp_path):
    res = pastur_fig3_campaign(scale=4e-6, sizes=[10, 30], workers=1, bins=30, seed=11,
                               sigma_w2=1.5, out=tmp_path)
    assert res.record["samples"] == {10: 40, 30: 40}
    assert set(res.panels) == {("linear", 2), ("hardtanh", 2), ("linear", 32), ("hardtanh", 32)}
    # route 2 for one campaign: sample_spectra with the documented seed (seed + k, k = 1 here)
    c = res.campaigns[("linear", 2, 30)]
    ref = sample_spectra("pastur_jacobian", 30, 40, 12, c.record["params"])
    assert np.array_equal(c.eigenvalues, ref.eigenvalues)
    p = res.panels[("linear", 2)]
    counts = np.histogram(ref.eigenvalues.ravel(), bins=p["edges"])[0]
    assert np.array_equal(p["density"][30], counts / (40 * 30 * np.diff(p["edges"])))
    for n in (10, 30):
        mass = (p["density"][n] * np.diff(p["edges"])).sum() + p["outside"][n]
        assert abs(mass - 1) < 1e-12
        # Monte Carlo vs theory: E (1/n) tr J J^T = sigma_w^4 exactly for the linear network
        per = res.campaigns[("linear", 2, n)].eigenvalues.mean(axis=1)
        se = per.std(ddof=1) / np.sqrt(len(per))
        assert abs(per.mean() - 1.5 ** 2) < 5 * se, (n, per.mean(), se)
    # resuming the whole figure computes nothing
    again = pastur_fig3_campaign(scale=4e-6, sizes=[10, 30], workers=1, bins=30, seed=11,
                                 sigma_w2=1.5, out=tmp_path)
    assert all(not r.computed for r in again.campaigns.values())
    assert np.array_equal(again.panels[("hardtanh", 32)]["density"][10],
                          res.panels[("hardtanh", 32)]["density"][10])

    from rmtsym.export.campaign_plots import pastur_fig3_figure
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig = pastur_fig3_figure(res)
    assert len(fig.axes) == 4
    plt.close(fig)
    fig2, axes = plt.subplots(2, 2)
    assert pastur_fig3_figure(res, ax=axes) is fig2
    assert len(axes[0, 0].lines) == 2               # one curve per n
    plt.close(fig2)
    fig3, ax = plt.subplots()
    assert pastur_fig3_figure(res, ax=ax, panel=("hardtanh", 32)) is fig3
    plt.close(fig3)
    with pytest.raises(RmtsymError, match="panel"):
        pastur_fig3_figure(res, ax=ax, panel=("relu", 3))
    with pytest.raises(RmtsymError, match="Fig3Result"):
        pastur_fig3_figure({"panels": 1})


@pytest.mark.parametrize("kwargs,match", [
    ({"scale": "huge"}, "scale must be 'small', 'paper' or a fraction"),
    ({"scale": 2.0}, "scale must be"),
    ({"sizes": [10, 20]}, "sizes must be a non-empty subset"),
    ({"scale": "paper"}, "out: scale='paper'"),
    ({"bins": 1}, "bins must be an integer >= 2"),
])
def test_pastur_fig3_bad_arguments(kwargs, match):
    with pytest.raises(RmtsymError, match=match):
        pastur_fig3_campaign(**kwargs)


# ---------------------------------------------------------------------------
# a real dask.distributed LocalCluster: two worker processes, one killed
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                  scheduler_kwargs={"dashboard": False},
                                  silence_logs=50) as cl:
        assert cl.scheduler_address.startswith("tcp://127.0.0.1:")
        with distributed.Client(cl, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
            yield cl, client


@pytest.mark.slow
def test_dask_cluster_worker_killed_mid_campaign(cluster, tmp_path):
    cl, client = cluster
    n, samples, chunk = 220, 72, 3
    pids = client.run(os.getpid)                 # worker address -> pid
    assert len(pids) == 2
    victim_addr, victim = sorted(pids.items())[0]
    box = {}

    def work():
        try:
            box["res"] = run_campaign("wishart", n, samples, 21, WISHART, scheduler=client,
                                      out=tmp_path, chunk=chunk)
        except BaseException as exc:            # pragma: no cover - reported below
            box["err"] = exc

    th = threading.Thread(target=work)
    th.start()
    deadline = time.time() + 120
    while time.time() < deadline and len(_chunk_files(tmp_path)) < 2 and th.is_alive():
        time.sleep(0.002)
    at_kill = len(_chunk_files(tmp_path))
    os.kill(victim, signal.SIGKILL)
    th.join(300)
    assert not th.is_alive() and "err" not in box, box.get("err")
    total = samples // chunk
    assert 2 <= at_kill < total, "the worker was not killed mid-campaign"
    res = box["res"]
    assert sorted(res.computed) == list(range(total)) and len(_chunk_files(tmp_path)) == total
    ref = sample_spectra("wishart", n, samples, 21, WISHART)
    assert np.array_equal(res.eigenvalues, ref.eigenvalues)
    assert victim not in client.run(os.getpid).values()     # that process is gone
    # resume through the scheduler's address: nothing recomputed, nothing rewritten
    stamps = {f: os.stat(tmp_path / f).st_mtime_ns for f in _chunk_files(tmp_path)}
    again = run_campaign("wishart", n, samples, 21, WISHART, scheduler=cl.scheduler_address,
                         out=tmp_path, chunk=chunk)
    assert again.computed == [] and len(again.reused) == total
    assert stamps == {f: os.stat(tmp_path / f).st_mtime_ns for f in _chunk_files(tmp_path)}


@pytest.mark.slow
def test_dask_cluster_equals_sample_spectra_in_memory(cluster):
    cl, client = cluster
    for chunk in (1, 5):
        res = run_campaign("jacobian", 24, 8, 3, {"activation": "tanh", "depth": 3,
                                                  "sigma_w2": 1.5, "sigma_b2": 0.2},
                           scheduler=cl.scheduler_address, chunk=chunk)
        ref = sample_spectra("jacobian", 24, 8, 3, {"activation": "tanh", "depth": 3,
                                                    "sigma_w2": 1.5, "sigma_b2": 0.2})
        assert np.array_equal(res.eigenvalues, ref.eigenvalues)
        assert res.scheduler == cl.scheduler_address


@pytest.mark.slow
def test_sample_spectra_inside_use_scheduler_runs_on_the_cluster(cluster):
    cl, client = cluster
    ref = sample_spectra("wigner_plus_wishart", 30, 9, 17, {"variance": 0.7, "ratio": 0.4})
    from distributed import get_task_stream
    with get_task_stream(client=client) as ts:
        with use_scheduler(cl.scheduler_address):
            got = sample_spectra("wigner_plus_wishart", 30, 9, 17,
                                 {"variance": 0.7, "ratio": 0.4}, jobs=3)
    assert np.array_equal(got.eigenvalues, ref.eigenvalues)
    assert got.record() == ref.record()
    # the work went through the cluster: one chunk task per matrix (default chunk = 1 here)
    names = [t["key"] for t in ts.data]
    assert sum("_compute_chunk" in str(k) for k in names) == 9, names


@pytest.mark.slow
def test_sampler_registered_at_run_time_reaches_the_workers(cluster):
    from rmtsym.sampling import register_sampler
    cl, client = cluster

    def scaled_normals(n, rng, scale=1.0):        # local: cloudpickle ships it by value
        return np.sort(rng.standard_normal(n) * scale)

    register_sampler("test_campaign_scaled_normals", scaled_normals)
    ref = sample_spectra("test_campaign_scaled_normals", 16, 7, 5, {"scale": 2.5})
    got = run_campaign("test_campaign_scaled_normals", 16, 7, 5, {"scale": 2.5}, scheduler=client,
                       chunk=2)
    assert np.array_equal(got.eigenvalues, ref.eigenvalues)
    # and the values are what the function draws: matrix 3 from child_seed(5, 3)
    direct = np.sort(np.random.default_rng(child_seed(5, 3)).standard_normal(16) * 2.5)
    assert np.array_equal(got.eigenvalues[3], direct)
