"""A resumable sweep's folder: one Parquet file per chunk and a manifest.

::

    out/
      manifest.json          what the chunks belong to (design hash, scenario, metrics, ...)
                             and the SHA-256 of each chunk file
      chunk-000000.parquet   columns "row" (design position) and one per metric
      chunk-000001.parquet
      ...

Every file is written under a temporary name and renamed into place (an atomic rename on one
file system), so an interrupted sweep leaves whole files or none. A re-run with the same
manifest reads the chunks whose files still have the hash recorded for them and computes the
others again (missing, replaced, damaged); a different design, scenario, metric list, seed or
chunk size in the same folder is an error rather than a mix, and so is a folder that holds
files but no manifest (chunks of an unknown sweep). An unreadable manifest, a folder where a
chunk goes, an ``out`` that is a file, and a failed write (a full disk) are one-line errors.
Needs pyarrow (``pip install 'stockpile[parquet]'``).
"""

from __future__ import annotations

import dataclasses
import errno
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
CHUNKS = "chunks"
#: Version of the manifest's layout (2: with the SHA-256 of every chunk).
VERSION = 2


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


def _failed(folder: Path, doing: str, exc: OSError) -> StockpileError:
    """An error writing into a sweep's folder, in one line: the chunks already written stay."""
    reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
    return StockpileError(
        f"The 'out' folder {str(folder)!r} could not be written ({doing}: {reason}). The "
        "chunks written so far are kept: free space or fix the folder, then run the same "
        "sweep again to resume."
    )


def _atomic_write(path: Path, write: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def _file_hash(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _foreign(folder: Path) -> list[str]:
    """Names in ``folder`` that are not this module's temporary files."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".tmp"))


class Store:
    """The chunk files and manifest of one sweep in ``folder``.

    The manifest records what the chunks belong to (the design's hash, the scenario, the
    metrics, the seed, the chunk size) and the SHA-256 of every chunk written; on a resume a
    chunk is used only if its file still has that hash, and computed again otherwise.

    Parameters
    ----------
    folder : path
        Created if missing; an existing folder must be empty or hold this sweep.
    manifest : dict
        What the chunks belong to; must equal the stored manifest, if any (but for the
        chunks' hashes).

    Raises
    ------
    StockpileError
        When ``folder`` is a file or cannot be written, holds another sweep or files of its own,
        or its manifest cannot be read.
    ImportError
        Without pyarrow.
    """

    def __init__(self, folder: Path, manifest: Mapping[str, Any]) -> None:
        self.pa = _pyarrow()
        self.folder = folder
        self.manifest = {k: v for k, v in manifest.items() if k != CHUNKS}
        if folder.exists() and not folder.is_dir():
            raise invalid("out", "a folder path", str(folder), hint="This is a file.")
        stored = self.read_manifest(folder)
        if stored is None:
            if folder.exists() and _foreign(folder):
                raise invalid(
                    "out",
                    "a new or empty folder, or the folder of this very sweep",
                    str(folder),
                    hint=f"It holds {', '.join(_foreign(folder)[:3])} and no manifest.json, "
                    "so its files cannot be told from another sweep's. Use a new folder.",
                )
            self.chunks: dict[str, str] = {}
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _failed(folder, "creating it", exc) from None
            self._save_manifest()
            return
        known = {k: v for k, v in stored.items() if k != CHUNKS}
        if known != self.manifest:
            differ = sorted(
                k for k in set(known) | set(self.manifest) if known.get(k) != self.manifest.get(k)
            )
            raise StockpileError(
                f"The 'out' folder {str(folder)!r} holds chunks of another sweep (its "
                f"{', '.join(differ)} differ). Use a new folder, or delete this one to start "
                "over."
            )
        chunks = stored.get(CHUNKS, {})
        if not isinstance(chunks, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in chunks.items()
        ):
            raise _unreadable(folder, "its chunk hashes are not a table of names to hashes")
        self.chunks = dict(chunks)

    def _save_manifest(self) -> None:
        text = json.dumps({**self.manifest, CHUNKS: self.chunks}, indent=1, sort_keys=True)
        try:
            _atomic_write(self.folder / MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))
        except OSError as exc:
            raise _failed(self.folder, f"writing {MANIFEST}", exc) from None

    @staticmethod
    def read_manifest(folder: Path) -> dict[str, Any] | None:
        """The manifest stored in ``folder``, or None if there is none.

        Raises
        ------
        StockpileError
            When it cannot be read: not UTF-8, not JSON, not a table, or not a file.
        """
        path = folder / MANIFEST
        if not path.exists():
            return None
        if not path.is_file():
            raise _unreadable(folder, f"{MANIFEST} is not a file")
        try:
            stored = json.loads(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            raise _unreadable(folder, "it is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise _unreadable(folder, f"it is not JSON ({exc.msg})") from None
        except (OSError, RecursionError) as exc:
            raise _unreadable(folder, str(exc)) from None
        if not isinstance(stored, dict):
            raise _unreadable(folder, "it is not a JSON table")
        return stored

    def path(self, chunk: int) -> Path:
        """The file of chunk number ``chunk``."""
        return self.folder / f"chunk-{chunk:06d}.parquet"

    def read(
        self, chunk: int, start: int, stop: int, metrics: tuple[str, ...]
    ) -> dict[str, Array] | None:
        """Chunk ``chunk``'s metrics for rows ``start`` to ``stop - 1``, or None to compute it.

        A file whose hash is not the one the manifest recorded for it (replaced, damaged, or
        written after the last manifest update), or that does not hold exactly these rows and
        metrics, counts as absent: it is computed again and replaced.

        Raises
        ------
        StockpileError
            When the chunk's path is a folder (which is never removed).
        """
        path = self.path(chunk)
        if path.is_dir():
            raise invalid(
                "out",
                "a sweep folder whose chunk paths are free or files",
                str(path),
                hint="A folder stands where a chunk file goes; move it, or use a new folder.",
            )
        if not path.exists() or self.chunks.get(path.name) != _file_hash(path):
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
        """Write chunk ``chunk`` (rows from ``start``) atomically and record its hash.

        Raises
        ------
        StockpileError
            When the file cannot be written (a full disk, a read-only folder): the chunks
            written before are kept, so that running the sweep again resumes.
        """
        n = len(next(iter(values.values())))
        columns = {"row": np.arange(start, start + n, dtype=np.int64), **values}
        table = self.pa.table(columns)
        path = self.path(chunk)
        try:
            _atomic_write(path, lambda p: self.pa.parquet.write_table(table, p))
            self.chunks[path.name] = _file_hash(path)
        except OSError as exc:
            raise _failed(self.folder, f"writing {path.name}", exc) from None
        self._save_manifest()


def _unreadable(folder: Path, why: str) -> StockpileError:
    return invalid(
        "out",
        "a folder whose manifest.json is a stockpile sweep manifest",
        str(folder),
        hint=f"Its {MANIFEST} cannot be read: {why}. Use a new folder, or delete this one to "
        "start over.",
    )
