"""The corpus functions, then the shipped corpus itself against its datasheet's promises."""

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from verbatim2journey import V2JError, load_journey
from verbatim2journey.corpus import check_report, near_duplicates, read_corpus

SHIPPED = Path(__file__).resolve().parents[1] / "corpora" / "verbatims.jsonl"


def test_near_duplicates_finds_reworded_copies_only():
    texts = ["Le colis est arrivé avec trois jours de retard et le carton était abîmé",
             "Le colis est arrivé avec trois jours de retard et le carton était abîmé !",
             "Le conseiller a été très aimable et a réglé mon problème en dix minutes",
             "RAS", "ras", "top"]
    assert [(a, b) for a, b, _ in near_duplicates(texts)] == [(0, 1), (3, 4)]


def test_read_corpus_rejects_bad_rows(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,stage,channels,polarity,rupture\nbonjour,usage,,neutre,peut-être\n", "utf-8")
    with pytest.raises(V2JError) as err:
        read_corpus(path, load_journey())
    assert str(err.value) == f"[E009] Invalid rupture value 'peut-être' in {path}, row 2. Use true or false."
    path.write_text("text,stage,polarity\nbonjour,usage,neutre\n", "utf-8")
    with pytest.raises(V2JError, match=r"\[E008\] Missing field\(s\) channels, rupture"):
        read_corpus(path, load_journey())
    path.write_text("text,stage,channels,polarity,rupture\nbonjour,usage,fax,neutre,false\n", "utf-8")
    with pytest.raises(V2JError, match=r"\[E007\] Unknown channel 'fax' in .*, row 2. Valid channels: site_web, "):
        read_corpus(path, load_journey())


@pytest.fixture(scope="module")
def shipped():
    journey = load_journey()
    return read_corpus(SHIPPED, journey), journey


def test_shipped_corpus_size_and_coverage(shipped):
    df, journey = shipped
    assert len(df) >= 4000
    assert df["id"].is_unique
    stages = df["stage"].value_counts()
    assert all(stages.get(s, 0) >= 350 for s in journey.stage_ids), stages.to_dict()
    channels = Counter(c for chans in df["channels"] for c in chans)
    assert all(channels.get(c, 0) >= 60 for c in journey.channel_ids), channels
    n_channels = df["channels"].map(len)
    assert (n_channels == 0).mean() >= 0.25
    assert (n_channels >= 2).mean() >= 0.20
    assert df["rupture"].sum() >= 300
    assert set(df["sector"]) >= {"banque", "assurance", "telecom", "ecommerce", "distribution",
                                 "transport", "energie", "tourisme"}
    assert set(df["source"]) == {"reclamation", "avis", "reseau_social", "enquete", "chat", "email"}
    assert df["source"].value_counts().min() >= 300
    main_sectors = df.loc[df["sector"] != "other", "sector"].value_counts()
    assert main_sectors.min() >= 300, main_sectors.to_dict()


def test_shipped_corpus_polarity_mix(shipped):
    shares = shipped[0]["polarity"].value_counts(normalize=True)
    assert 0.45 <= shares["irritant"] <= 0.55
    assert 0.30 <= shares["enchantement"] <= 0.40
    assert 0.10 <= shares["neutre"] <= 0.20


def test_shipped_corpus_lengths_are_varied(shipped):
    words = shipped[0]["text"].str.split().map(len)
    assert (words <= 3).sum() >= 150 and (words >= 80).sum() >= 150


def test_shipped_corpus_has_few_near_duplicates(shipped):
    df, journey = shipped
    _, counts = check_report(df, journey)
    assert counts["near_duplicate_share"] <= 0.01


def test_shipped_split_is_stratified_80_20(shipped):
    df = shipped[0]
    assert set(df["split"]) == {"train", "test"}
    share = (df["split"] == "test").mean()
    assert 0.18 <= share <= 0.22
    by_stage = df.groupby("stage")["split"].apply(lambda s: (s == "test").mean())
    assert by_stage.between(0.15, 0.25).all(), by_stage.to_dict()
