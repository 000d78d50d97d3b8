import pandas as pd
import pytest

from verbatim2journey import TouchpointMatrix, V2JError, load_journey

TAGGED = pd.DataFrame({
    "stage": ["livraison", "livraison", "service_client", "fidelite", None],
    "channels": [["site_web", "telephone"], [], ["telephone"], "courrier|site_web", []],
    "polarity": ["irritant", "enchantement", "irritant", "irritant", None],
    "rupture": [False, False, True, "true", None],
})


@pytest.fixture
def matrix():
    return TouchpointMatrix.from_tagged(TAGGED, load_journey())


def test_counts_per_cell_and_totals(matrix):
    v = matrix.volume
    assert v.at["livraison", "site_web"] == 1 and v.at["livraison", "telephone"] == 1
    assert v.at["livraison", "non précisé"] == 1
    assert v.at["livraison", "Total"] == 2          # each verbatim once per stage
    assert v.at["Total", "telephone"] == 2
    assert v.at["Total", "Total"] == 4
    assert matrix.n_skipped == 1
    assert matrix.ruptures.at["Total", "Total"] == 2
    net = matrix.measure("net_score")
    assert net.at["livraison", "Total"] == 0.0
    assert net.at["service_client", "telephone"] == -1.0
    assert pd.isna(net.at["usage", "site_web"])


def test_renderings_agree(matrix, tmp_path):
    long = matrix.long_table()
    cell = long[(long.stage == "livraison") & (long.channel == "telephone")].iloc[0]
    assert cell.volume == 1 and cell.irritant_share == 1.0
    assert "| Livraison & mise en service |" in matrix.to_markdown()
    matrix.write(tmp_path / "m.xlsx")
    book = pd.read_excel(tmp_path / "m.xlsx", sheet_name=None, index_col=0)
    assert list(book) == ["matrice", "volume", "irritant_share", "enchantement_share", "net_score", "ruptures"]
    assert book["volume"].loc["Livraison & mise en service", "Téléphone"] == 1
    text = matrix.to_text()
    assert "Livraison & mise en service" in text and "1 rows without labels left out" in text
    assert "no verbatim names appli_mobile" in text


def test_frameworks_merge_rows():
    m = TouchpointMatrix.from_tagged(TAGGED, load_journey(), framework="4etapes")
    assert m.rows == ["recherche", "achat", "usage", "souvenir", "Total"]
    assert m.volume.at["achat", "Total"] == 2 and m.volume.at["usage", "Total"] == 1


def test_unknown_labels_are_errors():
    bad = TAGGED.assign(stage=["livraison", "nope", "usage", "usage", None])
    with pytest.raises(V2JError, match=r"\[E007\] Unknown stage 'nope'"):
        TouchpointMatrix.from_tagged(bad, load_journey())
    with pytest.raises(V2JError, match=r"\[E021\] Column 'stage' is missing"):
        TouchpointMatrix.from_tagged(TAGGED.drop(columns="stage"), load_journey())


def test_uncertain_stage_is_left_out_and_counted():
    tagged = TAGGED.assign(stage=["livraison", "incertain", "usage", "usage", None],
                           polarity=["incertain", "irritant", "irritant", "irritant", None])
    m = TouchpointMatrix.from_tagged(tagged, load_journey())
    assert m.n_tagged == 3 and m.n_uncertain_stage == 1 and m.n_skipped == 1
    assert m.volume.at["livraison", "Total"] == 1 and m.irritants.at["livraison", "Total"] == 0
    assert "1 rows with an uncertain stage left out" in m.to_text()


def test_custom_polarity_ids_use_their_roles(tmp_path):
    import re
    from pathlib import Path
    toml = (Path(__file__).resolve().parents[1] / "src/verbatim2journey/data/default_journey.toml").read_text("utf-8")
    toml = re.sub(r'id = "irritant"', 'id = "negatif"', toml)
    toml = re.sub(r'id = "enchantement"', 'id = "positif"', toml)
    (tmp_path / "j.toml").write_text(toml, "utf-8")
    tagged = TAGGED.assign(polarity=["negatif", "positif", "negatif", "negatif", None])
    m = TouchpointMatrix.from_tagged(tagged, load_journey(tmp_path / "j.toml"))
    assert m.irritants.at["Total", "Total"] == 3 and m.enchantements.at["Total", "Total"] == 1
