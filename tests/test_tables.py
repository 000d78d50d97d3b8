import pandas as pd
import pytest

from verbatim2journey import V2JError
from verbatim2journey.tables import find_text_column, read_table, write_table

ROWS = pd.DataFrame({"id": ["001", "002"], "verbatim": ["Très déçu; vraiment", "NA"], "note": ["1", ""]})


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_delimiters_and_encodings_read_exactly(tmp_path, delimiter, encoding):
    path = tmp_path / "in.csv"
    ROWS.to_csv(path, sep=delimiter, index=False, encoding=encoding)
    df, meta = read_table(path)
    pd.testing.assert_frame_equal(df, ROWS)
    assert meta["delimiter"] == delimiter


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".jsonl"])
def test_write_then_read_each_format(tmp_path, suffix):
    df = ROWS.assign(channels=[["site_web", "email"], []], rupture=pd.array([True, pd.NA], dtype="boolean"))
    path = tmp_path / f"out{suffix}"
    write_table(df, path)
    back, _ = read_table(path)
    assert back["id"].tolist() == ["001", "002"]
    assert back["verbatim"].tolist() == ["Très déçu; vraiment", "NA"]
    if suffix in (".csv", ".xlsx"):
        assert back["channels"].tolist() == ["site_web|email", ""]
        assert back["rupture"].tolist() == ["true", ""]
    else:
        assert list(back["channels"].iloc[0]) == ["site_web", "email"]


def test_errors(tmp_path):
    with pytest.raises(V2JError, match=r"\[E001\] File not found"):
        read_table(tmp_path / "nope.csv")
    (tmp_path / "a.docx").write_text("x")
    with pytest.raises(V2JError, match=r"\[E002\] Unsupported file format '.docx'"):
        read_table(tmp_path / "a.docx")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(V2JError, match=r"\[E005\]"):
        read_table(tmp_path / "empty.csv")
    (tmp_path / "header.csv").write_text("text\n")
    with pytest.raises(V2JError, match=r"\[E005\]"):
        read_table(tmp_path / "header.csv")
    (tmp_path / "bad.jsonl").write_text('{"text": "a"}\n{oops\n')
    with pytest.raises(V2JError, match=r"\[E006\] Could not read .* as JSON Lines: line 2"):
        read_table(tmp_path / "bad.jsonl")


def test_text_column_detection():
    assert find_text_column(pd.DataFrame(columns=["id", "Commentaire"]), "f.csv") == "Commentaire"
    with pytest.raises(V2JError) as err:
        find_text_column(pd.DataFrame(columns=["id", "avis"]), "f.csv")
    assert str(err.value) == ("[E003] No text column in f.csv: none of text, verbatim, commentaire, comment "
                              "found. Name it with --text-column; columns found: id, avis.")


def test_rows_longer_than_the_header_are_an_error_not_a_loss(tmp_path):
    path = tmp_path / "shift.csv"
    path.write_text("id,verbatim\n1,Bonjour, le site plante\n", "utf-8")
    with pytest.raises(V2JError) as err:
        read_table(path)
    assert str(err.value) == (f"[E006] Could not read {path} as CSV: a row has more fields than the header "
                              "(delimiter ','; quote cells that contain it). Check that the file is a valid CSV.")


def test_blank_lines_are_rows(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("verbatim\nColis perdu\n\nAppli qui plante\n", "utf-8")
    assert read_table(path)[0]["verbatim"].tolist() == ["Colis perdu", "", "Appli qui plante"]


def test_jsonl_keys_appearing_late_are_an_error(tmp_path):
    from verbatim2journey.tables import TableReader
    path = tmp_path / "k.jsonl"
    path.write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c", "canal": "web"}\n', "utf-8")
    with pytest.raises(V2JError, match="key 'canal' first appears after line 2"):
        list(TableReader(path, chunk_rows=2).chunks())


def test_xlsx_text_starting_with_equals_stays_text(tmp_path):
    import openpyxl
    write_table(pd.DataFrame({"verbatim": ["=1+1 appli nulle", "ok"]}), tmp_path / "f.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "f.xlsx").active["A2"]
    assert (cell.value, cell.data_type) == ("=1+1 appli nulle", "s")


def test_failed_write_leaves_no_output(tmp_path):
    from verbatim2journey.tables import TableWriter
    out = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with TableWriter(out) as writer:
            writer.write(ROWS)
            raise RuntimeError("stopped half-way")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(V2JError, match="its folder .*nodir does not exist; create it first"):
        TableWriter(tmp_path / "nodir" / "out.csv")


def test_parquet_column_empty_in_the_first_chunk(tmp_path):
    from verbatim2journey.tables import TableWriter
    with TableWriter(tmp_path / "o.parquet") as writer:
        writer.write(pd.DataFrame({"note": [None, None], "stage": [None, None]}))
        writer.write(pd.DataFrame({"note": ["vu"], "stage": ["usage"]}))
    back = pd.read_parquet(tmp_path / "o.parquet")
    assert back["note"].isna().tolist() == [True, True, False] and back["note"].iloc[2] == "vu"


def test_xlsx_output_refuses_control_characters_with_their_row(tmp_path):
    from verbatim2journey.tables import TableWriter
    out = tmp_path / "out.xlsx"
    with pytest.raises(V2JError) as error:
        with TableWriter(out) as writer:
            writer.write(pd.DataFrame({"id": ["1", "2"], "text": ["bon", "ok"]}))
            writer.write(pd.DataFrame({"id": ["3"], "text": ["a\x0bb"]}))
    assert str(error.value) == ("[E024] Row 3 of column 'text' holds a control character ('\\x0b') that an "
                                "Excel file cannot store. Write the output as .csv, .jsonl or .parquet, "
                                "or remove the character.")
    assert list(tmp_path.iterdir()) == []
