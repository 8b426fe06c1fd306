"""sphinx-gallery hooks for the examples, which save their figures rather than show them.

The examples draw on ``matplotlib.figure.Figure`` objects without pyplot and write PNGs to
the directory given as their first argument (how they run as scripts and in the tests), so
pyplot's figure list is empty. :func:`reset_argv` gives each example its own output directory
and :func:`saved_figures` hands the PNGs written there to the gallery, in the order written.
Named by string in ``conf.py`` so that the configuration stays picklable.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

#: Where the examples write their figures during a build (inside the build directory).
OUT = Path(__file__).resolve().parents[1] / "_build" / "gallery-figures"


def _out(src_file: str | Path) -> Path:
    return OUT / Path(src_file).stem


def reset_argv(gallery_conf: dict[str, Any], script_vars: dict[str, Any]) -> list[str]:
    """Command-line arguments of an example: its own, empty output directory."""
    out = _out(script_vars["src_file"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return [str(out)]


def saved_figures(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """Image scraper: PNGs the example wrote since the last code block, as reST."""
    from sphinx_gallery.scrapers import figure_rst

    out = _out(block_vars["src_file"])
    seen = block_vars.setdefault("stockpile_seen", set())
    new = sorted(
        (p for p in out.glob("*.png") if p.name not in seen), key=lambda p: p.stat().st_mtime
    )
    paths = []
    for png, destination in zip(new, block_vars["image_path_iterator"], strict=False):
        shutil.copyfile(png, destination)
        seen.add(png.name)
        paths.append(destination)
    return figure_rst(paths, gallery_conf["src_dir"])
