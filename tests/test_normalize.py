import pytest

from verbatim2journey.normalize import (EMOJI_NEG_TOKEN, EMOJI_POS_TOKEN, HANDLE_TOKEN, PIPELINE, URL_TOKEN,
                                        expand_sms, fold_accents, join_spaced_elisions,
                                        normalize, replace_emojis,
                                        replace_handles, replace_urls, shorten_letter_runs,
                                        split_hashtags)


@pytest.mark.parametrize("text,expected", [
    ("trooop lennnnt !!!!", "trop lent !"),
    ("cool", "cool"),
    ("nuuuul ???", "nul ?"),
])
def test_shorten_letter_runs(text, expected):
    assert shorten_letter_runs(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("pcq c nul", "parce que c'est nul"),
    ("tjrs pas de rbt", "toujours pas de remboursement"),
    ("g pas reçu mon colis", "j'ai pas reçu mon colis"),
    ("la lettre C est jolie", "la lettre C est jolie"),
    ("un tel service", "un tel service"),
])
def test_expand_sms(text, expected):
    assert expand_sms(text) == expected


def test_letters_that_only_match_sms_words_case_insensitively_are_kept():
    # The long s matches "s" when case is ignored but is not one when lowered.
    assert expand_sms("ſvp dſ svp") == "ſvp dſ s'il vous plaît"
    assert normalize("ſvp") == "ſvp"


@pytest.mark.parametrize("text,expected", [
    ("satisfait comme d 'habitude.", "satisfait comme d'habitude."),
    ("j ' ai une commande", "j'ai une commande"),
    ("C' est top, qu 'il soit livré", "C'est top, qu'il soit livré"),
    ("jusqu ' au bout", "jusqu'au bout"),
    ("aujourd 'hui quelqu ' un", "aujourd'hui quelqu'un"),
    # Quotes and measures are left alone: no elided word before, or a digit after.
    ("le site dit 'envoyez un courrier'", "le site dit 'envoyez un courrier'"),
    ("d '1 jour", "d '1 jour"),
    ("un ' seul", "un ' seul"),
    ("j'ai", "j'ai"),
])
def test_join_spaced_elisions(text, expected):
    assert join_spaced_elisions(text) == expected


def test_urls_handles_hashtags_emojis():
    assert replace_urls("voir https://ex.fr/a?b=1 svp") == f"voir  {URL_TOKEN}  svp"
    assert replace_handles("@SuperBox merci, a@b.fr") == f" {HANDLE_TOKEN}  merci, a@b.fr"
    assert split_hashtags("#PanneFibre encore").split() == ["motdiese", "Panne", "Fibre", "encore"]
    assert replace_emojis("top 👍 nul 😡 ❤️").split() == ["top", EMOJI_POS_TOKEN, "nul", EMOJI_NEG_TOKEN, EMOJI_POS_TOKEN]


def test_fold_accents_and_normalize():
    assert fold_accents("Très DÉÇU, cœur") == "tres decu, coeur"
    assert normalize("  Tjrs   pas livré 😡😡  ") == f"toujours pas livré {EMOJI_NEG_TOKEN} {EMOJI_NEG_TOKEN}"


def _step_by_step(text: str) -> str:
    for step in PIPELINE:
        text = step(text)
    return text


EDGE_TEXTS = [
    "", "   ", "😡", "c  pas top", "c pa top", "g\u00a0pas reçu", "#PanneFibre\u202f@Box_Help www.x.fr/a b",
    "trèèèès   looong!!!\n\nsvp", "Ça\u200b marche\ufeff pas", "e\u0301te\u0301 ¨ ¼", "c'est c nul. G payé",
    "RDV   pris\tau guichet 👍🏻", "@a@b #a&#b", "mdrrr ptdr lol", "Σ ΣΑΣ",
    "j ’ ai pas reçu", "c ' nul", "jai d 'habitude", "l 'agence",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_normalize_piecewise_equals_step_by_step(text):
    assert normalize(text) == _step_by_step(text)


def test_normalize_piecewise_equals_step_by_step_on_the_corpus():
    import json
    from pathlib import Path
    corpus = Path(__file__).resolve().parents[1] / "corpora" / "verbatims.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    assert [normalize(t) for t in texts] == [_step_by_step(t) for t in texts]
