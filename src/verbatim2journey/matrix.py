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

from .classifier import UNCERTAIN
from .errors import V2JError, one_of
from .journey import DEFAULT_FRAMEWORK, Journey
from .labels import parse_channels, parse_rupture

MEASURES = ("volume", "irritant_share", "enchantement_share", "net_score", "ruptures")
TOTAL = "Total"

MATRIX_FORMATS = {".csv": "csv", ".md": "markdown", ".xlsx": "xlsx"}
# Net score colours, shared by the HTML page and the workbook: red (-1), light grey (0),
# blue (+1); red and blue stay apart for readers who do not tell red from green.
NEGATIVE_RGB = (178, 24, 43)
NEUTRAL_RGB = (247, 247, 247)
POSITIVE_RGB = (33, 102, 172)


def net_colour(net: float) -> tuple[str, str]:
    """Background and text colour (`#rrggbb`) of a net score in [-1, 1]."""
    t = max(-1.0, min(1.0, float(net)))
    end = POSITIVE_RGB if t > 0 else NEGATIVE_RGB
    rgb = [round(a + (b - a) * abs(t)) for a, b in zip(NEUTRAL_RGB, end)]
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff" if abs(t) >= 0.5 else "#1a1a1a"


def check_matrix_path(path) -> str:
    """The rendering a matrix file's suffix asks for; raises before any work if it is unusable."""
    from .tables import check_output_path
    suffix = Path(path).suffix.lower()
    if suffix not in MATRIX_FORMATS:
        raise V2JError("E002", suffix=suffix or "(none)", path=path, valid=one_of(MATRIX_FORMATS))
    check_output_path(path)
    return MATRIX_FORMATS[suffix]


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
    n_uncertain_stage: int = 0

    @classmethod
    def from_tagged(cls, tagged: pd.DataFrame, journey: Journey, *, framework: str = DEFAULT_FRAMEWORK,
                    source: str = "the tagged file") -> "TouchpointMatrix":
        builder = MatrixBuilder(journey, framework=framework, source=source)
        builder.add(tagged)
        return builder.result()

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

    def to_text(self) -> str:
        """The terminal table: volume and net score per cell, stages in journey order.

        Channels no verbatim names are left out to keep the table narrow; the footer says which.
        """
        shown = [c for c in self.columns if c == TOTAL or self.volume.at[TOTAL, c] > 0]
        hidden = [c for c in self.columns if c not in shown]

        def cell(r, c):
            v = int(self.volume.at[r, c])
            if not v:
                return "·"
            return f"{v} {(self.enchantements.at[r, c] - self.irritants.at[r, c]) / v:+.2f}"

        cells = {(r, c): cell(r, c) for r in self.rows for c in shown}
        width = max(max(len(x) for x in cells.values()), 8) + 2
        head_w = max(len(n) for n in self.row_names) + 1
        # Channel ids are shorter than their names and still readable in a narrow terminal.
        header = " " * head_w + "".join(c[:width - 2].rjust(width) for c in shown)
        lines = [f"Touchpoint matrix: {self.n_tagged} verbatims; cell = volume and net score "
                 f"(enchantements - irritants) / volume; · = empty", header]
        for r, name in zip(self.rows, self.row_names):
            if r == TOTAL:
                lines.append("-" * len(header))
            lines.append(name.ljust(head_w) + "".join(cells[(r, c)].rjust(width) for c in shown))
        notes = []
        if self.n_skipped:
            notes.append(f"{self.n_skipped} rows without labels left out")
        if self.n_uncertain_stage:
            notes.append(f"{self.n_uncertain_stage} rows with an uncertain stage left out")
        if hidden:
            notes.append("no verbatim names " + ", ".join(hidden))
        if notes:
            lines.append("(" + "; ".join(notes) + ")")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        out = [f"| étape \\ canal | " + " | ".join(self.column_names) + " |",
               "|---" * (len(self.columns) + 1) + "|"]
        for r, name in zip(self.rows, self.row_names):
            cells = []
            for c in self.columns:
                v = int(self.volume.at[r, c])
                net = (self.enchantements.at[r, c] - self.irritants.at[r, c]) / v if v else 0.0
                cells.append("" if not v else f"{v} ({net:+.2f}, {int(self.ruptures.at[r, c])} rupt.)")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("")
        out.append("Each cell: volume (net score = (enchantements − irritants) / volume, ruptures).")
        return "\n".join(out) + "\n"

    def to_xlsx(self, path) -> None:
        """The formatted workbook (see `workbook.py`), without the tagged rows."""
        from .workbook import MatrixWorkbook
        MatrixWorkbook(path).close(self)

    def write(self, path) -> None:
        kind = check_matrix_path(path)
        if kind == "csv":
            self.long_table().to_csv(path, index=False)
        elif kind == "markdown":
            Path(path).write_text(self.to_markdown(), "utf-8")
        else:
            self.to_xlsx(path)


