"""The touchpoint matrix as a formatted Excel workbook.

Sheets, in order: `matrice` (volume per cell, coloured by net score as on the HTML
report, with a legend), one sheet per measure (volume, irritant_share,
enchantement_share, net_score, ruptures; colour scales, shares as percentages), and,
when the tagged rows are given, `verbatims`. The workbook is written in openpyxl's
streaming mode: the rows go to disk chunk by chunk while the matrix is still being
aggregated, and the matrix sheets, created first so that they come first, are filled
when it is complete.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .matrix import MEASURES, TOTAL, TouchpointMatrix, net_colour

# Excel's sheet holds 1,048,576 rows; one of them is the header.
EXCEL_MAX_ROWS = 1_048_576
MATRIX_SHEET = "matrice"
ROWS_SHEET = "verbatims"
NUMBER_FORMATS = {"volume": "0", "irritant_share": "0.0%", "enchantement_share": "0.0%",
                  "net_score": "+0.00;-0.00;0.00", "ruptures": "0"}
MEASURE_TITLES = {"volume": "Volume (verbatims)", "irritant_share": "Part d'irritants",
                  "enchantement_share": "Part d'enchantements",
                  "net_score": "Score net (enchantements − irritants) / volume", "ruptures": "Ruptures de canal"}
# Colour scales of the measure sheets: (start, middle or None, end) colours over the cells,
# totals left out so that they do not flatten the scale.
SCALES = {"volume": ("FFFFFF", None, "5B8DB8"), "irritant_share": ("FFFFFF", None, "B2182B"),
          "enchantement_share": ("FFFFFF", None, "2166AC"), "net_score": ("B2182B", "F7F7F7", "2166AC"),
          "ruptures": ("FFFFFF", None, "E08214")}
STAGE_WIDTH = 32
CELL_WIDTH = 13
MAX_TEXT_WIDTH = 80


class MatrixWorkbook:
    """Write the workbook of a matrix: `add_rows(chunk)` as the tagged rows go by, then `close(matrix)`.

    Rows past Excel's limit are left out and a note on the `matrice` sheet says how many.
    The file is written under a temporary name and renamed when complete.
    """

    def __init__(self, path, *, max_rows: int = EXCEL_MAX_ROWS - 1):
        from openpyxl import Workbook
        self.path = Path(path)
        self.max_rows = max_rows
        self.book = Workbook(write_only=True)
        self.matrix_sheet = self.book.create_sheet(MATRIX_SHEET)
        self.measure_sheets = {m: self.book.create_sheet(m) for m in MEASURES}
        self.rows_sheet = None
        self.n_rows = self.n_written = self.n_cleaned = 0

    def add_rows(self, tagged: pd.DataFrame) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from .tables import _flat, xlsx_row
        if self.rows_sheet is None:
            sheet = self.rows_sheet = self.book.create_sheet(ROWS_SHEET)
            for j, column in enumerate(tagged.columns, 1):
                values = tagged[column].head(200).astype(str)
                longest = max([len(str(column))] + values.str.len().tolist())
                sheet.column_dimensions[_letter(j)].width = min(max(longest, 8) + 2, MAX_TEXT_WIDTH)
            sheet.freeze_panes = "A2"
            header = []
            for column in tagged.columns:
                cell = WriteOnlyCell(sheet, value=str(column))
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
        self.n_rows += len(tagged)
        room = self.max_rows - self.n_written
        if room <= 0:
            return
        part, cleaned = _without_control_characters(_flat(tagged.iloc[:room]))
        self.n_cleaned += cleaned
        for row in part.itertuples(index=False):
            self.rows_sheet.append(xlsx_row(self.rows_sheet, row))
        self.n_written += len(part)

    def close(self, matrix: TouchpointMatrix) -> None:
        self._matrix_sheet(matrix)
        for measure, sheet in self.measure_sheets.items():
            _measure_sheet(sheet, matrix, measure)
        partial = self.path.with_name(f".{self.path.name}.partial")
        try:
            self.book.save(partial)
            os.replace(partial, self.path)
        finally:
            if partial.exists():
                partial.unlink()

    def _matrix_sheet(self, matrix: TouchpointMatrix) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        sheet = self.matrix_sheet
        sheet.column_dimensions["A"].width = STAGE_WIDTH
        for j in range(2, len(matrix.columns) + 2):
            sheet.column_dimensions[_letter(j)].width = CELL_WIDTH
        sheet.freeze_panes = "B4"
        bold = Font(bold=True)
        thick = Side(style="medium", color="1A1A1A")

        def cell(value, *, font=None, fill=None, fmt=None, align=None, border=None):
            c = WriteOnlyCell(sheet, value=value)
            if font is not None:
                c.font = font
            if fill is not None:
                c.fill = PatternFill(fill_type="solid", fgColor=fill)
            if fmt is not None:
                c.number_format = fmt
            if align is not None:
                c.alignment = align
            if border is not None:
                c.border = border
            return c

        sheet.append([cell("Matrice des points de contact : nombre de verbatims par case, couleur = score net "
                           "(enchantements − irritants) / volume, de −1 (rouge) à +1 (bleu)",
                           font=Font(bold=True, size=13))])
        sheet.append([cell(f"{matrix.n_tagged} verbatims classés. Un verbatim qui cite deux canaux compte dans "
                           "les deux cases, une seule fois dans le total de son étape. Les autres onglets donnent "
                           "chaque mesure case par case.")])
        wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.append([cell("étape \\ canal", font=bold)]
                     + [cell(name, font=bold, align=wrap) for name in matrix.column_names])
        for r, name in zip(matrix.rows, matrix.row_names):
            row = [cell(name, font=bold, border=Border(top=thick) if r == TOTAL else None)]
            for c in matrix.columns:
                v = int(matrix.volume.at[r, c])
                border = Border(top=thick if r == TOTAL else None, left=thick if c == TOTAL else None)
                if not v:
                    row.append(cell(None, border=border))
                    continue
                net = (matrix.enchantements.at[r, c] - matrix.irritants.at[r, c]) / v
                bg, fg = net_colour(net)
                row.append(cell(v, fmt="0", fill=bg[1:].upper(), align=Alignment(horizontal="center"),
                                font=Font(bold=r == TOTAL or c == TOTAL, color=fg[1:].upper()), border=border))
            sheet.append(row)
        sheet.append([])
        legend = [cell("Légende (score net)", font=bold)]
        for net in (-1, -0.5, 0, 0.5, 1):
            bg, fg = net_colour(net)
            legend.append(cell(net, fmt=NUMBER_FORMATS["net_score"], fill=bg[1:].upper(),
                               font=Font(color=fg[1:].upper()), align=Alignment(horizontal="center")))
        legend.append(cell("case vide : aucun verbatim"))
        sheet.append(legend)
        notes = []
        if matrix.n_skipped:
            notes.append(f"{matrix.n_skipped} lignes sans étiquette (texte vide ou manquant) laissées de côté.")
        if matrix.n_uncertain_stage:
            notes.append(f"{matrix.n_uncertain_stage} lignes à l'étape incertaine laissées de côté.")
        if self.n_rows > self.n_written:
            notes.append(f"Onglet {ROWS_SHEET} tronqué : les {self.n_written} premières lignes sur {self.n_rows}, "
                         f"la limite d'une feuille Excel ; le fichier classé les contient toutes.")
        if self.n_cleaned:
            cells = "1 cellule avait" if self.n_cleaned == 1 else f"{self.n_cleaned} cellules avaient"
            notes.append(f"Onglet {ROWS_SHEET} : {cells} des caractères de contrôle, qu'Excel ne peut pas "
                         f"stocker, remplacés par des espaces ; le fichier classé les garde.")
        for note in notes:
            sheet.append([cell(note, font=Font(italic=True))])


def _without_control_characters(df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Control characters (a stray vertical tab in a pasted verbatim) cannot be stored in a
    worksheet and would stop the whole workbook: they become spaces in this copy of the rows,
    whose note says how many cells changed; the tagged file keeps them. Returns the rows and
    that number of cells."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    cleaned = 0
    for column in df.columns:
        values = df[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        hit = values.map(lambda v: isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v) is not None).astype(bool)
        if hit.any():
            df.loc[hit, column] = values[hit].map(lambda v: ILLEGAL_CHARACTERS_RE.sub(" ", v) if isinstance(v, str) else v)
            cleaned += int(hit.sum())
    return df, cleaned


def _letter(j: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(j)


def _measure_sheet(sheet, matrix: TouchpointMatrix, measure: str) -> None:
    """One measure, rows × columns, header in row 1 and stage names in column A."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font
    table = matrix.measure(measure)
    sheet.column_dimensions["A"].width = STAGE_WIDTH
    for j in range(2, len(matrix.columns) + 2):
        sheet.column_dimensions[_letter(j)].width = CELL_WIDTH
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def cell(value, **style):
        c = WriteOnlyCell(sheet, value=value)
        for k, v in style.items():
            setattr(c, k, v)
        return c

    sheet.append([cell(MEASURE_TITLES[measure], font=bold)]
                 + [cell(name, font=bold, alignment=Alignment(horizontal="center", wrap_text=True))
                    for name in matrix.column_names])
    fmt = NUMBER_FORMATS[measure]
    for r, name in zip(matrix.rows, matrix.row_names):
        values = []
        for c in matrix.columns:
            value = table.at[r, c]
            value = None if pd.isna(value) else (int(value) if fmt == "0" else float(value))
            values.append(cell(value, number_format=fmt, font=Font(bold=r == TOTAL or c == TOTAL)))
        sheet.append([cell(name, font=bold)] + values)
    start, middle, end = SCALES[measure]
    body = f"B2:{_letter(len(matrix.columns))}{len(matrix.rows)}"  # the cells without their totals
    if middle:
        rule = ColorScaleRule(start_type="num", start_value=-1, start_color=start, mid_type="num", mid_value=0,
                              mid_color=middle, end_type="num", end_value=1, end_color=end)
    elif fmt == "0.0%":
        rule = ColorScaleRule(start_type="num", start_value=0, start_color=start, end_type="num", end_value=1,
                              end_color=end)
    else:
        rule = ColorScaleRule(start_type="num", start_value=0, start_color=start, end_type="max", end_color=end)
    sheet.conditional_formatting.add(body, rule)
