"""The presets page's tables, written from the presets' registry at every build."""

from __future__ import annotations

from pathlib import Path


def _value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_tables(path: Path) -> None:
    """One section per preset: its description and every figure with unit, date and source."""
    import stockpile as sp

    lines = []
    for name in sp.presets.names():
        preset = sp.presets.PRESETS[name]
        lines += [f"## `{name}`", "", _cell(preset.description), ""]
        lines += ["| path | value | unit | when | source |", "|---|--:|---|---|---|"]
        for f in preset.figures:
            when = "**assumption**" if f.assumption else _cell(f.when)
            lines.append(
                f"| `{f.path}` | {_value(f.value)} | {_cell(f.unit)} | {when} | {_cell(f.source)} |"
            )
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