class MatrixBuilder:
    """Accumulate tagged rows chunk by chunk; `result()` gives the matrix.

    Memory stays at the size of the matrix, whatever the number of rows added.
    """

    def __init__(self, journey: Journey, *, framework: str = DEFAULT_FRAMEWORK, source: str = "the tagged file"):
        self.journey, self.framework, self.source = journey, framework, source
        self.rows, self.row_of = journey.framework_rows(framework)
        self.columns = journey.channel_ids + [journey.no_channel_label]
        shape = (len(self.rows) + 1, len(self.columns) + 1)
        self.counts = {k: np.zeros(shape, dtype=np.int64) for k in ("vol", "irr", "enc", "rup")}
        self.n_tagged = self.n_skipped = self.n_uncertain_stage = 0
        self._r = {r: i for i, r in enumerate(self.rows)}
        self._c = {c: j for j, c in enumerate(self.columns)}

    def add(self, tagged: pd.DataFrame) -> None:
        journey, source = self.journey, self.source
        for col in ("stage", "channels", "polarity"):
            if col not in tagged.columns:
                raise V2JError("E021", column=col, path=source)
        stage_col = tagged["stage"]
        labelled = (stage_col.notna() & stage_col.astype(str).str.len().gt(0)).to_numpy()
        uncertain = (stage_col == UNCERTAIN).to_numpy()
        self.n_uncertain_stage += int(uncertain.sum())
        labelled = labelled & ~uncertain
        self.n_tagged += int(labelled.sum())
        self.n_skipped += int((~labelled & ~uncertain).sum())
        data = tagged[labelled]
        stage_ids, pol_ids = set(journey.stage_ids), set(journey.polarity_ids)
        ruptures = data["rupture"].to_numpy(dtype=object) if "rupture" in data.columns else [False] * len(data)
        # Rows are counted by distinct (stage, channels, polarity, rupture): a few hundred
        # combinations stand for a chunk of thousands of rows.
        combos = pd.DataFrame({
            "stage": data["stage"].to_numpy(dtype=object),
            "channels": [tuple(c) if isinstance(c, (list, tuple, np.ndarray)) else c for c in data["channels"]],
            "polarity": data["polarity"].to_numpy(dtype=object),
            "rupture": ruptures,
        }).value_counts(dropna=False, sort=False)
        total_r, total_c = len(self.rows), len(self.columns)
        negative, positive = journey.polarity_with_role("negative"), journey.polarity_with_role("positive")
        vol, irr, enc, rup = (self.counts[k] for k in ("vol", "irr", "enc", "rup"))
        for (stage, chans, pol, ruptured), n in combos.items():
            if stage not in stage_ids:
                raise V2JError("E007", field="stage", value=stage, where=source, valid=one_of(journey.stage_ids))
            if pol not in pol_ids and pol != UNCERTAIN:
                raise V2JError("E007", field="polarity", value=pol, where=source, valid=one_of(journey.polarity_ids))
            chans = parse_channels(list(chans) if isinstance(chans, tuple) else chans) or [journey.no_channel_label]
            try:
                cols = [self._c[c] for c in chans]
            except KeyError as exc:
                raise V2JError("E007", field="channel", value=exc.args[0], where=source,
                               valid=one_of(journey.channel_ids)) from None
            ruptured = parse_rupture(ruptured, source)
            i = self._r[self.row_of[stage]]
            # Each channel cell and its column total; the row total and the grand total
            # count the verbatim once, whatever its number of channels.
            cells = [(i, j) for j in cols] + [(total_r, j) for j in cols] + [(i, total_c), (total_r, total_c)]
            is_irr, is_enc = pol == negative, pol == positive
            for cell in cells:
                vol[cell] += n
                irr[cell] += n * is_irr
                enc[cell] += n * is_enc
                rup[cell] += n * ruptured

    def result(self) -> TouchpointMatrix:
        journey, framework = self.journey, self.framework
        row_labels = self.rows + [TOTAL]
        col_labels = self.columns + [TOTAL]

        def frame(a):
            return pd.DataFrame(a.copy(), index=row_labels, columns=col_labels)

        names = {s.id: s.name for s in journey.stages} if framework == DEFAULT_FRAMEWORK else {}
        return TouchpointMatrix(
            rows=row_labels, row_names=[names.get(r, r) for r in row_labels], columns=col_labels,
            column_names=[journey.channel_name(c) if c in journey.channel_ids else c for c in col_labels],
            volume=frame(self.counts["vol"]), irritants=frame(self.counts["irr"]),
            enchantements=frame(self.counts["enc"]), ruptures=frame(self.counts["rup"]),
            n_tagged=self.n_tagged, n_skipped=self.n_skipped, framework=framework,
            n_uncertain_stage=self.n_uncertain_stage)


def matrix_file(tagged_path, journey: Journey, *, framework: str = DEFAULT_FRAMEWORK,
                output_path=None) -> TouchpointMatrix:
    """The matrix of a tagged file, read chunk by chunk; written to `output_path` if given.

    An `.xlsx` output also holds the tagged rows, streamed into the workbook as they are read.
    """
    from .batch import check_distinct_paths
    from .tables import TableReader
    from .workbook import MatrixWorkbook

    kind = None
    if output_path is not None:
        check_distinct_paths(tagged_path, output_path)
        kind = check_matrix_path(output_path)
    journey.framework_rows(framework)  # an unknown framework fails before the file is read
    reader = TableReader(tagged_path)
    builder = MatrixBuilder(journey, framework=framework, source=reader.name)
    workbook = MatrixWorkbook(output_path) if kind == "xlsx" else None
    for chunk in reader.chunks():
        builder.add(chunk)
        if workbook is not None:
            workbook.add_rows(chunk)
    matrix = builder.result()
    if workbook is not None:
        workbook.close(matrix)
    elif output_path is not None:
        matrix.write(output_path)
    return matrix
