"""One numbered catalogue of the errors verbatim2journey raises.

Every message names the bad value and says how to fix it, in one line, so that the CLI
can print it as it is. Numbers never change meaning; add new ones at the end.
"""

from __future__ import annotations


class Errors:
    E001 = "File not found: {path}. Check the path, or run `ls` in its folder."
    E002 = ("Unsupported file format {suffix!r} for {path}. Use one of: {valid}.")
    E003 = ("No text column in {path}: none of {candidates} found. Name it with "
            "--text-column; columns found: {columns}.")
    E004 = "Column {column!r} not found in {path}. Columns found: {columns}."
    E005 = "{path} holds no rows. Give a file with a header row and at least one verbatim."
    E006 = "Could not read {path} as {kind}: {reason}. Check that the file is a valid {kind}."
    E007 = ("Unknown {field} {value!r} in {where}. Valid {field}s: {valid}.")
    E008 = "Missing field(s) {fields} in {path}. A labelled corpus needs: {required}."
    E009 = ("Invalid rupture value {value!r} in {where}. Use true or false.")
    E010 = ("Invalid journey file {path}: {reason}.")
    E011 = ("Model folder {path} has no manifest.json. Give a folder written by "
            "`v2j train` or `JourneyClassifier.save()`.")
    E012 = ("Model file {file} in {path} does not match its manifest (sha256 {actual} != "
            "{expected}). The folder was modified; retrain or restore it.")
    E013 = ("Model folder {path} was saved by {what} {saved}, this is {current}. "
            "Retrain the model with `v2j train`, or install {what} {saved}.")
    E014 = ("This JourneyClassifier is not fitted yet. Call fit() or load a model with "
            "load_model() before {method}().")
    E015 = ("Cannot train on {n} labelled rows: each {head} class needs at least {min_count} "
            "examples; too few for {classes}. Label more examples or drop these classes.")
    E016 = ("No default model is installed at {path}. Train it with `make model` or give "
            "--model DIR.")
    E017 = ("Invalid value {value!r} for {name}: {reason}.")
    E018 = ("Output {path} has the same path as the input. Choose another output file.")
    E019 = ("The spaCy model {name!r} is not installed. Install it with "
            "`pip install {package}` (it is a dependency of verbatim2journey).")
    E020 = ("Unknown framework {value!r}. Valid frameworks: {valid}.")
    E021 = ("Column {column!r} is missing from {path}, which is needed to build the matrix. "
            "Give a file written by `v2j classify`.")
    E022 = ("Cannot read from standard input as {suffix!r}. Standard input is read as CSV or "
            "JSON Lines: use --format csv or --format jsonl.")
    E023 = ("Column {column!r} of {path} does not hold dates ({value!r}, row {row}). Name a column "
            "of dates such as 2026-07-13 or 13/07/2026 with --date-column, or leave it out to detect one.")
    E024 = ("Row {row} of column {column!r} holds a control character ({char}) that an Excel "
            "file cannot store. Write the output as .csv, .jsonl or .parquet, or remove the character.")


class V2JError(Exception):
    """An error the user can fix; its message is one line that says how."""

    def __init__(self, code: str, **fields):
        self.code = code
        self.fields = fields
        template = getattr(Errors, code)
        super().__init__(f"[{code}] " + template.format(**fields))

    def __reduce__(self):
        # Rebuilt from its code and fields, so that an error raised in a worker process
        # reaches the parent as the same one-line error.
        return (_rebuild, (type(self), self.code, self.fields))


def _rebuild(cls, code, fields):
    return cls(code, **fields)


def one_of(values) -> str:
    """Render a list of valid values the way the catalogue lists them."""
    return ", ".join(str(v) for v in values)
