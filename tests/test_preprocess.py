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
                               "ABC nul", "l'c nul", "c\u200b nul", "#CNul c trop cher", "c", "g", "ok c", "c'nul",
                               # and the elisions typed with a space, which join two pieces.
                               "satisfait comme d 'habitude.", "j ' ai pas reçu", "C' est top", "l \u2019 agence",
                               "dit 'envoyez un courrier'", "' ok", "j '", "(qu ' il", "jusqu' au bout", "aujourd 'hui"]
    import random
    rng = random.Random(0)
    bits = ["j", "d", "qu", "c", "g", "l", "'", "\u2019", "ai", "habitude", "est", "nul", "(", "2", "pas"]
    fuzz = ["".join(rng.choice(bits) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(1, 6)))
            for _ in range(3000)]
    # spaCy splits a doubled apostrophe ("''d") differently after a lone "'": not ours to mend.
    texts += [t for t in fuzz if "''" not in t.replace("\u2019", "'")]
    pre = Preprocessor(spacy_model="blank:fr")
    folded, tokens = pre.analyse(texts)
    tokenizer = pre.load().tokenizer
    for text, f, t in zip(texts, folded, tokens):
        norm = normalize(text)
        words = [_fold_word(tok.text).rstrip("'") or tok.text for tok in tokenizer(norm) if not tok.is_space]
        assert (f, t) == (fold_accents(norm), " ".join(mark_negation(words)))


def test_an_elision_typed_with_spaces_reads_as_typed_without():
    pre = Preprocessor(spacy_model="blank:fr")
    _, tokens = pre.analyse(["satisfait comme d 'habitude.", "satisfait comme d'habitude.",
                             "j ' ai pas reçu", "j'ai pas reçu"])
    assert tokens[0] == tokens[1] == "satisfait comme d habitude ."
    assert tokens[2] == tokens[3] == "j ai pas neg_recu"


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
