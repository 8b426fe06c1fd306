"""Sphinx configuration of the stockpile documentation (``make docs``).

Every number on the site is computed at build time: the notebooks are executed by myst-nb,
the examples by sphinx-gallery, the getting-started, presets and command-line pages are
executable MyST pages. The build runs with ``-W -n`` (warnings are errors, every
cross-reference must resolve). No network is needed: MathJax is served from the
``sphinx-mathjax-offline`` package, and there is no intersphinx (see ``nitpick_ignore_regex``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

import api_pages  # noqa: E402
import preset_pages  # noqa: E402

import stockpile  # noqa: E402

# -- Project -------------------------------------------------------------------------------
project = "stockpile"
author = "stockpile developers"
copyright = "stockpile developers"
version = release = stockpile.__version__

# -- General -------------------------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static: equations render offline
    "sphinx_design",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
]
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "**.ipynb_checkpoints",
    "_generated",  # included by other pages
    "gallery/*.ipynb",  # sphinx-gallery's notebook downloads, not pages
    "gallery/*.py",
    "gallery/*.md5",
    "gallery/*.json",
    "gallery/*.zip",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
nitpicky = True
# No intersphinx: the build must work without network beyond the package index, so names
# from Python's scientific stack cannot be linked; they render as code.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(numpy|np|pandas|pd|scipy|matplotlib|mpl|dask|concurrent|numbers|dataclasses)(\..*)?",
    ),
]
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- Notebooks: copied in, so that their links to each other resolve --------------------------
shutil.rmtree(DOCS / "notebooks", ignore_errors=True)
(DOCS / "notebooks").mkdir()
for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
    shutil.copyfile(notebook, DOCS / "notebooks" / notebook.name)

# -- Presets: tables from the registry ---------------------------------------------------------
preset_pages.write_tables(DOCS / "_generated" / "presets.md")

# -- API reference -------------------------------------------------------------------------
api_pages.write_pages(DOCS)
autosummary_generate = True
autosummary_ignore_module_all = False
autodoc_typehints = "none"  # types are in the numpydoc sections, with units
autodoc_default_options = {"member-order": "bysource"}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"  # link only the names below; the rest of a type stays text
numpydoc_xref_aliases = {
    name: f"stockpile.{name}"
    for name in stockpile.__all__
    if not isinstance(getattr(stockpile, name), type(stockpile))
}
numpydoc_validation_checks: set[str] = set()

# -- MyST, notebooks -----------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"  # outputs always come from the code as it is now
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

# -- Gallery -------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "gallery",
    "filename_pattern": r"\.py$",  # run every example
    "ignore_pattern": r"__init__\.py",
    "image_scrapers": ("gallery_helpers.saved_figures",),
    "reset_argv": "gallery_helpers.reset_argv",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "plot_gallery": "True",
}

# -- HTML ----------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"stockpile {release}"
html_static_path: list[str] = []
html_theme_options = {
    "logo": {"text": "stockpile"},
    "navbar_align": "left",
    "header_links_before_dropdown": 7,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "getting_started": [], "model": [], "changelog": []}
html_show_sourcelink = False


def _only_our_aliases(app):
    """numpydoc links builtins and numpy terms through intersphinx, which is not used here:
    keep only the aliases above, so other words in a type stay plain text."""
    aliases = app.config.numpydoc_xref_aliases_complete
    for key in set(aliases) - set(numpydoc_xref_aliases):
        del aliases[key]


def setup(app):
    app.connect("builder-inited", _only_our_aliases)
    app.connect("missing-reference", api_pages.resolve_alias)
