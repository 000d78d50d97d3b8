"""The touchpoint matrix workbook (XLSX): sheets, formats and numbers."""

import openpyxl
import pandas as pd
import pytest

from conftest import TINY, TINY_COLUMNS
from verbatim2journey import load_journey
from verbatim2journey.matrix import TOTAL, matrix_file, net_colour
from verbatim2journey.workbook import MatrixWorkbook

SCRIPT = "<script>alert('x')</script> Délai de livraison dépassé, encore"
EXTRA = [
    ("Délai de livraison dépassé de deux semaines, colis introuvable", "livraison", "", "irritant", False),
    ("Encore un délai de livraison non respecté, commande sur le site", "livraison", "site_web", "irritant", False),
    (SCRIPT, "livraison", "", "irritant", False),
    ("=SOMME(A1:A3) le formulaire ne marche pas", "achat", "site_web", "irritant", False),
    ("Paiement refusé sur le site, panier perdu", "achat", "site_web", "irritant", False),
]
STAGE_NAMES = ["Découverte & recherche", "Achat & souscription", "Livraison & mise en service", "Usage",
               "Assistance & réclamation", "Facturation & paiement", "Fidélité & fin de relation"]


def tagged_frame(dates=True):
    rows = TINY + EXTRA
    df = pd.DataFrame(rows, columns=TINY_COLUMNS)
    df.insert(0, "id", [f"V{i:03d}" for i in range(len(df))])
    if dates:
        df.insert(1, "date_reponse", [f"{1 + i % 28:02d}/03/2026" for i in range(len(df))])
    df["rupture"] = df["rupture"].map({True: "true", False: "false"})
    df["polarity_confidence"] = 0.9
    # One row without text: kept by `classify`, left out of the matrix and of the report.
    empty = {c: "" for c in df.columns} | {"id": "V999", "polarity_confidence": ""}
    return pd.concat([df, pd.DataFrame([empty])], ignore_index=True)


@pytest.fixture(scope="module")
def tagged_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("tagged") / "avis_tagged.csv"
    tagged_frame().to_csv(path, sep=";", index=False)
    return path


# --- the workbook ----------------------------------------------------------------------

def test_matrix_workbook_sheets_formats_and_numbers(tagged_csv, tmp_path):
    out = tmp_path / "m.xlsx"
    matrix = matrix_file(tagged_csv, load_journey(), output_path=out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["matrice", "volume", "irritant_share", "enchantement_share", "net_score",
                               "ruptures", "verbatims"]
    sheet = book["matrice"]
    assert sheet.freeze_panes == "B4" and sheet.column_dimensions["A"].width > 20
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["étape \\ canal", "Site web", "Appli mobile"] and sheet["B3"].font.b
    row = {sheet.cell(r, 1).value: r for r in range(4, 12)}
    cell = sheet.cell(row["Achat & souscription"], 2)
    assert cell.value == 3 and cell.fill.fgColor.rgb.endswith(net_colour(-1.0)[0][1:].upper())
    assert sheet.cell(row["Usage"], 4).value is None  # empty cell stays empty
    for measure, fmt in [("irritant_share", "0.0%"), ("enchantement_share", "0.0%"), ("volume", "0")]:
        s = book[measure]
        assert s.freeze_panes == "B2" and s["B1"].font.b and s.conditional_formatting
        assert s["C3"].number_format == fmt
    assert book["net_score"]["B3"].number_format.startswith("+0.00")
    shares = pd.read_excel(out, sheet_name="irritant_share", index_col=0)
    assert shares.loc["Achat & souscription", "Site web"] == pytest.approx(1.0)
    assert shares.loc["Total", "Total"] == pytest.approx(matrix.measure("irritant_share").at[TOTAL, TOTAL])
    rows = book["verbatims"]
    assert rows.max_row == 39 and rows["A1"].value == "id" and rows.freeze_panes == "A2"
    formula = [r for r in rows.iter_rows(values_only=True) if str(r[2]).startswith("=SOMME")]
    assert formula and rows.cell(1, 1).font.b


def test_workbook_notes_rows_beyond_the_limit(tmp_path):
    journey = load_journey()
    df = tagged_frame()
    workbook = MatrixWorkbook(tmp_path / "m.xlsx", max_rows=5)
    workbook.add_rows(df.iloc[:3])
    workbook.add_rows(df.iloc[3:])
    from verbatim2journey import TouchpointMatrix
    workbook.close(TouchpointMatrix.from_tagged(df, journey))
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert book["verbatims"].max_row == 6
    notes = [c.value for row in book["matrice"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Onglet verbatims tronqué : les 5 premières lignes sur 38, la limite d'une feuille Excel ; " \
           "le fichier classé les contient toutes." in notes
