"""The journey report (HTML), the matrix workbook (XLSX) and their agreement with the other renderings."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import TINY, TINY_COLUMNS
from verbatim2journey import load_journey
from verbatim2journey.cli import cli
from verbatim2journey.dates import DateRange
from verbatim2journey.matrix import TOTAL, matrix_file, net_colour
from verbatim2journey.report import MAX_THEME_TEXTS, RUPTURE_SAMPLE, ReportBuilder, moment_rule, report_file
from verbatim2journey.sampling import Reservoir
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


@pytest.fixture(scope="module")
def built(tagged_csv):
    """The report of the tagged file, written once for the module (spaCy runs once)."""
    out = tagged_csv.with_name("rapport.html")
    report = report_file(tagged_csv, out, load_journey())
    return report, out.read_text("utf-8")


class CellReader(HTMLParser):
    """The heatmap cells of a page: (row id, channel id) -> visible text."""

    def __init__(self):
        super().__init__()
        self.cells, self.current, self.ids = {}, None, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "td" and "data-row" in attrs:
            self.current = (attrs["data-row"], attrs["data-channel"])
            self.cells[self.current] = ""

    def handle_endtag(self, tag):
        if tag == "td":
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.cells[self.current] += data + " "


def heatmap_numbers(page):
    """(row, channel) -> (volume, net score) read from the visible text of the page's heatmap."""
    reader = CellReader()
    reader.feed(page)
    out = {}
    for key, text in reader.cells.items():
        parts = text.split()
        if parts == ["·"]:
            out[key] = (0, None)
        else:
            out[key] = (int(parts[0].replace("\u202f", "")), float(parts[1].replace("−", "-").replace(",", ".")))
    return out


# --- sampling and dates ---------------------------------------------------------------

def test_reservoir_is_bounded_reproducible_and_independent_of_batches():
    whole = Reservoir(10, seed=3)
    whole.extend(5000, lambda i: i)
    cut = Reservoir(10, seed=3)
    for start in range(0, 5000, 333):
        cut.extend(min(333, 5000 - start), lambda i, s=start: s + i)
    assert whole.items == cut.items and len(whole.items) == 10 and whole.seen == 5000
    assert len(set(whole.items)) == 10
    other = Reservoir(10, seed=4)
    other.extend(5000, lambda i: i)
    assert other.items != whole.items
    small = Reservoir(10, seed=3)
    small.extend(4, lambda i: i)
    assert small.items == [0, 1, 2, 3]


def test_date_column_is_found_by_name_and_values():
    chunk = pd.DataFrame({"id": ["20260301", "20260302"], "jour_ouvre": ["oui", "non"],
                          "cree_le": ["02/03/2026 10:00", "28/02/2026 09:30"], "date_x": ["", "n/a"]})
    found = DateRange()
    found.add(chunk)
    assert found.column == "cree_le"
    assert str(found.first.date()) == "2026-02-28" and str(found.last.date()) == "2026-03-02"
    none = DateRange()
    none.add(chunk[["id", "jour_ouvre"]])
    assert none.column is None and none.first is None


# --- the page --------------------------------------------------------------------------

@pytest.mark.model
def test_page_is_one_file_without_external_reference(built):
    _, page = built
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # The one "http" is the Content-Security-Policy that forbids the page any network access.
    assert page.lower().count("http") == 1 and "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" in page
    assert not re.search(r"\bsrc\s*=|<link\b|@import|url\(|<script\b", page, re.I)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") for h in hrefs)  # only links within the page


@pytest.mark.model
def test_page_escapes_verbatims(built):
    _, page = built
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Délai de livraison" in page


@pytest.mark.model
def test_page_holds_every_stage_the_heatmap_and_the_curve(built):
    report, page = built
    for name in STAGE_NAMES:
        assert page.count(html.escape(name)) >= 3, name  # heatmap, curve and themes
    reader = CellReader()
    reader.feed(page)
    assert {"heatmap", "satisfaction-curve", "moments-rule"} <= reader.ids
    assert "Courbe de satisfaction" in page and "Moments de vérité" in page and "Ruptures de canal" in page


@pytest.mark.model
def test_heatmap_numbers_are_the_matrix(built):
    report, page = built
    m = report.matrix
    cells = heatmap_numbers(page)
    assert len(cells) == len(m.rows) * len(m.columns)
    for (r, c), (volume, net) in cells.items():
        assert volume == m.volume.at[r, c]
        if volume:
            assert net == pytest.approx((m.enchantements.at[r, c] - m.irritants.at[r, c]) / volume, abs=0.005)
    assert cells[("livraison", "non précisé")] == (5, -0.2) and cells[(TOTAL, TOTAL)][0] == 37
    bg, _ = net_colour(-1.0)
    assert f'data-row="livraison" data-channel="sms" style="background:{bg}' in page


