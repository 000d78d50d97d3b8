"""French preprocessing with spaCy: normalised text -> tokens with negation marks.

By default only spaCy's French tokenizer runs (its elision and punctuation rules): on the
corpus, lemmas from fr_core_news_sm change no head's cross-validated figure by more than
0.004 and cost 90 times the time (README, "How it works"). With `lemmatize=True` the
components lemmas need run (tok2vec, morphologizer, attribute_ruler, lemmatizer); the
parser and the NER never do.
"""

from __future__ import annotations

import contextlib
import functools
import re

from .errors import V2JError
from .normalize import (EMOJI_NEG_TOKEN, EMOJI_POS_TOKEN, HANDLE_TOKEN, HASHTAG_TOKEN,
                        MAY_JOIN_ELISION, URL_TOKEN, CACHE_SIZE, fold_accents, normalize,
                        normalize_piece, remove_invisible)

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
_fold_word = functools.lru_cache(maxsize=CACHE_SIZE)(fold_accents)
_PUNCT = re.compile(r"^[\W_]+$")
# A normalised piece ending in a lone "c" or "g" ("c", "(g"): the SMS expansion "c nul" ->
# "c'est nul" may then join it to the next piece, so its text is analysed whole.
_MAY_EXPAND = re.compile(r"(?:^|[^\w'])[cg]$", re.IGNORECASE)


_SIMPLE_PIECE = re.compile(r"^([(\"«\[]?)([^\W\d_]+|\d+)([)\]\"»,;:!?.]?)$")
_FRENCH_LOWER = frozenset("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ")


def simple_split(piece: str, special_cases) -> list[str] | None:
    """The tokens of a piece made of an opening mark, a word or a number and a closing
    mark ("(colis", "livré.", "2024)"), or None for any other piece.

    New pieces are most often of this shape; splitting them here instead of in spaCy's
    tokenizer is 10 times faster, and gives spaCy's French tokens exactly (checked on
    every corpus piece in tests/test_preprocess.py, and on 250,000 pieces of real reviews).
    """
    match = _SIMPLE_PIECE.match(piece)
    if match is None:
        return None
    lead, core, trail = match.groups()
    if not (core.isdigit() or all(ord(ch) < 0x250 for ch in core)):
        return None
    # spaCy splits a final period off lower-case French words and numbers only.
    if trail == "." and not (core.isdigit() or core[-1] in _FRENCH_LOWER):
        return None
    if {piece, lead + core, core, core + trail} & special_cases:
        return None
    return ([lead] if lead else []) + [core] + ([trail] if trail else [])


def _memory_zone(nlp):
    zone = getattr(nlp, "memory_zone", None)
    return zone() if zone is not None else contextlib.nullcontext()


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


_PLAIN, _BREAK, _NE, _NEGATOR, _TRANSPARENT = range(5)
_kinds: dict[str, int] = {}


def _kind(tok: str) -> int:
    if _PUNCT.match(tok) or tok in SCOPE_BREAKERS:
        kind = _BREAK
    elif tok in NE:
        kind = _NE
    elif tok in NEGATORS:
        kind = _NEGATOR
    elif tok in SCOPE_TRANSPARENT or tok in PLACEHOLDERS:
        kind = _TRANSPARENT
    else:
        kind = _PLAIN
    if len(_kinds) > CACHE_SIZE:
        _kinds.clear()
    _kinds[tok] = kind
    return kind


def mark_negation(tokens: list[str]) -> list[str]:
    """Prefix the words a negation governs: `ne répond pas vite` -> `ne neg_répond pas neg_vite`.

    Scope: after `ne` up to its partner (`pas`, `jamais`, ...), and after a negator the
    next few words, stopping at punctuation or a conjunction that turns the sentence.
    """
    out, left = [], 0
    in_ne = False
    kinds = _kinds
    for tok in tokens:
        kind = kinds.get(tok)
        if kind is None:
            kind = _kind(tok)
        if kind == _PLAIN:
            if in_ne or left:
                out.append(NEG_PREFIX + tok)
                if left:
                    left -= 1
            else:
                out.append(tok)
            continue
        out.append(tok)
        if kind == _BREAK:
            in_ne, left = False, 0
        elif kind == _NE:
            in_ne = True
        elif kind == _NEGATOR:
            in_ne, left = False, NEGATION_SCOPE
    return out


