"""TOML text: parse it (errors naming the file) and write it (:func:`dumps`)."""

from __future__ import annotations

import json
import math
import os
import stat
import textwrap
import tomllib
from collections.abc import Mapping
from typing import Any

from stockpile.config._schema import ConfigError

#: The largest scenario or sweep file read (larger ones are refused, not read). [bytes]
MAX_BYTES = 16 * 2**20
#: The deepest nesting of arrays and tables read. [1]
MAX_DEPTH = 32


def _depth(data: Any) -> int:
    """How deeply arrays and tables nest in ``data``, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            stack.extend((child, depth + 1) for child in children)
    return deepest


def parse(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; :class:`ConfigError` naming ``source`` for bad or too deeply nested
    TOML."""
    deep = ConfigError(
        f"{source}: arrays or tables nested more than {MAX_DEPTH} deep; a scenario file "
        "needs a few levels."
    )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}.") from None
    except RecursionError:
        raise deep from None
    if _depth(data) > MAX_DEPTH:
        raise deep
    return data


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse a TOML file; :class:`ConfigError` for a missing file, a folder, anything that is
    not a regular file (a FIFO, ``/dev/zero``: never read, so nothing hangs), a file over
    ``MAX_BYTES`` (16 MiB), text that is not UTF-8, or bad TOML."""
    if not isinstance(path, str | os.PathLike):
        raise ConfigError(f"{path!r}: not a file path.")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a TOML file.") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        if stat.S_ISDIR(mode):
            raise ConfigError(f"{path}: is a folder, not a TOML file.")
        raise ConfigError(f"{path}: not a regular file (a pipe, device or socket).")
    with os.fdopen(handle, "rb") as file:
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES // 2**20} MB; not a scenario file.")
    try:
        text = data.decode()
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text (UTF-8) file.") from None
    return parse(text, str(path))


def key(name: str) -> str:
    """A key: bare if it can be, else quoted."""
    bare = name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if bare else string(name)


def string(text: str) -> str:
    """A basic (double-quoted) string."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def inline(value: Any) -> str:
    """One TOML value on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {inline(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def note_lines(text: str, width: int = 96) -> list[str]:
    """``text`` as ``#`` comment lines of at most ``width`` characters."""
    return [f"# {line}" for line in textwrap.wrap(text, width - 2, break_on_hyphens=False)]


def dumps(
    data: Mapping[str, Any],
    comments: Mapping[tuple[str, str], str] | None = None,
    tables: tuple[str, ...] = ("set", "bounds", "scenario"),
    notes: Mapping[tuple[str, int, str], str] | None = None,
) -> str:
    """Write TOML: top-level values, then ``[table]`` for the keys in ``tables`` and
    ``[[array]]`` for lists of tables; everything deeper as inline values.

    Parameters
    ----------
    data : mapping
        Strings, ints, floats, bools, lists and dicts.
    comments : mapping, optional
        ``(table, key)`` → a trailing comment (``""`` is the top level), e.g. a unit.
    tables : tuple of str
        Top-level keys whose dict value is written as a ``[table]`` block.
    notes : mapping, optional
        ``(table, entry, key)`` → comment lines written above that key (``entry``: the
        position in an array of tables, 0 for a plain table or the top level), e.g. a source.
    """
    trailing, above = comments or {}, notes or {}

    def lines(table: str, entry: int, name: str, value: Any) -> list[str]:
        unit = trailing.get((table, name))
        text = f"{key(name)} = {inline(value)}"
        note = above.get((table, entry, name))
        return [*(note_lines(note) if note else []), f"{text}  # {unit}" if unit else text]

    def block(header: str, table: str, entry: int, entries: Mapping[str, Any]) -> str:
        body = [line for k, v in entries.items() for line in lines(table, entry, k, v)]
        return "\n".join([header, *body])

    head, blocks = [], []
    for name, value in data.items():
        if isinstance(value, dict) and name in tables:
            blocks.append(block(f"[{key(name)}]", name, 0, value))
        elif _is_table_array(value):
            blocks.extend(
                block(f"[[{key(name)}]]", name, n, entry) for n, entry in enumerate(value)
            )
        else:
            head.extend(lines("", 0, name, value))
    return "\n\n".join(part for part in ["\n".join(head), *blocks] if part) + "\n"
