import pytest

from verbatim2journey import V2JError, load_journey

GUIDE_STAGES = ["decouverte", "achat", "livraison", "usage", "service_client", "facturation", "fidelite"]
GUIDE_CHANNELS = ["site_web", "appli_mobile", "espace_client", "reseaux_sociaux", "magasin", "agence",
                  "vendeur", "borne", "telephone", "sms", "email", "chat", "courrier", "catalogue"]


def test_default_journey_has_the_guide_labels_in_order():
    j = load_journey()
    assert j.stage_ids == GUIDE_STAGES
    assert j.channel_ids == GUIDE_CHANNELS
    assert j.polarity_ids == ["irritant", "enchantement", "neutre"]
    assert all(c.cues for c in j.channels)


def test_framework_rows():
    j = load_journey()
    rows, row_of = j.framework_rows("4etapes")
    assert rows == ["recherche", "achat", "usage", "souvenir"]
    assert row_of["livraison"] == "achat" and row_of["facturation"] == "usage"
    rows, row_of = j.framework_rows("caaarr")
    assert rows == ["Conscience", "Acquisition", "Adoption", "Assimilation", "Recommandation / Ré-achat"]
    with pytest.raises(V2JError, match=r"\[E020\] Unknown framework 'aarrr'. Valid frameworks: default, caaarr, 4etapes."):
        j.framework_rows("aarrr")


def test_bad_journey_files(tmp_path):
    bad = tmp_path / "j.toml"
    bad.write_text("name = 'x'\n[[stages]]\nid = 'A b'\nname = 'x'\n", "utf-8")
    with pytest.raises(V2JError, match="must be lower-case letters"):
        load_journey(bad)
    bad.write_text("not = [toml", "utf-8")
    with pytest.raises(V2JError, match=r"\[E010\] Invalid journey file .*not valid TOML"):
        load_journey(bad)
    with pytest.raises(V2JError, match=r"\[E001\] File not found"):
        load_journey(tmp_path / "missing.toml")
