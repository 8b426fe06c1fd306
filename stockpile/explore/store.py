"""A resumable sweep's folder: one Parquet file per chunk and a manifest.

::

    out/
      manifest.json          what the chunks belong to (design hash, scenario, metrics, ...)
      chunk-000000.parquet   columns "row" (design position) and one per metric
      chunk-000001.parquet
      ...

Every file is written under a temporary name and renamed into place (an atomic rename on one
file system), so an interrupted sweep leaves whole files or none. A re-run with the same
manifest reads the chunks present and computes only the missing ones; a different design,
scenario, metric list, seed or chunk size in the same folder is an error rather than a mix.
Needs pyarrow (``pip install 'stockpile[parquet]'``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import StockpileError, invalid
from stockpile.params import is_distribution
from stockpile.scenario import Scenario

__all__ = ["Store", "design_hash", "fingerprint"]

Array = NDArray[np.float64]
MANIFEST = "manifest.json"
VERSION = 1


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImportError(
            "A resumable sweep (out=...) writes Parquet files and needs pyarrow: "
            "pip install 'stockpile[parquet]'."
        ) from None
    return pyarrow


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def design_hash(design: pd.DataFrame, units: Mapping[str, str]) -> str:
    """A hash of a design's columns, dtypes, units, index and values."""
    head = json.dumps(
        [[str(c) for c in design.columns], [str(t) for t in design.dtypes], sorted(units.items())]
    ).encode()
    rows = pd.util.hash_pandas_object(design, index=True).to_numpy().tobytes()
    return _sha(head + rows)


def _describe(value: Any) -> Any:
    """A JSON-able description of a scenario value, stable across processes."""
    if is_distribution(value):
        return [
            "distribution",
            value.dist.name,
            _describe(list(value.args)),
            _describe(dict(value.kwds)),
        ]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            {f.name: _describe(getattr(value, f.name)) for f in dataclasses.fields(value)},
        ]
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        return ["array", str(array.dtype), list(array.shape), _sha(array.tobytes())]
    if isinstance(value, pd.Series):
        return ["series", _sha(pd.util.hash_pandas_object(value).to_numpy().tobytes())]
    if isinstance(value, list | tuple):
        return [_describe(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _describe(v) for k, v in value.items()}
    if value is None or isinstance(value, str | bool | int):
        return value
    return repr(value)


def fingerprint(scenario: Scenario) -> str:
    """A hash of everything a scenario simulates (distributions by name and arguments)."""
    return _sha(json.dumps(_describe(scenario), sort_keys=True).encode())


def _atomic_write(path: Path, write: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


class Store:
    """The chunk files and manifest of one sweep in ``folder``.

    Parameters
    ----------
    folder : path
        Created if missing.
    manifest : dict
        What the chunks belong to; must equal the stored manifest, if any.

    Raises
    ------
    StockpileError
        When the folder holds chunks of another sweep.
    ImportError
        Without pyarrow.
    """

    def __init__(self, folder: Path, manifest: Mapping[str, Any]) -> None:
        self.pa = _pyarrow()
        self.folder = folder
        self.manifest = dict(manifest)
        stored = self.read_manifest(folder)
        if stored is not None and stored != self.manifest:
            differ = sorted(
                k for k in set(stored) | set(self.manifest) if stored.get(k) != self.manifest.get(k)
            )
            raise StockpileError(
                f"The 'out' folder {str(folder)!r} holds chunks of another sweep (its "
                f"{', '.join(differ)} differ). Use a new folder, or delete this one to start "
                "over."
            )
        folder.mkdir(parents=True, exist_ok=True)
        if stored is None:
            text = json.dumps(self.manifest, indent=1, sort_keys=True)
            _atomic_write(folder / MANIFEST, lambda p: p.write_text(text))

    @staticmethod
    def read_manifest(folder: Path) -> dict[str, Any] | None:
        """The manifest stored in ``folder``, or None."""
        path = folder / MANIFEST
        if not path.exists():
            return None
        try:
            stored = json.loads(path.read_text())
        except json.JSONDecodeError:
            raise invalid(
                "out", "a folder whose manifest.json is a stockpile sweep manifest", str(folder)
            ) from None
        if not isinstance(stored, dict):
            raise invalid(
                "out", "a folder whose manifest.json is a stockpile sweep manifest", str(folder)
            )
        return stored

    def path(self, chunk: int) -> Path:
        """The file of chunk number ``chunk``."""
        return self.folder / f"chunk-{chunk:06d}.parquet"

    def read(
        self, chunk: int, start: int, stop: int, metrics: tuple[str, ...]
    ) -> dict[str, Array] | None:
        """Chunk ``chunk``'s metrics for rows ``start`` to ``stop - 1``, or None if absent.

        A file that cannot be read or does not hold exactly these rows and metrics counts as
        absent (it is computed again and replaced).
        """
        path = self.path(chunk)
        if not path.exists():
            return None
        try:
            table = self.pa.parquet.read_table(path)
        except (OSError, self.pa.ArrowException):
            return None
        if table.column_names != ["row", *metrics]:
            return None
        rows = table.column("row").to_numpy()
        if not np.array_equal(rows, np.arange(start, stop)):
            return None
        return {m: np.asarray(table.column(m).to_numpy(), dtype=np.float64) for m in metrics}

    def write(self, chunk: int, start: int, values: Mapping[str, Array]) -> None:
        """Write chunk ``chunk`` (rows from ``start``) atomically."""
        n = len(next(iter(values.values())))
        columns = {"row": np.arange(start, start + n, dtype=np.int64), **values}
        table = self.pa.table(columns)
        _atomic_write(self.path(chunk), lambda p: self.pa.parquet.write_table(table, p))
