import json
import re
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from verbatim2journey.cli import cli
from conftest import write_tiny_corpus

README = Path(__file__).resolve().parents[1] / "README.md"
EXPORT = "id;date;verbatim\n1;2026-01-02;Colis jamais arrivé, le suivi ne bouge plus\n2;2026-01-03;\n3;2026-01-04;J'ai appelé le SAV : 40 minutes d'attente\n"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, "utf-8")
    return path


def all_commands(group=cli, prefix="v2j"):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


@pytest.mark.parametrize("name,command", list(all_commands()))
def test_every_command_is_documented_with_an_example(name, command):
    assert "Example:" in command.help, f"{name} --help has no example"
    assert f"`{name}" in README.read_text("utf-8") or f"\n{name} " in README.read_text("utf-8"), \
        f"{name} is not documented in README.md"


def test_classify_keeps_rows_and_columns_and_adds_labels(runner, export, tiny_model_dir, tmp_path):
    out = tmp_path / "tagged.csv"
    result = runner.invoke(cli, ["classify", str(export), "-o", str(out), "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    assert re.search(r"3 rows classified from column 'verbatim' in [\d.]+ s \(\d+ rows/s\); 1 rows without "
                     r"text flagged in 'status'\. Written to .*tagged\.csv\.", result.output)
    assert "Touchpoint matrix: 2 verbatims" in result.output
    tagged = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False)
    assert tagged.columns.tolist()[:3] == ["id", "date", "verbatim"]
    assert tagged["id"].tolist() == ["1", "2", "3"]
    assert tagged["status"].tolist() == ["ok", "texte vide", "ok"]
    assert tagged.loc[1, "stage"] == ""
    assert set(tagged.loc[[0, 2], "rupture"]) <= {"true", "false"}


def test_classify_jsonl_and_matrix_file(runner, export, tiny_model_dir, tmp_path):
    out, mat = tmp_path / "tagged.jsonl", tmp_path / "m.csv"
    result = runner.invoke(cli, ["classify", str(export), "-o", str(out), "--model", str(tiny_model_dir),
                                 "--matrix", str(mat), "-q"])
    assert result.exit_code == 0 and result.stdout == ""
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert isinstance(rows[0]["channels"], list) and rows[1]["stage"] is None
    m = pd.read_csv(mat)
    assert m.loc[(m.stage == "Total") & (m.channel == "Total"), "volume"].item() == 2


def test_classify_stdin_to_stdout(runner, tiny_model_dir):
    result = runner.invoke(cli, ["classify", "-", "-o", "-", "--model", str(tiny_model_dir), "-q"], input=EXPORT)
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("id;date;verbatim;stage;") and len(lines) == 4


def test_classify_errors_are_one_line(runner, export, tiny_model_dir, tmp_path):
    result = runner.invoke(cli, ["classify", str(tmp_path / "nope.csv"), "-o", "x.csv", "--model", str(tiny_model_dir)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: [E001] File not found: {tmp_path / 'nope.csv'}. Check the path, or run `ls` in its folder."
    result = runner.invoke(cli, ["classify", str(export), "-o", str(tmp_path / "o.csv"), "--model", str(tiny_model_dir),
                                 "--text-column", "avis"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: [E004] Column 'avis' not found in {export}. Columns found: id, date, verbatim."
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["classify", str(export), "-o", str(tmp_path / "o.docx"), "--model", str(tiny_model_dir)])
    assert result.exit_code == 1 and "[E002] Unsupported file format '.docx'" in result.output


def test_train_evaluate_info_corpus_check(runner, tiny_corpus, tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus.csv", tiny_corpus)
    journey = Path(__file__).resolve().parents[1] / "src/verbatim2journey/data/default_journey.toml"
    # A blank pipeline keeps the test fast; `train` uses the real model by default.
    from verbatim2journey.training import train_from_corpus
    train_from_corpus(corpus, tmp_path / "m", journey_path=journey, params={"spacy_model": "blank:fr", "cv": 2, "min_df": 1})
    result = runner.invoke(cli, ["evaluate", str(corpus), "--model", str(tmp_path / "m"), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 8 and 0 <= metrics["stage"]["accuracy"] <= 1
    result = runner.invoke(cli, ["info", "--model", str(tmp_path / "m")])
    assert "Stages: decouverte (Découverte & recherche), achat" in result.output
    assert "Metrics, test split:" in result.output
    result = runner.invoke(cli, ["corpus", "check", str(corpus)])
    assert result.exit_code == 0
    assert result.output.startswith("32 verbatims, labels valid against the journey 'Parcours client par défaut'.")


def test_corpus_check_reports_bad_label(runner, tiny_corpus, tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus.csv", tiny_corpus)
    text = corpus.read_text("utf-8").replace(",usage,", ",utilisation,", 1)
    corpus.write_text(text, "utf-8")
    result = runner.invoke(cli, ["corpus", "check", str(corpus)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: [E007] Unknown stage 'utilisation' in {corpus}, row 14. Valid stages: "
                                     "decouverte, achat, livraison, usage, service_client, facturation, fidelite.")


def test_matrix_command(runner, tmp_path):
    tagged = tmp_path / "t.csv"
    tagged.write_text("text,stage,channels,polarity,rupture\na,livraison,site_web|telephone,irritant,false\n"
                      "b,usage,,enchantement,false\n", "utf-8")
    result = runner.invoke(cli, ["matrix", str(tagged)])
    assert result.exit_code == 0 and "Touchpoint matrix: 2 verbatims" in result.output
    result = runner.invoke(cli, ["matrix", str(tagged), "-o", str(tmp_path / "m.md"), "--framework", "caaarr"])
    assert result.output.strip() == f"Matrix of 2 verbatims written to {tmp_path / 'm.md'}."
    assert "| Adoption |" in (tmp_path / "m.md").read_text("utf-8")


def test_progress_display(tmp_path):
    import io
    from verbatim2journey.progress import Progress, estimate_rows
    stream = io.StringIO()
    progress = Progress(100, stream=stream, enabled=True)
    progress(100)
    progress.close()
    assert "100%" in stream.getvalue() and "100 rows" in stream.getvalue()
    silent = io.StringIO()
    Progress(100, stream=silent)(50)  # not a terminal: nothing printed
    assert silent.getvalue() == ""
    path = tmp_path / "a.csv"
    path.write_text("text\na\nb\nc\n", "utf-8")
    assert estimate_rows(path, "csv") == 3


def test_no_file_of_a_run_overwrites_another(runner, export, tiny_model_dir, tmp_path):
    result = runner.invoke(cli, ["classify", str(export), "-o", str(tmp_path / "t.csv"), "--model", str(tiny_model_dir),
                                 "--matrix", str(export)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: [E018] Output {export} has the same path as the input. Choose another output file."
    assert export.read_text("utf-8") == EXPORT
    result = runner.invoke(cli, ["classify", str(export), "-o", str(tmp_path / "t.csv"), "--model", str(tiny_model_dir),
                                 "--matrix", str(tmp_path / "m.txt")])
    assert result.exit_code == 1 and "[E002] Unsupported file format '.txt'" in result.output
    assert not (tmp_path / "t.csv").exists()


def test_classify_jobs_option(runner, export, tiny_model_dir, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"tagged_{jobs}.csv"
        result = runner.invoke(cli, ["classify", str(export), "-o", str(out), "--model", str(tiny_model_dir),
                                     "-q", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    result = runner.invoke(cli, ["classify", str(export), "-o", str(tmp_path / "o.csv"), "--jobs", "0"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1."
