"""Read and write exports: CSV, XLSX, Parquet and JSON Lines, chosen by suffix.

Cells are read as text exactly as written (no "NA" turned into a missing value, no
leading zero lost), so that an output row is its input row plus the added columns.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pandas as pd

from .errors import V2JError, one_of

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".parquet": "parquet",
           ".jsonl": "jsonl", ".ndjson": "jsonl"}
TEXT_COLUMN_CANDIDATES = ("text", "verbatim", "commentaire", "comment")
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = ",;\t"
STDIO = "-"


def table_format(path, *, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in set(FORMATS.values()):
            raise V2JError("E017", value=fmt, name="--format", reason=f"use one of {one_of(sorted(set(FORMATS.values())))}")
        return fmt
    if str(path) == STDIO:
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise V2JError("E002", suffix=suffix or "(none)", path=path, valid=one_of(FORMATS))
    return FORMATS[suffix]


def _decode(raw: bytes, path) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise V2JError("E006", path=path, kind="CSV", reason="its encoding is neither UTF-8 nor cp1252")


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def _read_csv_text(text: str, path) -> tuple[pd.DataFrame, str]:
    if not text.strip():
        raise V2JError("E005", path=path)
    delimiter = sniff_delimiter(text[:65536])
    try:
        df = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                         na_filter=False, engine="python" if delimiter == "\t" else "c")
    except (pd.errors.ParserError, ValueError) as exc:
        raise V2JError("E006", path=path, kind="CSV", reason=str(exc).splitlines()[0]) from None
    return df, delimiter


def read_table(path, *, fmt: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Read a whole table; returns it and what is needed to write it back alike."""
    kind = table_format(path, fmt=fmt)
    if str(path) == STDIO:
        raw = sys.stdin.buffer.read()
        if kind == "csv":
            df, delim = _read_csv_text(_decode(raw, "standard input"), "standard input")
            return df, {"delimiter": delim}
        if kind == "jsonl":
            return _read_jsonl(_decode(raw, "standard input"), "standard input"), {}
        raise V2JError("E022", suffix=kind)
    path = Path(path)
    if not path.is_file():
        raise V2JError("E001", path=path)
    if kind == "csv":
        df, delim = _read_csv_text(_decode(path.read_bytes(), path), path)
        meta = {"delimiter": delim}
    elif kind == "jsonl":
        df, meta = _read_jsonl(_decode(path.read_bytes(), path), path), {}
    elif kind == "xlsx":
        try:
            df = pd.read_excel(path, dtype=str, keep_default_na=False, na_filter=False)
        except Exception as exc:  # openpyxl raises many kinds on a bad file
            raise V2JError("E006", path=path, kind="XLSX", reason=str(exc).splitlines()[0]) from None
        meta = {}
    else:
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many kinds on a bad file
            raise V2JError("E006", path=path, kind="Parquet", reason=str(exc).splitlines()[0]) from None
        meta = {}
    if len(df) == 0:
        raise V2JError("E005", path=path)
    return df, meta


def _read_jsonl(text: str, path) -> pd.DataFrame:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise V2JError("E006", path=path, kind="JSON Lines", reason=f"line {n}: {exc.msg}") from None
        if not isinstance(row, dict):
            raise V2JError("E006", path=path, kind="JSON Lines", reason=f"line {n} is not an object")
        rows.append(row)
    if not rows:
        raise V2JError("E005", path=path)
    return pd.DataFrame(rows)


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
        if values.map(lambda v: isinstance(v, list)).any():
            df[col] = values.map(lambda v: "|".join(v) if isinstance(v, list) else v)
        elif str(values.dtype) in ("bool", "boolean"):
            df[col] = values.map(lambda v: "" if v is pd.NA else ("true" if v else "false")).astype(object)
    return df


def write_table(df: pd.DataFrame, path, *, fmt: str | None = None, delimiter: str = ",") -> None:
    kind = table_format(path, fmt=fmt)
    if str(path) == STDIO:
        if kind == "csv":
            _flat(df).to_csv(sys.stdout, sep=delimiter, index=False, lineterminator="\n")
        elif kind == "jsonl":
            sys.stdout.write(df.to_json(orient="records", lines=True, force_ascii=False))
        else:
            raise V2JError("E022", suffix=kind)
        sys.stdout.flush()
        return
    path = Path(path)
    if kind == "csv":
        if path.suffix.lower() == ".tsv":
            delimiter = "\t"
        _flat(df).to_csv(path, sep=delimiter, index=False, encoding="utf-8", lineterminator="\n")
    elif kind == "xlsx":
        _flat(df).to_excel(path, index=False)
    elif kind == "parquet":
        df.to_parquet(path, index=False)
    else:
        path.write_text(df.to_json(orient="records", lines=True, force_ascii=False), "utf-8")
