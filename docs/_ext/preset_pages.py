"""The presets page's tables, written from the presets' registry at every build."""

from __future__ import annotations

from pathlib import Path


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_tables(path: Path) -> None:
    """One section per preset: its description and every figure with its point value and 90 %
    range, unit, grade, date and source."""
    import stockpile as sp

    lines = []
    for name in sp.presets.names():
        preset = sp.presets.PRESETS[name]
        lines += [f"## `{name}`", "", _cell(preset.description), ""]
        lines += [
            "| path | point (90 % range) | unit | grade | when | source |",
            "|---|--:|---|---|---|---|",
        ]
        for f in preset.figures:
            grade = f"**{f.grade}**" if f.grade == "assumption" else f.grade
            lines.append(
                f"| `{f.path}` | {_cell(f.shown())} | {_cell(f.unit)} | {grade} "
                f"| {_cell(f.when)} | {_cell(f.source)} |"
            )
        lines.append("")
    lines += ["## Grades", "", "| grade | meaning |", "|---|---|"]
    lines += [f"| {grade} | {_cell(meaning)} |" for grade, meaning in sp.presets.GRADES.items()]
    lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
