"""Executors and resumable sweeps: the table never depends on where or when chunks ran."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pandas as pd
import pytest
import scipy.stats
from scenarios import patriot_case

import stockpile as sp
import stockpile.explore as ex
from stockpile.errors import StockpileError
from stockpile.explore import sweeps
from stockpile.explore.runner import evaluate

BOUNDS = {
    "ballistic.production": sp.per_year((600, 1500)),
    "patriot.deliveries": sp.per_month((10, 60)),
    "patriot.pk": (0.5, 0.9),
}
METRICS = ["months_to_depletion", "final_missile_stock", "leakers_total"]


def uncertain():
    """The contract scenario with an uncertain magazine: rows draw from their own streams."""
    return patriot_case(24).with_params({"patriot.stock": scipy.stats.uniform(200, 200)})


@pytest.fixture(scope="module")
def design():
    return ex.lhs({**BOUNDS, "patriot.doctrine": ["salvo", "shoot-look-shoot"]}, 300, seed=9)


@pytest.fixture(scope="module")
def reference(design):
    return ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64)


def test_thread_pool_gives_the_in_process_table(design, reference):
    with ThreadPoolExecutor(max_workers=3) as pool:
        table = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64, executor=pool)
    pd.testing.assert_frame_equal(table, reference)


def test_process_pool_gives_the_in_process_table(design, reference):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        table = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, executor=pool)
    pd.testing.assert_frame_equal(table, reference)


def test_dask_cluster_gives_the_in_process_table(design, reference):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        table = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64, executor=client)
    pd.testing.assert_frame_equal(table, reference)


def test_stochastic_sweep_is_the_same_on_threads():
    scenario = uncertain()
    design = ex.lhs(BOUNDS, 40, seed=2)
    here = ex.sweep(scenario, design, METRICS, seed=1, stochastic=True, chunk_size=40)
    with ThreadPoolExecutor(max_workers=2) as pool:
        there = ex.sweep(
            scenario, design, METRICS, seed=1, stochastic=True, chunk_size=20, executor=pool
        )
    pd.testing.assert_frame_equal(here, there)


def test_a_failing_chunk_raises_its_error():
    def failing(task):
        raise RuntimeError("worker lost")

    with ThreadPoolExecutor(max_workers=2) as pool, pytest.raises(RuntimeError, match="lost"):
        sweeps.run_tasks(failing, [1, 2, 3], pool, lambda position, result: None)


class Spy:
    """Counts the chunks a sweep computes; fails the chunk starting at ``fail_at``."""

    def __init__(self, fail_at=None):
        self.starts, self.fail_at = [], fail_at

    def __call__(self, task):
        self.starts.append(task.start)
        if task.start == self.fail_at:
            raise RuntimeError("interrupted")
        return evaluate(task)


@pytest.fixture
def spy(monkeypatch):
    """Install a fresh :class:`Spy` in place of the sweep's chunk function."""

    def install(fail_at=None):
        spy = Spy(fail_at)
        monkeypatch.setattr(sweeps, "evaluate", spy)
        return spy

    return install


def test_interrupted_sweep_resumes_only_missing_chunks(tmp_path, design, reference, spy):
    folder = tmp_path / "sweep"
    first = spy(fail_at=128)
    with pytest.raises(RuntimeError, match="interrupted"):
        ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64, out=folder)
    assert first.starts == [0, 64, 128]
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["chunk-000000.parquet", "chunk-000001.parquet", "manifest.json"]

    second = spy()
    resumed = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64, out=folder)
    assert second.starts == [128, 192, 256]
    pd.testing.assert_frame_equal(resumed, reference)

    (folder / "chunk-000003.parquet").unlink()
    (folder / "chunk-000001.parquet").write_bytes(b"half a file")
    third = spy()
    again = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64, out=folder)
    assert third.starts == [64, 192]
    pd.testing.assert_frame_equal(again, reference)

    fourth = spy()
    ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=64, out=folder)
    assert fourth.starts == []
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_resumed_sweep_reuses_the_manifests_seed(tmp_path, spy):
    folder = tmp_path / "unseeded"
    design = ex.lhs(BOUNDS, 30, seed=1)
    spy(fail_at=20)
    with pytest.raises(RuntimeError):
        ex.sweep(uncertain(), design, METRICS, chunk_size=10, out=folder)
    spy()
    resumed = ex.sweep(uncertain(), design, METRICS, chunk_size=10, out=folder)
    fresh = ex.sweep(uncertain(), design, METRICS, chunk_size=10, seed=resumed.attrs["seed"])
    pd.testing.assert_frame_equal(resumed, fresh)


def test_another_sweep_in_the_same_folder_is_an_error(tmp_path, design):
    folder = tmp_path / "sweep"
    ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    changed = design.copy()
    changed.iloc[0, 0] += 1.0
    with pytest.raises(StockpileError, match=r"another sweep.*design"):
        ex.sweep(uncertain(), changed, METRICS, seed=5, chunk_size=100, out=folder)
    with pytest.raises(StockpileError, match=r"another sweep.*metrics"):
        ex.sweep(uncertain(), design, METRICS[:2], seed=5, chunk_size=100, out=folder)
    with pytest.raises(StockpileError, match=r"another sweep.*seed"):
        ex.sweep(uncertain(), design, METRICS, seed=6, chunk_size=100, out=folder)
    other = uncertain().with_params({"patriot.pk": 0.6})
    with pytest.raises(StockpileError, match=r"another sweep.*scenario"):
        ex.sweep(other, design, METRICS, seed=5, chunk_size=100, out=folder)


def test_out_without_pyarrow_says_what_to_install(tmp_path, monkeypatch, design):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install 'stockpile\[parquet\]'"):
        ex.sweep(uncertain(), design, METRICS, seed=5, out=tmp_path / "x")