class Preprocessor:
    """Turn raw verbatims into (folded normalised text, analysed token string) pairs.

    The folded text feeds character n-grams and channel cues; the token string
    (lemmas, folded, negation marked) feeds word n-grams. Repeated texts are analysed
    once per call, since exports repeat short answers ("RAS", "rien") thousands of times.

    Without lemmas, the tokenizer's rules never look across a space, so each distinct
    space-separated piece is tokenised and folded once and remembered (up to
    `CACHE_SIZE` pieces): words repeat across verbatims far more than texts do.
    """

    def __init__(self, *, spacy_model: str = "fr_core_news_sm", lemmatize: bool = False,
                 batch_size: int = 256):
        self.spacy_model = spacy_model
        self.lemmatize = lemmatize
        self.batch_size = batch_size

    def __getstate__(self):
        # The piece cache holds a reference to the spaCy tokenizer: never saved.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_cache")}

    def load(self):
        """The spaCy pipeline this preprocessor uses (loaded once per process)."""
        return load_spacy(self.spacy_model, lemmatize=self.lemmatize)

    def _piece_analyser(self):
        pieces = self.__dict__.get("_cache_pieces")
        if pieces is None:
            tokenizer = self.load().tokenizer
            special_cases = set(tokenizer.rules or ())

            def analyse_piece(piece: str) -> tuple[str, list[str]]:
                words = simple_split(piece, special_cases)
                if words is None:
                    words = [t.text for t in tokenizer(piece) if not t.is_space]
                # spaCy keeps the apostrophe on elided words: "n'" -> "n", "l'" -> "l".
                words = [_fold_word(w) for w in words]
                return fold_accents(piece), [w.rstrip("'") or w for w in words]

            pieces = self._cache_pieces = functools.lru_cache(maxsize=CACHE_SIZE)(analyse_piece)
        return pieces

    def _raw_piece_analyser(self):
        raw = self.__dict__.get("_cache_raw_pieces")
        if raw is None:
            piece = self._piece_analyser()

            def analyse_raw_piece(raw_piece: str) -> tuple[bool, tuple, tuple]:
                folded, words = [], []
                may_expand = MAY_JOIN_ELISION.search(raw_piece) is not None
                for p in normalize_piece(raw_piece).split():
                    f, w = piece(p)
                    folded.append(f)
                    words.extend(w)
                    may_expand = may_expand or _MAY_EXPAND.search(p) is not None
                return may_expand, tuple(folded), tuple(words)

            raw = self._cache_raw_pieces = functools.lru_cache(maxsize=CACHE_SIZE)(analyse_raw_piece)
        return raw

    def _analyse_tokenized(self, texts: list[str]):
        """Raw texts to (folded text, words), one cache lookup per raw piece: normalising,
        tokenising and folding never look across a space, except the SMS expansion of a lone
        "c" or "g" and an elision typed with a space ("j ' ai"), whose texts take the
        step-by-step path."""
        raw_piece = self._raw_piece_analyser()
        for text in texts:
            folded, words = [], []
            for p in remove_invisible(text).split():
                may_expand, f, w = raw_piece(p)
                if may_expand:
                    yield self._analyse_normalised(normalize(text))
                    break
                folded.extend(f)
                words.extend(w)
            else:
                yield " ".join(folded), words

    def _analyse_normalised(self, normalised: str) -> tuple[str, list[str]]:
        piece = self._piece_analyser()
        folded, words = [], []
        for p in normalised.split(" "):
            if p:
                f, w = piece(p)
                folded.append(f)
                words.extend(w)
        return " ".join(folded), words

    def _analyse_lemmatized(self, normalised: list[str]):
        docs = self.load().pipe(normalised, batch_size=self.batch_size)
        for text, doc in zip(normalised, docs):
            words = [_fold_word(t.text if t.text in PLACEHOLDERS else (t.lemma_ or t.text))
                     for t in doc if not t.is_space]
            yield fold_accents(text), [w.rstrip("'") or w for w in words]

    def analyse(self, texts) -> tuple[list[str], list[str]]:
        texts = [("" if t is None else str(t)) for t in texts]
        unique = list(dict.fromkeys(texts))
        if self.lemmatize:
            analysed_texts = self._analyse_lemmatized([normalize(t) for t in unique])
        else:
            analysed_texts = self._analyse_tokenized(unique)
        # Strings spaCy adds to its vocabulary while analysing are freed afterwards, so that
        # memory does not grow with every new word of a million-row export.
        with _memory_zone(self.load()):
            analysed = {raw: (folded, " ".join(mark_negation(words)))
                        for raw, (folded, words) in zip(unique, analysed_texts)}
        folded = [analysed[t][0] for t in texts]
        tokens = [analysed[t][1] for t in texts]
        return folded, tokens
