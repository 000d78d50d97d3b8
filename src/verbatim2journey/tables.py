"""Read and write exports: CSV, XLSX, Parquet and JSON Lines, chosen by suffix.

Cells are read as text exactly as written (no "NA" turned into a missing value, no
leading zero lost), so that an output row is its input row plus the added columns.
CSV, JSON Lines and Parquet are read and written in chunks, so a file of millions of
rows never sits whole in memory; XLSX (at most about a million rows) is read whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import V2JError, one_of

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".parquet": "parquet",
           ".jsonl": "jsonl", ".ndjson": "jsonl"}
TEXT_COLUMN_CANDIDATES = ("text", "verbatim", "commentaire", "comment")
DELIMITERS = ",;\t"
STDIO = "-"
SNIFF_BYTES = 1 << 16
DEFAULT_CHUNK_ROWS = 20_000


def table_format(path, *, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in set(FORMATS.values()):
            raise V2JError("E017", value=fmt, name="--format",
                           reason=f"use one of {one_of(sorted(set(FORMATS.values())))}")
        return fmt
    if str(path) == STDIO:
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise V2JError("E002", suffix=suffix or "(none)", path=path, valid=one_of(FORMATS))
    return FORMATS[suffix]


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as such, else cp1252.

    Decoded block by block so that a large file is never held in memory.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            for block in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        f.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            for block in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(block)
        except UnicodeDecodeError:
            raise V2JError("E006", path=path, kind="CSV",
                           reason="its encoding is neither UTF-8 nor cp1252") from None
    return "cp1252"


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


class _Prefixed(io.RawIOBase):
    """A byte stream that replays `prefix` before the rest of `stream` (stdin can't seek)."""

    def __init__(self, prefix: bytes, stream):
        self._prefix, self._stream = prefix, stream

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n], self._prefix = self._prefix[:n], self._prefix[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class TableReader:
    """Chunks of a table as DataFrames of text cells; `meta` holds what writing back alike needs."""

    def __init__(self, path, *, fmt: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS):
        self.path = path
        # --format names the format of standard input; a file's format is its suffix.
        self.kind = table_format(path, fmt=fmt if str(path) == STDIO else None)
        self.chunk_rows = chunk_rows
        self.meta: dict = {}
        self.name = "standard input" if str(path) == STDIO else str(path)
        if str(path) == STDIO:
            if self.kind not in ("csv", "jsonl"):
                raise V2JError("E022", suffix=self.kind)
            raw = sys.stdin.buffer
            prefix = raw.read(SNIFF_BYTES)
            self._open = lambda: io.TextIOWrapper(io.BufferedReader(_Prefixed(prefix, raw)),
                                                  encoding="utf-8-sig", newline="")
            self._sample = prefix.decode("utf-8-sig", errors="ignore")
        else:
            path = Path(path)
            if not path.is_file():
                raise V2JError("E001", path=path)
            if self.kind in ("csv", "jsonl"):
                encoding = detect_encoding(path)
                self._open = lambda: open(path, encoding=encoding, newline="")
                with open(path, "rb") as f:
                    self._sample = f.read(SNIFF_BYTES).decode(encoding, errors="ignore")
        if self.kind == "csv":
            if not self._sample.strip():
                raise V2JError("E005", path=self.name)
            self.meta["delimiter"] = sniff_delimiter(self._sample)

    def chunks(self):
        produced = False
        for chunk in getattr(self, f"_{self.kind}_chunks")():
            if len(chunk):
                produced = True
                yield chunk
        if not produced:
            raise V2JError("E005", path=self.name)

    def _csv_chunks(self):
        delimiter = self.meta["delimiter"]
        with self._open() as f, warnings.catch_warnings():
            # A row longer than the header must be an error, not fields silently dropped.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            try:
                reader = pd.read_csv(f, sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                                     index_col=False, skip_blank_lines=False, chunksize=self.chunk_rows,
                                     engine="python" if delimiter == "\t" else "c")
                yield from reader
            except pd.errors.EmptyDataError:
                return
            except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
                reason = str(exc).splitlines()[0]
                if isinstance(exc, pd.errors.ParserWarning):
                    reason = f"a row has more fields than the header (delimiter {delimiter!r}; quote cells that contain it)"
                raise V2JError("E006", path=self.name, kind="CSV", reason=reason) from None

    def _jsonl_chunks(self):
        rows = []
        columns = None

        def frame(rows, first_line):
            nonlocal columns
            df = pd.DataFrame(rows)
            if columns is None:
                columns = list(df.columns)
            extra = [c for c in df.columns if c not in columns]
            if extra:
                raise V2JError("E006", path=self.name, kind="JSON Lines",
                               reason=f"key {extra[0]!r} first appears after line {first_line}, once the output "
                                      f"columns were fixed; give every line the same keys")
            return df.reindex(columns=columns)
        with self._open() as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise V2JError("E006", path=self.name, kind="JSON Lines", reason=f"line {n}: {exc.msg}") from None
                if not isinstance(row, dict):
                    raise V2JError("E006", path=self.name, kind="JSON Lines", reason=f"line {n} is not an object")
                rows.append(row)
                if len(rows) == self.chunk_rows:
                    yield frame(rows, n - len(rows))
                    rows = []
        if rows:
            yield frame(rows, n - len(rows))

    def _parquet_chunks(self):
        import pyarrow.parquet as pq
        try:
            parquet = pq.ParquetFile(self.path)
            for batch in parquet.iter_batches(batch_size=self.chunk_rows):
                yield batch.to_pandas()
        except Exception as exc:  # pyarrow raises many kinds on a bad file
            if isinstance(exc, V2JError):
                raise
            raise V2JError("E006", path=self.name, kind="Parquet", reason=str(exc).splitlines()[0]) from None

    def _xlsx_chunks(self):
        try:
            df = pd.read_excel(self.path, dtype=str, keep_default_na=False, na_filter=False)
        except Exception as exc:  # openpyxl raises many kinds on a bad file
            raise V2JError("E006", path=self.name, kind="XLSX", reason=str(exc).splitlines()[0]) from None
        yield df


def read_table(path, *, fmt: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Read a whole table (corpora, tagged files); returns it and its `meta`."""
    reader = TableReader(path, fmt=fmt)
    return pd.concat(list(reader.chunks()), ignore_index=True), reader.meta


def find_text_column(df: pd.DataFrame, path, column: str | None = None) -> str:
    columns = [str(c) for c in df.columns]
    if column is not None:
        if column not in columns:
            raise V2JError("E004", column=column, path=path, columns=one_of(columns))
        return column
    lowered = {c.strip().lower(): c for c in columns}
    for candidate in TEXT_COLUMN_CANDIDATES:
        if candidate in lowered:
            return lowered[candidate]
    raise V2JError("E003", path=path, candidates=one_of(TEXT_COLUMN_CANDIDATES), columns=one_of(columns))


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become `a|b`, booleans `true`/`false`: the CSV and XLSX spelling."""
    df = df.copy()
    for col in df.columns:
        values = df[col]
        # Only a column of Python objects can hold lists (text columns have a string dtype).
        if values.dtype == object and values.map(lambda v: isinstance(v, list)).any():
            df[col] = values.map(lambda v: "|".join(v) if isinstance(v, list) else v)
        elif str(values.dtype) in ("bool", "boolean"):
            missing = values.isna().to_numpy()
            spelled = np.where(values.fillna(False).to_numpy(dtype=bool), "true", "false").astype(object)
            spelled[missing] = ""
            df[col] = spelled
    return df


class TableWriter:
    """Append chunks to one output table; `close()` (or leaving `with`) finishes the file.

    A file is written under a temporary name and renamed when complete, so that a run
    that fails half-way leaves no output that looks whole.
    """

    def __init__(self, path, *, fmt: str | None = None, delimiter: str = ","):
        self.path = path
        self.to_stdout = str(path) == STDIO
        self.kind = table_format(path, fmt=fmt if self.to_stdout else None)
        if self.to_stdout and self.kind not in ("csv", "jsonl"):
            raise V2JError("E022", suffix=self.kind)
        if not self.to_stdout:
            check_output_path(path)
            self._partial = Path(path).with_name(f".{Path(path).name}.partial")
        self.delimiter = "\t" if not self.to_stdout and Path(path).suffix.lower() == ".tsv" else delimiter
        self._file = None
        self._parquet = None
        self._xlsx_parts: list[pd.DataFrame] = []
        self._rows = 0
        self._first = True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        self.close(complete=exc_type is None)

    def _stream(self):
        if self._file is None:
            self._file = sys.stdout if self.to_stdout else open(self._partial, "w", encoding="utf-8", newline="")
        return self._file

    def write(self, df: pd.DataFrame) -> None:
        if self.kind == "csv":
            _flat(df).to_csv(self._stream(), sep=self.delimiter, index=False, header=self._first, lineterminator="\n")
        elif self.kind == "jsonl":
            text = df.to_json(orient="records", lines=True, force_ascii=False, double_precision=15)
            self._stream().write(text if text.endswith("\n") else text + "\n")
        elif self.kind == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq
            if self._parquet is None:
                schema = _parquet_schema(pa.Table.from_pandas(df, preserve_index=False).schema)
                self._parquet = pq.ParquetWriter(self._partial, schema)
            table = pa.Table.from_pandas(df, schema=self._parquet.schema, preserve_index=False)
            self._parquet.write_table(table)
        else:
            part = _flat(df)
            _check_excel_text(part, first_row=self._rows + 1)
            self._xlsx_parts.append(part)
        self._first = False
        self._rows += len(df)

    def close(self, *, complete: bool = True) -> None:
        if self.kind == "xlsx" and self._xlsx_parts and complete:
            _write_xlsx(pd.concat(self._xlsx_parts, ignore_index=True), self._partial)
        if self._parquet is not None:
            self._parquet.close()
        if self._file is not None:
            self._file.flush()
            if not self.to_stdout:
                self._file.close()
        if not self.to_stdout and self._partial.exists():
            if complete:
                os.replace(self._partial, self.path)
            else:
                self._partial.unlink()


def check_output_path(path) -> None:
    """An output must go to an existing folder and must not be a folder itself."""
    path = Path(path)
    if path.is_dir():
        raise V2JError("E017", value=str(path), name="output", reason="it is a folder; give a file name")
    if not path.parent.is_dir():
        raise V2JError("E017", value=str(path), name="output",
                       reason=f"its folder {path.parent} does not exist; create it first")


def _parquet_schema(schema):
    """Columns empty in the first chunk get a text type instead of `null`, which no later
    value could fill; the label columns get their own types whatever the first chunk holds."""
    import pyarrow as pa
    known = {"stage": pa.string(), "polarity": pa.string(), "status": pa.string(),
             "channels": pa.list_(pa.string()), "rupture": pa.bool_(),
             "stage_confidence": pa.float64(), "channels_confidence": pa.float64(),
             "polarity_confidence": pa.float64(), "rupture_confidence": pa.float64()}
    fields = []
    for field in schema:
        if field.name in known:
            field = field.with_type(known[field.name])
        elif pa.types.is_null(field.type):
            field = field.with_type(pa.string())
        fields.append(field)
    return pa.schema(fields)


def _check_excel_text(df: pd.DataFrame, *, first_row: int) -> None:
    """Excel files cannot hold control characters; say which row has one rather than
    dropping or changing it."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    for column in df.columns:
        values = df[column]
        if values.dtype == bool or pd.api.types.is_numeric_dtype(values):
            continue
        hit = values.map(lambda v: isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v) is not None).to_numpy()
        if hit.any():
            k = int(hit.argmax())
            char = ILLEGAL_CHARACTERS_RE.search(values.iloc[k]).group()
            raise V2JError("E024", row=first_row + k, column=str(column), char=repr(char))


def _write_xlsx(df: pd.DataFrame, path) -> None:
    """Write a sheet where every text stays text: a verbatim starting with "=" must not
    become a formula (it would change the text and could run in the analyst's Excel)."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(c) for c in df.columns])
    for row in df.itertuples(index=False):
        sheet.append(xlsx_row(sheet, row))
    book.save(path)


def xlsx_row(sheet, values) -> list:
    """Write-only cells holding `values`; a text starting with "=" stays text, not a formula."""
    from openpyxl.cell import WriteOnlyCell
    cells = []
    for value in values:
        if value is None or (isinstance(value, float) and value != value):
            value = None
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def write_table(df: pd.DataFrame, path, *, fmt: str | None = None, delimiter: str = ",") -> None:
    with TableWriter(path, fmt=fmt, delimiter=delimiter) as writer:
        writer.write(df)