@pytest.mark.model
def test_moments_of_truth_rule_is_stated_and_applied(built):
    report, page = built
    assert "moment de vérité s&#x27;il réunit au moins 2\u202f% des verbatims classés" in page
    assert "classés par volume × |score net|" in moment_rule()
    ranked = [(mo.row, mo.channel) for mo in report.moments]
    # 3 irritants out of 3 verbatims; "livraison × non précisé" (5 verbatims) names no channel,
    # "service client × téléphone" (3) is not polarised enough (-0.33).
    assert ranked == [("achat", "site_web")]
    assert re.search(r'class="cell moment" data-row="achat" data-channel="site_web"', page)
    assert "<td>Achat &amp; souscription × Site web</td><td>irritant</td>" in page
    for mo in report.moments:
        assert mo.volume >= 3 and abs(mo.net) >= 0.5
    weights = [mo.volume * abs(mo.net) for mo in report.moments]
    assert weights == sorted(weights, reverse=True)


@pytest.mark.model
def test_themes_are_lemmatised_phrases_with_counts_and_examples(built):
    report, page = built
    themes = report.themes["livraison"]["irritant"]
    first = themes[0]
    assert first.label == "délai de livraison" and first.count == 3
    assert len(first.examples) == 3 and all("élai de livraison" in t for t in first.examples)
    assert "délai de livraison</span> <span class=\"count\">3 verbatims" in page


@pytest.mark.model
def test_a_pasted_verbatim_is_not_a_theme():
    from verbatim2journey.themes import group_themes
    pasted = ["Alerte travaux reçue par SMS, cars de substitution introuvables"] * 40
    varied = ["Délai de livraison dépassé", "Le délai de livraison n'est pas tenu", "Colis abîmé"]
    themes = group_themes({"a": pasted + varied, "b": ["Conseillère très aimable"]},
                          weight=lambda k, i: 0.5)["a"]
    assert [(t.label, t.count) for t in themes] == [("délai de livraison", 2)]
    assert themes[0].share == pytest.approx(2 / 4)  # four distinct texts
    assert len(set(themes[0].examples)) == len(themes[0].examples) == 2


@pytest.mark.model
def test_ruptures_totals_and_date_range(built):
    report, page = built
    assert report.matrix.ruptures.at[TOTAL, TOTAL] == 4
    assert report.rupture_pairs[0].count == 1 and report.rupture_pairs[0].examples
    assert "Téléphone ↔ Chat" in page and "Site web ↔ Courrier" in page
    assert report.date_column == "date_reponse"
    assert "du 1 mars 2026 au 28 mars 2026" in page
    assert "1 ligne sans date lisible" in page  # the row without text has no date either
    assert ">37</div><div class=\"label\">verbatims classés" in page
    assert ">3 (8\u202f%)</div><div class=\"label\">neutres" in page


@pytest.mark.model
def test_no_date_column_no_period(tmp_path):
    path = tmp_path / "t.csv"
    tagged_frame(dates=False).to_csv(path, index=False)
    report = report_file(path, tmp_path / "r.html", load_journey(), framework="4etapes", title="Été <2026>")
    page = (tmp_path / "r.html").read_text("utf-8")
    assert report.date_column is None and "période" not in page
    assert "aucune colonne de date reconnue" in page
    assert "<title>Été &lt;2026&gt;</title>" in page
    assert [name for _, name, _, _ in report.curve()] == ["recherche", "achat", "usage", "souvenir"]


def test_report_samples_are_bounded():
    journey = load_journey()
    builder = ReportBuilder(journey)
    assert builder.sample_size * len(builder.samples) <= MAX_THEME_TEXTS
    n = 5000
    chunk = pd.DataFrame({"text": [f"verbatim {i}" for i in range(n)], "stage": "usage", "channels": "chat",
                          "polarity": "irritant", "rupture": "true"})
    for _ in range(3):
        builder.add(chunk)
    reservoir = builder.samples[("usage", "irritant")]
    assert reservoir.seen == 3 * n and len(reservoir.items) == builder.sample_size
    assert len(builder.rupture_cells[("usage", "chat")].items) == RUPTURE_SAMPLE
    assert builder.pair_counts[("chat",)] == 3 * n


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


def test_matrix_command_writes_the_workbook_with_its_rows(tagged_csv, tmp_path):
    out = tmp_path / "m.xlsx"
    result = CliRunner().invoke(cli, ["matrix", str(tagged_csv), "-o", str(out)])
    assert result.output == f"Matrix of 37 verbatims written to {out}.\n"
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "matrice" and book.sheetnames[-1] == "verbatims"


