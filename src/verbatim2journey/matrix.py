"""The touchpoint matrix: stages (rows, journey order) × channels (columns) of tagged verbatims.

One aggregation (`TouchpointMatrix.from_tagged`), several renderings (terminal, CSV,
Markdown, XLSX). A verbatim naming two channels counts in both cells; the stage total
counts it once. Verbatims with no channel go to the "non précisé" column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import V2JError, one_of
from .journey import DEFAULT_FRAMEWORK, Journey
from .labels import parse_channels, parse_rupture

MEASURES = ("volume", "irritant_share", "enchantement_share", "net_score", "ruptures")
TOTAL = "Total"
MATRIX_FORMATS = {".csv": "csv", ".md": "markdown", ".xlsx": "xlsx"}


@dataclass
class TouchpointMatrix:
    """Counts per (row, column) cell; rows and columns include the totals last."""

    rows: list[str]
    row_names: list[str]
    columns: list[str]
    column_names: list[str]
    volume: pd.DataFrame
    irritants: pd.DataFrame
    enchantements: pd.DataFrame
    ruptures: pd.DataFrame
    n_tagged: int
    n_skipped: int
    framework: str

    @classmethod
    def from_tagged(cls, tagged: pd.DataFrame, journey: Journey, *, framework: str = DEFAULT_FRAMEWORK,
                    source: str = "the tagged file") -> "TouchpointMatrix":
        for col in ("stage", "channels", "polarity"):
            if col not in tagged.columns:
                raise V2JError("E021", column=col, path=source)
        rows, row_of = journey.framework_rows(framework)
        no_channel = journey.no_channel_label
        columns = journey.channel_ids + [no_channel]
        labelled = tagged["stage"].astype(str).str.len().gt(0) & tagged["stage"].notna()
        data = tagged[labelled]
        shape = (len(rows) + 1, len(columns) + 1)
        vol, irr, enc, rup = (np.zeros(shape, dtype=np.int64) for _ in range(4))
        r_index = {r: i for i, r in enumerate(rows)}
        c_index = {c: j for j, c in enumerate(columns)}
        stage_ids, pol_ids = set(journey.stage_ids), set(journey.polarity_ids)
        has_rupture = "rupture" in data.columns
        for k, (stage, chans, pol) in enumerate(zip(data["stage"], data["channels"], data["polarity"])):
            if stage not in stage_ids:
                raise V2JError("E007", field="stage", value=stage, where=source, valid=one_of(journey.stage_ids))
            if pol not in pol_ids:
                raise V2JError("E007", field="polarity", value=pol, where=source, valid=one_of(journey.polarity_ids))
            chans = parse_channels(chans) or [no_channel]
            for c in chans:
                if c not in c_index:
                    raise V2JError("E007", field="channel", value=c, where=source, valid=one_of(journey.channel_ids))
            ruptured = has_rupture and parse_rupture(data["rupture"].iloc[k], source)
            i = r_index[row_of[stage]]
            # Each cell of the verbatim, its row total and its column totals; the grand
            # total and row totals count the verbatim once, whatever its channel count.
            cells = [(i, c_index[c]) for c in chans] + [(len(rows), c_index[c]) for c in chans]
            cells += [(i, len(columns)), (len(rows), len(columns))]
            for cell in cells:
                vol[cell] += 1
                irr[cell] += pol == "irritant"
                enc[cell] += pol == "enchantement"
                rup[cell] += ruptured
        row_labels = rows + [TOTAL]
        col_labels = columns + [TOTAL]
        frame = lambda a: pd.DataFrame(a, index=row_labels, columns=col_labels)  # noqa: E731
        names = {s.id: s.name for s in journey.stages} if framework == DEFAULT_FRAMEWORK else {}
        return cls(rows=row_labels, row_names=[names.get(r, r) for r in row_labels],
                   columns=col_labels,
                   column_names=[journey.channel_name(c) if c in journey.channel_ids else c for c in col_labels],
                   volume=frame(vol), irritants=frame(irr), enchantements=frame(enc), ruptures=frame(rup),
                   n_tagged=int(labelled.sum()), n_skipped=int((~labelled).sum()), framework=framework)

    def measure(self, name: str) -> pd.DataFrame:
        """One measure as a DataFrame (rows × columns); shares and net score are NaN in empty cells."""
        vol = self.volume.astype(float).replace(0, np.nan)
        if name == "volume":
            return self.volume
        if name == "irritant_share":
            return (self.irritants / vol).round(3)
        if name == "enchantement_share":
            return (self.enchantements / vol).round(3)
        if name == "net_score":
            return ((self.enchantements - self.irritants) / vol).round(3)
        if name == "ruptures":
            return self.ruptures
        raise V2JError("E017", value=name, name="measure", reason=f"use one of {one_of(MEASURES)}")

    def long_table(self) -> pd.DataFrame:
        """One row per cell with every measure: the CSV layout."""
        parts = {m: self.measure(m).stack(future_stack=True) for m in MEASURES}
        out = pd.DataFrame(parts).reset_index(names=["stage", "channel"])
        out["volume"] = out["volume"].astype(int)
        out["ruptures"] = out["ruptures"].astype(int)
        return out

    def to_text(self, *, width: int = 9) -> str:
        """The terminal table: volume and net score per cell, journey order."""
        def cell(r, c):
            v = int(self.volume.at[r, c])
            if not v:
                return "·".rjust(width)
            net = (self.enchantements.at[r, c] - self.irritants.at[r, c]) / v
            return f"{v} {net:+.2f}".rjust(width)
        head_w = max(len(n) for n in self.row_names) + 1
        # Channel ids are shorter than names and still readable in a narrow terminal.
        short = [c[:width - 1] for c in self.columns]
        lines = [f"Touchpoint matrix ({self.n_tagged} verbatims; cell = volume and net score "
                 f"= (enchantements - irritants) / volume; · = empty)"]
        if self.n_skipped:
            lines[0] += f"; {self.n_skipped} rows without labels left out"
        lines.append(" " * head_w + "".join(s.rjust(width) for s in short))
        for r, name in zip(self.rows, self.row_names):
            if r == TOTAL:
                lines.append("-" * (head_w + width * len(self.columns)))
            lines.append(name.ljust(head_w) + "".join(cell(r, c) for c in self.columns))
        return "\n".join(lines)

    def to_markdown(self) -> str:
        net = self.measure("net_score")
        out = [f"| étape \\ canal | " + " | ".join(self.column_names) + " |",
               "|---" * (len(self.columns) + 1) + "|"]
        for r, name in zip(self.rows, self.row_names):
            cells = []
            for c in self.columns:
                v = int(self.volume.at[r, c])
                cells.append("" if not v else f"{v} ({net.at[r, c]:+.2f}, {int(self.ruptures.at[r, c])} rupt.)")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("")
        out.append("Each cell: volume (net score = (enchantements − irritants) / volume, ruptures).")
        return "\n".join(out) + "\n"

    def to_xlsx(self, path) -> None:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for m in MEASURES:
                table = self.measure(m).copy()
                table.index = self.row_names
                table.columns = self.column_names
                table.to_excel(writer, sheet_name=m[:31])

    def write(self, path) -> None:
        suffix = Path(path).suffix.lower()
        if suffix not in MATRIX_FORMATS:
            raise V2JError("E002", suffix=suffix or "(none)", path=path, valid=one_of(MATRIX_FORMATS))
        kind = MATRIX_FORMATS[suffix]
        if kind == "csv":
            self.long_table().to_csv(path, index=False)
        elif kind == "markdown":
            Path(path).write_text(self.to_markdown(), "utf-8")
        else:
            self.to_xlsx(path)
