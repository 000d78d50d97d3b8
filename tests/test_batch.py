"""Classifying files: worker processes change nothing but the speed."""

import pandas as pd
import pytest

from verbatim2journey import V2JError, batch
from verbatim2journey.batch import classify_file

TEXTS = ["Colis jamais arrivé, le suivi ne bouge plus", "", "J'ai appelé le SAV : 40 minutes d'attente",
         "Impossible de résilier en ligne, il faut envoyer un recommandé", "RAS", None,
         "Livré en 24h, pas de souci", "Le chat me renvoie vers le téléphone", "prélèvement en double !!",
         "Client depuis dix ans, rien à redire", "l'appli plante"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_worker_processes_give_the_same_file(tiny_model, tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(batch, "WORKER_BATCH", 2)
    src = tmp_path / f"export{suffix}"
    frame = pd.DataFrame({"id": [str(i) for i in range(len(TEXTS))], "text": TEXTS})
    if suffix == ".csv":
        frame.fillna("").to_csv(src, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(src)
    else:
        frame.to_json(src, orient="records", lines=True, force_ascii=False)
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    r1 = classify_file(src, one, tiny_model, chunk_rows=4, jobs=1)
    r2 = classify_file(src, two, tiny_model, chunk_rows=4, jobs=2)
    assert one.read_bytes() == two.read_bytes()
    assert (r1.n_rows, r1.n_flagged) == (r2.n_rows, r2.n_flagged) == (len(TEXTS), 2)
    assert r1.matrix.volume.equals(r2.matrix.volume)


def test_jobs_must_be_a_positive_integer(tiny_model, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text("text\nbonjour\n", "utf-8")
    with pytest.raises(V2JError) as error:
        classify_file(src, tmp_path / "out.csv", tiny_model, jobs=0)
    assert str(error.value) == "[E017] Invalid value 0 for jobs: must be an integer >= 1."


def test_default_jobs_is_between_one_and_four():
    assert 1 <= batch.default_jobs() <= 4


def test_an_error_in_a_worker_reaches_the_caller_as_itself(tiny_model, tmp_path, monkeypatch):
    import pickle
    error = V2JError("E017", value=5, name="min_confidence", reason="must be between 0 and 1")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)
    monkeypatch.setattr(batch, "WORKER_BATCH", 2)
    src = tmp_path / "export.csv"
    pd.DataFrame({"text": [t or "x" for t in TEXTS]}).to_csv(src, index=False)
    with pytest.raises(V2JError) as raised:
        classify_file(src, tmp_path / "out.csv", tiny_model, jobs=2, min_confidence=5)
    assert str(raised.value) == "[E017] Invalid value 5 for min_confidence: must be between 0 and 1."
    assert not (tmp_path / "out.csv").exists()
