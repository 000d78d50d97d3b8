"""Features shared by every head: word n-grams of lemmas, character n-grams, channel cues,
polarity lexicon scores.

Fitting uses scikit-learn's vectorizers as they are. Transforming computes exactly the
same matrices faster: character n-grams (`char_wb`) and most channel cues never cross
a space, so they are computed once per distinct word and summed per verbatim with one
sparse product, and n-grams are looked up in the vocabulary in bulk.
`tests/test_features.py` checks the equality with scikit-learn's own `transform`.
"""

from __future__ import annotations

import functools
import itertools
import re

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as normalize_rows
from sklearn.utils.validation import check_is_fitted

from .lexicon import PolarityLexicon
from .normalize import CACHE_SIZE

# Distinct words remembered per fitted transformer.
WORD_CACHE_SIZE = CACHE_SIZE


def _split(text: str) -> list[str]:
    return text.split()


def _drop_caches(obj) -> dict:
    # Caches are rebuilt on demand: never pickled into a saved model.
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_cache")}


def words_by_doc(texts: list[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    """The (verbatims × distinct words) count matrix of whitespace-separated words, and the words."""
    lengths, flat = [], []
    for text in texts:
        words = text.split()
        lengths.append(len(words))
        flat.extend(words)
    codes, uniques = pd.factorize(np.array(flat, dtype=object))
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    counts = sp.csr_matrix((np.ones(len(codes), dtype=np.float64), codes, indptr),
                           shape=(len(texts), len(uniques)))
    return counts, np.asarray(uniques, dtype=object)


def _lookup(vocabulary: dict, terms: list[str]) -> np.ndarray:
    """Column of each term in a fitted vocabulary, -1 when it has none."""
    return np.fromiter(map(vocabulary.get, terms, itertools.repeat(-1, len(terms))),
                       dtype=np.int64, count=len(terms))


def _rows_to_csr(ids: list[np.ndarray], n_columns: int, counts: list[np.ndarray] | None = None) -> sp.csr_matrix:
    """Stack per-word column ids (with their counts, 1 each if none) into a (words × columns)
    matrix; a column repeated within a row adds up in products."""
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum([len(i) for i in ids], out=indptr[1:])
    indices = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    data = np.concatenate(counts).astype(np.float64) if counts else np.ones(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(len(ids), n_columns))


def _tfidf(counts: sp.csr_matrix, vectorizer: TfidfVectorizer) -> sp.csr_matrix:
    """What a fitted `TfidfVectorizer` makes of raw counts (its public settings and `idf_`)."""
    counts = counts.tocsr()
    data = counts.data.astype(np.float64, copy=False)
    if vectorizer.sublinear_tf:
        np.log(data, out=data)
        data += 1
    if vectorizer.use_idf:
        data *= vectorizer.idf_[counts.indices]
    if vectorizer.norm == "l2":
        lengths = np.diff(counts.indptr)
        squares = np.zeros(len(lengths))
        filled = lengths > 0
        squares[filled] = np.add.reduceat(data * data, counts.indptr[:-1][filled])
        norms = np.sqrt(squares)
        norms[norms == 0] = 1
        data /= np.repeat(norms, lengths)
    elif vectorizer.norm:
        matrix = sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)
        return normalize_rows(matrix, norm=vectorizer.norm, copy=False).astype(vectorizer.dtype)
    return sp.csr_matrix((data.astype(vectorizer.dtype), counts.indices, counts.indptr), shape=counts.shape)


def _can_match_space(items) -> bool:
    """Whether a parsed regular expression may match or look at whitespace or a text edge."""
    from re import _constants as c  # noqa: PLC0415 - the parser's own names

    spaces = {ord(ch) for ch in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u202f\u3000"}
    for op, av in items:
        if op is c.LITERAL:
            if av in spaces:
                return True
        elif op is c.IN:
            for sub_op, sub_av in av:
                if sub_op is c.LITERAL and sub_av in spaces:
                    return True
                if sub_op is c.RANGE and any(sub_av[0] <= s <= sub_av[1] for s in spaces):
                    return True
                if sub_op is c.CATEGORY and sub_av not in (c.CATEGORY_WORD, c.CATEGORY_DIGIT,
                                                            c.CATEGORY_NOT_SPACE):
                    return True
                if sub_op is c.NEGATE:
                    return True
        elif op is c.AT:
            if av not in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY):
                return True
        elif op is c.SUBPATTERN:
            if _can_match_space(av[-1]):
                return True
        elif op is c.BRANCH:
            if any(_can_match_space(b) for b in av[1]):
                return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if _can_match_space(av[2]):
                return True
        elif op in (c.ASSERT, c.ASSERT_NOT, c.ATOMIC_GROUP):
            if _can_match_space(av[-1]):
                return True
        else:  # any character, back-references, conditionals: assume it can
            return True
    return False


def within_word(pattern: str) -> bool:
    """Whether a cue pattern can only match inside one whitespace-separated word.

    Such a pattern matches a text exactly where it matches each of the text's words.
    When in doubt (an unusual construct), the answer is no, which is always correct.
    """
    try:
        from re import _parser
        return not _can_match_space(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 - any surprise means "treat as a whole-text pattern"
        return False


def _required_letters(pattern: str) -> str:
    """The longest run of plain characters every match of `pattern` contains, for a quick
    `in` test before running it ("" when there is none to rely on)."""
    try:
        from re import _constants as c
        from re import _parser
        parsed = _parser.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return ""
        runs, run = [], []
        for op, av in parsed:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            runs.append("".join(run))
            run = []
        runs.append("".join(run))
        return max(runs, key=len)
    except Exception:  # noqa: BLE001 - no letters means "always run the pattern"
        return ""


def _join_texts(texts: list[str]) -> tuple[str, np.ndarray]:
    """All texts in one string (newline-separated), and where each starts."""
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=starts[1:])
    return "\n".join(texts), starts


def _texts_containing(joined: str, starts: np.ndarray, letters: str) -> list[int]:
    """Indices of the texts that contain `letters` (and, rarely, of texts where they span
    the newline between two texts, which the caller's own test then rejects): one scan
    of the joined string in C instead of one `in` test per text."""
    found, at = [], joined.find(letters)
    while at >= 0:
        found.append(at)
        at = joined.find(letters, at + 1)
    if not found:
        return []
    return (np.searchsorted(starts, np.array(found, dtype=np.int64), side="right") - 1).tolist()


def _alternation(patterns: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


class ChannelCues(TransformerMixin, BaseEstimator):
    """One column per channel: how many matches of its cue patterns the folded text has
    (at most 3), times `weight`.

    The patterns come from the journey file, so a custom journey brings its own cues;
    the classifiers weigh these columns like any other feature. Patterns that stay inside
    a word are counted once per distinct word; the others run on the whole text, and only
    when the text contains letters every match of theirs contains.
    """

    def __init__(self, *, cues=None, weight=1.0):
        self.cues = cues
        self.weight = weight

    def __getstate__(self):
        return _drop_caches(self)

    def fit(self, X, y=None):
        self.word_patterns_, self.text_patterns_, self.text_required_ = [], [], []
        for cue_list in self.cues or []:
            inside = [c for c in cue_list if within_word(c)]
            across = [c for c in cue_list if not within_word(c)]
            required = [_required_letters(c) for c in across]
            self.word_patterns_.append(_alternation(inside))
            self.text_patterns_.append(_alternation(across))
            # One pattern without letters to look for means the whole-text patterns always run.
            self.text_required_.append(required if all(len(r) >= 3 for r in required) else None)
        self.n_features_out_ = len(self.word_patterns_)
        return self

    def _word_counts(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        cache = self.__dict__.get("_cache_words")
        if cache is None:
            patterns = [p.pattern for p in self.word_patterns_ if p is not None]
            any_cue = _alternation(patterns)
            nothing = (np.zeros(0, dtype=np.int64), np.zeros(0))

            def count(w):
                # Most words are no cue at all: one search says so instead of one per channel.
                if any_cue is None or not any_cue.search(w):
                    return nothing
                found = [(j, len(p.findall(w))) for j, p in enumerate(self.word_patterns_) if p is not None]
                found = [(j, n) for j, n in found if n]
                return (np.array([j for j, _ in found], dtype=np.int64),
                        np.array([n for _, n in found], dtype=np.float64))
            cache = self._cache_words = functools.lru_cache(maxsize=WORD_CACHE_SIZE)(count)
        return cache(word)

    def counts(self, X, words=None) -> np.ndarray:
        """Raw match counts (verbatims × channels); `words` is `words_by_doc(X)` if known."""
        check_is_fitted(self, "word_patterns_")
        X = list(X)
        doc_words, uniques = words if words is not None else words_by_doc(X)
        found = [self._word_counts(w) for w in uniques]
        per_word = _rows_to_csr([ids for ids, _ in found], self.n_features_out_, [n for _, n in found])
        out = np.asarray((doc_words @ per_word).todense()).reshape(len(X), self.n_features_out_)
        joined, starts = None, None
        for j, (pattern, required) in enumerate(zip(self.text_patterns_, self.text_required_)):
            if pattern is None:
                continue
            if required is None:
                candidates = range(len(X))
            else:
                if joined is None:
                    joined, starts = _join_texts(X)
                candidates = sorted({i for r in required for i in _texts_containing(joined, starts, r)})
            for i in candidates:
                n = len(pattern.findall(X[i]))
                if n:
                    out[i, j] += n
        return out

    def transform(self, X, words=None):
        counts = self.counts(X, words)
        return sp.csr_matrix(self.weight * np.minimum(counts, 3), dtype=np.float32)


class VerbatimFeatures(TransformerMixin, BaseEstimator):
    """Stack word n-grams (on analysed tokens), character n-grams and cues (on folded text),
    then polarity lexicon scores (on analysed tokens) unless `lexicon_weight` is 0.

    `X` is a pair of lists `(folded_texts, token_strings)` as `Preprocessor.analyse` returns.
    """

    def __init__(self, *, word_ngrams=(1, 2), char_ngrams=(2, 5), min_df=2,
                 max_char_features=150_000, cues=None, cue_weight=0.3, lexicon_weight=1.0):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.cues = cues
        self.cue_weight = cue_weight
        self.lexicon_weight = lexicon_weight

    def __getstate__(self):
        return _drop_caches(self)

    def __setstate__(self, state):
        # Features saved before the polarity lexicon have none.
        state.setdefault("lexicon_weight", 0.0)
        state.setdefault("lexicon_", None)
        super().__setstate__(state)

    def fit(self, X, y=None):
        folded, tokens = X
        self.word_ = TfidfVectorizer(tokenizer=_split, token_pattern=None, lowercase=False,
                                     ngram_range=tuple(self.word_ngrams), min_df=self.min_df,
                                     sublinear_tf=True, dtype=np.float32)
        self.char_ = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                     min_df=self.min_df, max_features=self.max_char_features,
                                     sublinear_tf=True, dtype=np.float32)
        self.cues_ = ChannelCues(cues=self.cues, weight=self.cue_weight)
        self.word_.fit(tokens)
        self.char_.fit(folded)
        self.cues_.fit(folded)
        self.lexicon_ = PolarityLexicon(weight=self.lexicon_weight).fit(tokens) if self.lexicon_weight else None
        return self

    def _word_block(self, token_lists: list[list[str]]) -> sp.csr_matrix:
        lo, hi = self.word_.ngram_range
        grams, lengths = [], []
        for words in token_lists:
            before = len(grams)
            for n in range(lo, hi + 1):
                if n == 1:
                    grams.extend(words)
                else:
                    grams.extend(map(" ".join, zip(*(words[k:] for k in range(n)))))
            lengths.append(len(grams) - before)
        columns = _lookup(self.word_.vocabulary_, grams)
        rows = np.repeat(np.arange(len(token_lists)), lengths)
        known = columns >= 0
        counts = sp.csr_matrix((np.ones(int(known.sum())), (rows[known], columns[known])),
                               shape=(len(token_lists), len(self.word_.vocabulary_)))
        return _tfidf(counts, self.word_)

    def _char_block(self, doc_words: sp.csr_matrix, uniques: np.ndarray) -> sp.csr_matrix:
        cache = self.__dict__.setdefault("_cache_char", {})
        new = [w for w in uniques if w not in cache]
        if len(cache) + len(new) > WORD_CACHE_SIZE:
            # Keep the words this batch uses (the frequent ones are among them) rather than
            # starting over: a file of never-seen references would otherwise empty the
            # cache every few batches and recompute every common word's n-grams.
            kept = {w: cache[w] for w in uniques if w in cache}
            cache.clear()
            cache.update(kept)
        if new:
            analyzer = self.char_.build_analyzer()
            ngrams = [analyzer(w) for w in new]
            columns = _lookup(self.char_.vocabulary_, [g for gs in ngrams for g in gs])
            ends = np.cumsum([len(gs) for gs in ngrams])
            for w, ids in zip(new, np.split(columns, ends[:-1])):
                cache[w] = ids[ids >= 0]
        per_word = _rows_to_csr([cache[w] for w in uniques], len(self.char_.vocabulary_))
        return _tfidf(doc_words @ per_word, self.char_)

    def transform_blocks(self, X) -> list[sp.csr_matrix]:
        """The word, character and cue blocks, whose side by side is `transform(X)`:
        linear models score them block by block without stacking them."""
        check_is_fitted(self, "word_")
        folded, tokens = X
        folded, tokens = list(folded), list(tokens)
        words = words_by_doc(folded)
        # The token strings are split once, for the word n-grams and the lexicon alike.
        token_lists = [text.split() for text in tokens]
        blocks = [self._word_block(token_lists), self._char_block(*words)]
        if self.cues_.n_features_out_:
            blocks.append(self.cues_.transform(folded, words))
        if self.lexicon_ is not None:
            blocks.append(self.lexicon_.transform_split(token_lists))
        return blocks

    def transform(self, X):
        return sp.hstack(self.transform_blocks(X), format="csr", dtype=np.float32)

    def n_features(self) -> int:
        """Columns of `transform(X)`: word n-grams, character n-grams, cues, then lexicon scores."""
        check_is_fitted(self, "word_")
        n_lexicon = self.lexicon_.n_features_out_ if self.lexicon_ is not None else 0
        return (len(self.word_.vocabulary_) + len(self.char_.vocabulary_) + self.cues_.n_features_out_
                + n_lexicon)

    def feature_names(self) -> np.ndarray:
        check_is_fitted(self, "word_")
        names = [f"mot:{n}" for n in self.word_.get_feature_names_out()]
        names += [f"car:{n}" for n in self.char_.get_feature_names_out()]
        names += [f"indice:{i}" for i in range(self.cues_.n_features_out_)]
        if self.lexicon_ is not None:
            names += list(self.lexicon_.get_feature_names_out())
        return np.array(names, dtype=object)
