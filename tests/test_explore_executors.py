"""Executors and resumable sweeps: the table never depends on where or when chunks ran."""

from __future__ import annotations

import errno
import json
import multiprocessing
import shutil
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


# ------------------------------------------------------------------ chunks that cannot mix
def test_a_chunk_replaced_by_another_valid_file_is_computed_again(tmp_path, design, spy):
    folder, other = tmp_path / "sweep", tmp_path / "other"
    reference = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    ex.sweep(uncertain(), design, METRICS, seed=6, chunk_size=100, out=other)  # other numbers
    shutil.copy(other / "chunk-000001.parquet", folder / "chunk-000001.parquet")
    again = spy()
    table = ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    assert again.starts == [100]  # its hash is not the one recorded: recomputed, not mixed in
    pd.testing.assert_frame_equal(table, reference)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["chunks"]) == {f"chunk-00000{k}.parquet" for k in range(3)}


def test_a_folder_of_chunks_without_manifest_is_refused(tmp_path, design):
    folder = tmp_path / "sweep"
    ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    (folder / "manifest.json").unlink()
    changed = design.copy()
    changed.iloc[:, 0] += 1.0
    with pytest.raises(StockpileError) as info:
        ex.sweep(uncertain(), changed, METRICS, seed=5, chunk_size=100, out=folder)
    message = str(info.value)
    assert "'out' parameter must be a new or empty folder, or the folder of this very" in message
    assert "no manifest.json" in message


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\xff\xfe garbage", "it is not UTF-8 text"),
        (b"{ not json", "it is not JSON"),
        (b"[1, 2]", "it is not a JSON table"),
        (b'{"chunks": 5}', "another sweep"),
    ],
)
def test_an_unreadable_manifest_is_a_clear_error(tmp_path, design, content, why):
    folder = tmp_path / "sweep"
    folder.mkdir()
    (folder / "manifest.json").write_bytes(content)
    with pytest.raises(StockpileError, match=why):
        ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)


def test_a_folder_where_a_chunk_goes_is_an_error_and_kept(tmp_path, design):
    folder = tmp_path / "sweep"
    ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    (folder / "chunk-000001.parquet").unlink()
    (folder / "chunk-000001.parquet").mkdir()
    (folder / "chunk-000001.parquet" / "mine.txt").write_text("keep")
    with pytest.raises(StockpileError, match="A folder stands where a chunk file goes"):
        ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    assert (folder / "chunk-000001.parquet" / "mine.txt").read_text() == "keep"


def test_out_that_is_a_file_or_under_one_is_a_clear_error(tmp_path, design):
    file = tmp_path / "results.csv"
    file.write_text("mine")
    with pytest.raises(StockpileError, match="'out' parameter must be a folder path"):
        ex.sweep(uncertain(), design, METRICS, seed=5, out=file)
    with pytest.raises(StockpileError, match="could not be written"):
        ex.sweep(uncertain(), design, METRICS, seed=5, out=file / "sweep")
    assert file.read_text() == "mine"


def test_a_full_disk_is_a_clear_error_that_keeps_the_chunks_written(tmp_path, design, monkeypatch):
    import pyarrow.parquet

    folder = tmp_path / "sweep"
    write = pyarrow.parquet.write_table
    calls = []

    def full(table, where, *args, **kwargs):
        calls.append(where)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(table, where, *args, **kwargs)

    monkeypatch.setattr(pyarrow.parquet, "write_table", full)
    with pytest.raises(StockpileError, match=r"writing chunk-000001\.parquet: the disk is full"):
        ex.sweep(uncertain(), design, METRICS, seed=5, chunk_size=100, out=folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["chunk-000000.parquet", "manifest.json"]  # no temporary file left
