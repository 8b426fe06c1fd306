"""Execute notebooks, each in a fresh kernel, and store them with their outputs.

::

    python notebooks/execute.py notebooks/*.ipynb         # in place (``make notebooks``)
    python notebooks/execute.py NOTEBOOK --out DIR        # the executed copy into DIR

The notebooks are stored executed so that a reader on the repository sees the numbers and
figures; ``tests/test_examples.py`` re-executes each one and checks that the stored outputs are
what the code produces now. Every random draw in them is seeded, and execution times are not
recorded, so executing again changes nothing unless a cell shows something new.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
from nbclient import NotebookClient

#: Longest a cell may run. [s]
TIMEOUT = 120


def execute(path: Path, out: Path) -> None:
    """Execute the notebook at ``path`` (working directory: its folder) and write it to
    ``out``."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    notebook.metadata.get("language_info", {}).pop("version", None)  # differs by machine
    nbformat.write(notebook, out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--out", type=Path, help="folder for the executed copies (default: in place)"
    )
    args = parser.parse_args(argv)
    for path in args.notebooks:
        target = path if args.out is None else args.out / path.name
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
        execute(path, target)
        print(f"executed {path} -> {target}")


if __name__ == "__main__":
    main()
