"""What the ``stockpile`` command writes: staged output folders, tables as CSV or Parquet,
and figures."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from stockpile.errors import StockpileError
from stockpile.results import Result


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary directory beside ``out`` whose files are moved into ``out`` on success.

    On any error the temporary directory is removed and ``out`` is left as it was.
    """
    if out.exists() and not out.is_dir():
        raise StockpileError(f"{out}: --out must be a directory, and this is a file.")
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise StockpileError(f"{out}: cannot write there ({exc.strerror or exc}).") from None
    try:
        yield tmp
        if out.exists():
            for path in sorted(tmp.iterdir()):
                target = out / path.name
                if target.is_dir():
                    shutil.rmtree(target)
                os.replace(path, target)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def writer(fmt: str) -> Callable[[pd.DataFrame, Path], Path]:
    """A function writing a table to ``stem`` + ``.csv`` or ``.parquet``; returns the path."""
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise StockpileError(
                "--format parquet needs pyarrow: pip install "
                "'stockpile[parquet]', or use --format csv."
            ) from None

    def write(frame: pd.DataFrame, stem: Path) -> Path:
        frame = plain(frame)
        path = stem.with_suffix(f".{fmt}")
        if fmt == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        return path

    return write


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Index as columns; months and categories as plain strings (readable by any tool)."""
    frame = (
        frame.reset_index()
        if frame.index.name is not None or isinstance(frame.index, pd.MultiIndex)
        else frame.reset_index(drop=True)
    )
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.PeriodDtype | pd.CategoricalDtype):
            frame[column] = frame[column].astype(str).where(frame[column].notna(), None)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def figures(result: Result, folder: Path) -> list[Path]:
    """``stockpile run --plot``: stocks.png, fan.png and (with interceptors and several runs)
    depletion.png in ``folder``."""
    from stockpile import plot

    paths = []
    ax = plot.stocks(result)
    paths.append(save(ax.figure, folder / "stocks.png"))
    if result.interceptors:
        name = result.interceptors[0]
        ax = plot.fan(result, "interceptor_stock", item=name)
        paths.append(save(ax.figure, folder / "fan.png"))
        if result.runs > 1:
            ax = plot.depletion(result)
            paths.append(save(ax.figure, folder / "depletion.png"))
    else:
        ax = plot.fan(result, "missile_stock", item=result.missiles[0])
        paths.append(save(ax.figure, folder / "fan.png"))
    return paths


def save(figure: Any, path: Path) -> Path:
    """Save ``figure`` as a PNG at 150 dpi; returns ``path``."""
    figure.savefig(path, dpi=150)
    return path


def written_to(out: Path, paths: Sequence[Path]) -> str:
    """The closing line: which files were written into ``out``."""
    return f"\nwritten to {out}/: {', '.join(p.name for p in paths)}"