def test_workbook_rows_survive_control_characters(tmp_path):
    tagged = tmp_path / "t.csv"
    tagged.write_text('text,stage,channels,polarity,rupture\n"appli\x0bplantée",usage,,irritant,false\n', "utf-8")
    matrix_file(tagged, load_journey(), output_path=tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert book["verbatims"]["A2"].value == "appli plantée"
    notes = [row[0] for row in book["matrice"].iter_rows(values_only=True) if row[0]]
    assert ("Onglet verbatims : 1 cellule avait des caractères de contrôle, qu'Excel ne peut pas stocker, "
            "remplacés par des espaces ; le fichier classé les garde.") in notes


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


# --- the same numbers everywhere ------------------------------------------------------

@pytest.mark.model
def test_html_xlsx_csv_and_terminal_agree(built, tagged_csv, tmp_path):
    report, page = built
    journey = load_journey()
    matrix_file(tagged_csv, journey, output_path=tmp_path / "m.csv")
    matrix_file(tagged_csv, journey, output_path=tmp_path / "m.xlsx")
    terminal = CliRunner().invoke(cli, ["matrix", str(tagged_csv)]).output

    csv = pd.read_csv(tmp_path / "m.csv")
    from_csv = {(r.stage, r.channel): (int(r.volume), None if pd.isna(r.net_score) else r.net_score)
                for r in csv.itertuples()}
    m = report.matrix
    names = dict(zip(m.rows, m.row_names)) | dict(zip(m.columns, m.column_names))
    volume = pd.read_excel(tmp_path / "m.xlsx", sheet_name="volume", index_col=0)
    net = pd.read_excel(tmp_path / "m.xlsx", sheet_name="net_score", index_col=0)
    from_xlsx = {(r, c): (int(volume.at[names[r], names[c]]),
                          None if pd.isna(net.at[names[r], names[c]]) else float(net.at[names[r], names[c]]))
                 for r in m.rows for c in m.columns}
    shown = [c for c in m.columns if from_csv[(TOTAL, c)][0] > 0]
    from_terminal = {}
    for r, name in zip(m.rows, m.row_names):
        line = next(line for line in terminal.splitlines() if line.startswith(name + " "))
        found = re.findall(r"(\d+) ([+-]\d\.\d\d)|·", line[len(name):])
        assert len(found) == len(shown)
        for c, (v, score) in zip(shown, found):
            from_terminal[(r, c)] = (int(v), float(score)) if v else (0, None)
    from_html = heatmap_numbers(page)

    assert set(from_csv) == set(from_xlsx) == set(from_html)
    for key, (v, score) in from_csv.items():
        others = [from_xlsx[key], from_html[key]] + ([from_terminal[key]] if key in from_terminal else [])
        for v2, score2 in others:
            assert v2 == v, key
            assert (score is None and score2 is None) or score2 == pytest.approx(score, abs=0.0051), key
    assert len(from_terminal) == len(m.rows) * len(shown)


# --- the command line ------------------------------------------------------------------

@pytest.mark.model
def test_report_command(tagged_csv, tmp_path, tiny_model_dir):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", str(tagged_csv), "-o", str(out), "--title", "Avis mars",
                                      "--date-column", "id", "--framework", "caaarr"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: [E023] Column 'id' of {tagged_csv} does not hold dates ('V000', row 1). Name a column of dates "
        "such as 2026-07-13 or 13/07/2026 with --date-column, or leave it out to detect one.")
    result = CliRunner().invoke(cli, ["report", str(tagged_csv), "-o", str(out), "--title", "Avis mars",
                                      "--framework", "caaarr", "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Report of 37 verbatims written to {out}.\n"
    page = out.read_text("utf-8")
    assert "<h1>Avis mars</h1>" in page and "Assimilation" in page
    assert "sha256 du modèle <code>" in page and "appris sur 32 verbatims" in page


def test_report_command_errors(tagged_csv, tmp_path):
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, ["report", *map(str, args)])
        assert "Traceback" not in result.output
        return result

    result = run(tagged_csv, "-o", tmp_path / "r.html", "--framework", "aarrr")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("Error: Invalid value for '--framework': 'aarrr' is not one of "
                                              "'default', 'caaarr', '4etapes'.")
    result = run(tagged_csv, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: [E002] Unsupported file format '.pdf' for {tmp_path / 'r.pdf'}. "
                                     "Use one of: .html, .htm.")
    result = run(tmp_path / "nope.csv", "-o", tmp_path / "r.html")
    assert result.output.strip() == (f"Error: [E001] File not found: {tmp_path / 'nope.csv'}. Check the path, "
                                     "or run `ls` in its folder.")
    raw = tmp_path / "export.csv"
    raw.write_text("id;verbatim\n1;Colis jamais arrivé\n", "utf-8")
    result = run(raw, "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: [E021] Column 'stage' is missing from {raw}, which is needed to "
                                     "build the matrix. Give a file written by `v2j classify`.")
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("id,stage,channels,polarity,rupture\n1,usage,,irritant,false\n", "utf-8")
    result = run(no_text, "-o", tmp_path / "r.html")
    assert result.output.strip() == (f"Error: [E003] No text column in {no_text}: none of text, verbatim, "
                                     "commentaire, comment found. Name it with --text-column; columns found: "
                                     "id, stage, channels, polarity, rupture.")
    result = run(tagged_csv, "-o", tmp_path / "r.html", "--date-column", "quand")
    assert result.output.strip().startswith(f"Error: [E004] Column 'quand' not found in {tagged_csv}. Columns found: "
                                            "id, date_reponse, text,")
    result = run(tagged_csv, "-o", tagged_csv.with_suffix(".html").with_name(tagged_csv.name))
    assert result.output.strip() == (f"Error: [E018] Output {tagged_csv} has the same path as the input. "
                                     "Choose another output file.")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.model
def test_classify_report_uses_the_same_pass(tiny_model_dir, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("id;date;verbatim\n1;2026-01-02;Colis jamais arrivé, le suivi ne bouge plus\n2;2026-01-03;\n"
                      "3;2026-01-04;J'ai appelé le SAV : 40 minutes d'attente\n", "utf-8")
    out, report, matrix = tmp_path / "t.csv", tmp_path / "r.html", tmp_path / "m.csv"
    result = CliRunner().invoke(cli, ["classify", str(export), "-o", str(out), "--model", str(tiny_model_dir),
                                      "--matrix", str(matrix), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert f"Matrix written to {matrix}.\nReport written to {report}.\n" in result.output
    page = report.read_text("utf-8")
    assert "du 2 janvier 2026 au 4 janvier 2026" in page and "sha256 du modèle" in page
    long = pd.read_csv(matrix)
    cells = heatmap_numbers(page)
    for r in long.itertuples():
        assert cells[(r.stage, r.channel)][0] == r.volume
    result = CliRunner().invoke(cli, ["classify", str(export), "-o", str(tmp_path / "t2.csv"), "--model",
                                      str(tiny_model_dir), "--report", str(tmp_path / "r.txt")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (f"Error: [E002] Unsupported file format '.txt' for "
                                              f"{tmp_path / 'r.txt'}. Use one of: .html, .htm.")
    assert not (tmp_path / "t2.csv").exists()


# --- in a real browser -----------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
@pytest.mark.model
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)")
def test_report_in_headless_chromium(built, tagged_csv, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[test]')")
    page_file = tagged_csv.with_name("rapport.html")
    problems, requests = [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.on("request", lambda req: requests.append(req.url))
            page.goto(page_file.as_uri(), wait_until="load")
            boxes = {i: page.locator(f"#{i}").bounding_box() for i in ("heatmap", "satisfaction-curve", "moments-rule")}
            cells = page.locator("#heatmap td.cell").count()
            points = page.locator("#satisfaction-curve circle").count()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            # A4 landscape less the page margins, at 96 dpi: the heatmap must fit across.
            page.set_viewport_size({"width": 1032, "height": 700})
            page.emulate_media(media="print")
            printed = page.locator("#heatmap").bounding_box()
            printed_width = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert problems == []
    assert requests == [page_file.as_uri()]  # nothing fetched but the page itself
    for element, box in boxes.items():
        assert box and box["width"] > 100 and box["height"] > 20, element
    assert boxes["heatmap"]["width"] <= 1366  # fits a laptop screen
    assert cells == 8 * 16 and points == 7
    assert printed and printed["width"] > 100 and printed_width <= 1032
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_report_inputs_take_the_models_journey_unless_a_journey_file_is_given(tiny_model_dir, tmp_path):
    from importlib import resources

    from verbatim2journey.report import report_inputs
    default = resources.files("verbatim2journey.data").joinpath("default_journey.toml").read_text("utf-8")
    custom = tmp_path / "mon_parcours.toml"
    custom.write_text(default.replace('name = "Parcours client par défaut"', 'name = "Mon parcours"', 1), "utf-8")

    model, journey = report_inputs()
    assert model is None and journey.name == "Parcours client par défaut"
    model, journey = report_inputs(tiny_model_dir)
    assert model["sha256"] and journey.name == "Parcours client par défaut"
    model, journey = report_inputs(tiny_model_dir, custom)
    assert model["sha256"] and journey.name == "Mon parcours"
    model, journey = report_inputs(None, custom)
    assert model is None and journey.name == "Mon parcours"
