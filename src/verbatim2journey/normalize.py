"""Plain `str -> str` cleaning functions for what customers really type.

Each function does one thing; `normalize` composes them in the order that matters
(URLs before handles, emojis before letter runs). Placeholders are lower-case words so
that they survive tokenisation and can be learned like any other word.
"""

from __future__ import annotations

import functools
import re
import unicodedata

URL_TOKEN = "lienurl"
HANDLE_TOKEN = "mentionhandle"
HASHTAG_TOKEN = "motdiese"
EMOJI_POS_TOKEN = "emojipositif"
EMOJI_NEG_TOKEN = "emojinegatif"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
_PUNCT_RUN = re.compile(r"([!?.])\1+")
_SPACES = re.compile(r"\s+")
# An elided word typed with a space around its apostrophe: "j ' ai", "d 'habitude", "c' est".
# (Typographic apostrophes are plain ones by then: `remove_invisible` runs first.)
_SPACED_ELISION = re.compile(r"(?<![\w'])(jusqu|lorsqu|puisqu|quelqu|aujourd|qu|[cdjlmnst])(?: ?' | ')(?=[^\W\d_])",
                             re.IGNORECASE)
# A whitespace-free piece that may be one side of such an elision: one of the pieces
# around the space always starts with the apostrophe or ends with the elided word and it.
MAY_JOIN_ELISION = re.compile(r"^'|(?:^|[^\w'])(?:jusqu|lorsqu|puisqu|quelqu|aujourd|qu|[cdjlmnst])'$", re.IGNORECASE)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_PLAIN = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u00a0", " "), ("\u202f", " "))

_POSITIVE_EMOJI = set("😀😃😄😁😆😊🙂😍🥰😘😻👍👌🙏💯🔥✨🎉🥳😎🤩💪👏💖💕💗💙💚🌟⭐😇🤗✅🆗🎁")
_NEGATIVE_EMOJI = set("😡😠🤬😤😞😢😭😩😫🙄👎💩😒😔😕🤡🤮😖😣😓😱😰🥵🤯😑😐💀❌⛔🚫🐌💸😬🥲🙃")
_HEARTS = re.compile("[\u2764\u2665][\ufe0f]?")  # ❤️ and ♥ come with a variation selector
_POSITIVE = re.compile("[" + "".join(sorted(_POSITIVE_EMOJI)) + "]")
_NEGATIVE = re.compile("[" + "".join(sorted(_NEGATIVE_EMOJI)) + "]")
# Emoji blocks, dingbats, arrows and symbols, variation selectors, zero-width joiner, skin tones.
_PICTOGRAPHS = re.compile("[\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u23FF\u2500-\u27BF\u2B00-\u2BFF\uFE00-\uFE0F\u200d]")

# Whole-word SMS and chat spellings, with what they stand for. Only unambiguous ones:
# "c" and "g" are read as "c'est" / "j'ai" only before a word, handled below.
SMS_WORDS = {
    "pcq": "parce que", "pck": "parce que", "pq": "pourquoi", "prq": "pourquoi",
    "tjrs": "toujours", "tjs": "toujours", "tjr": "toujours", "bcp": "beaucoup",
    "bcq": "beaucoup", "jsp": "je sais pas", "slt": "salut", "bjr": "bonjour",
    "bsr": "bonsoir", "svp": "s'il vous plaît", "stp": "s'il te plaît",
    "ct": "c'était", "jai": "j'ai", "koi": "quoi", "kwa": "quoi", "ki": "qui",
    "ke": "que", "pr": "pour", "ds": "dans", "tt": "tout", "ts": "tous", "dc": "donc",
    "mm": "même", "qd": "quand", "qnd": "quand", "rdv": "rendez-vous",
    "tél": "téléphone", "msg": "message", "dsl": "désolé",
    "mtn": "maintenant", "mnt": "maintenant", "nn": "non", "ouais": "oui",
    "ouai": "oui", "chui": "je suis", "chuis": "je suis", "auj": "aujourd'hui",
    "ajd": "aujourd'hui", "pb": "problème", "pbm": "problème", "pbs": "problèmes",
    "jms": "jamais", "qqn": "quelqu'un", "qqch": "quelque chose", "cdt": "cordialement",
    "cdlt": "cordialement", "dispo": "disponible", "resa": "réservation",
    "tkt": "t'inquiète", "ya": "il y a", "y'a": "il y a", "jpp": "j'en peux plus",
    "mdrr": "mdr", "ptdr": "mdr", "lol": "mdr", "rbt": "remboursement",
    "rmbt": "remboursement", "remb": "remboursement", "pa": "pas", 
    "vrmt": "vraiment", "vrm": "vraiment", "mrc": "merci", "mci": "merci",
    "cb": "carte bancaire", "asap": "au plus vite", "aprem": "après-midi",
}
_SMS = re.compile(r"(?<![\w'])(" + "|".join(re.escape(w) for w in sorted(SMS_WORDS, key=len, reverse=True)) + r")(?![\w'])", re.IGNORECASE)
# The letter first, then the look-behind: the engine then jumps from one c (g) to the next.
_C_EST = re.compile(r"[cC](?<![\w'][cC])(?= (?:pas|nul|trop|top|bien|super|vraiment|honteux|n'importe|inadmissible|grave|la|le|un|une|du|mort|fou|ouf|cher|long|lent|quoi|pareil)\b)", re.IGNORECASE)
_J_AI = re.compile(r"[gG](?<![\w'][gG])(?= (?:pas|eu|été|appelé|reçu|payé|fait|dû|du|attendu|demandé|envoyé|commandé|jamais|toujours)\b)", re.IGNORECASE)


def remove_invisible(text: str) -> str:
    """NFC form, no zero-width characters or soft hyphens, typographic quotes made plain."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    for typographic, plain in _PLAIN:  # str.replace is several times faster than str.translate here
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


def join_spaced_elisions(text: str) -> str:
    """`j ' ai`, `d 'habitude` -> `j'ai`, `d'habitude`, so that they read as typed without spaces."""
    return _SPACED_ELISION.sub(r"\1'", text)


def replace_urls(text: str) -> str:
    if "://" not in text and "www." not in text.lower():
        return text
    return _URL.sub(f" {URL_TOKEN} ", text)


def replace_handles(text: str) -> str:
    if "@" not in text:
        return text
    return _HANDLE.sub(f" {HANDLE_TOKEN} ", text)


def split_hashtags(text: str) -> str:
    """`#PanneFibre` -> `motdiese Panne Fibre`: the words count, the hashtag is marked."""
    if "#" not in text:
        return text
    return _HASHTAG.sub(lambda m: f" {HASHTAG_TOKEN} " + _CAMEL.sub(" ", m.group(1).replace("_", " ")) + " ", text)


def replace_emojis(text: str) -> str:
    """Emojis that carry a clear mood become a word; the other pictographs are dropped."""
    if text.isascii():
        return text
    text = _HEARTS.sub(f" {EMOJI_POS_TOKEN} ", text)
    text = _POSITIVE.sub(f" {EMOJI_POS_TOKEN} ", text)
    text = _NEGATIVE.sub(f" {EMOJI_NEG_TOKEN} ", text)
    return _PICTOGRAPHS.sub(" ", text)


def shorten_letter_runs(text: str) -> str:
    """`trooop lennnnt !!!!` -> `trop lent !`: three or more repeats are one letter."""
    return _PUNCT_RUN.sub(r"\1", _LETTER_RUN.sub(r"\1", text))


def expand_sms_words(text: str) -> str:
    """`tjrs pas de rbt` -> `toujours pas de remboursement`: whole-word SMS spellings."""
    # Case-insensitive matching also takes letters whose lower case is another word
    # ("ſvp" matches "svp" but lowers to "ſvp"): those are left as typed.
    return _SMS.sub(lambda m: SMS_WORDS.get(m.group(1).lower(), m.group(0)), text)


def expand_c_est_j_ai(text: str) -> str:
    """`c nul` -> `c'est nul`, `g pas reçu` -> `j'ai pas reçu`: only before the words that make it sure."""
    return _J_AI.sub("j'ai", _C_EST.sub("c'est", text))


def expand_sms(text: str) -> str:
    return expand_c_est_j_ai(expand_sms_words(text))


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold_accents(text: str) -> str:
    """`Très déçu` -> `tres decu`: lower case, no accents, so typed-without-accents text matches."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("œ", "oe").replace("æ", "ae")


# Steps that never look across whitespace: each gives the same result on a text as on
# every whitespace-separated piece of it, so `normalize` applies them piece by piece and
# remembers the pieces (words repeat across verbatims far more than texts do).
PIECE_STEPS = (replace_urls, replace_handles, split_hashtags, replace_emojis,
               shorten_letter_runs, expand_sms_words)
PIPELINE = (remove_invisible, join_spaced_elisions, *PIECE_STEPS, collapse_spaces, expand_c_est_j_ai)


def normalize_piece(piece: str) -> str:
    """The piece steps on one whitespace-free piece, spaces collapsed."""
    for step in PIECE_STEPS:
        piece = step(piece)
    return " ".join(piece.split())


# Entries each cache of distinct pieces or words keeps (normalisation, tokens, n-grams):
# enough for the words that recur, bounded for files of millions of rows.
CACHE_SIZE = 50_000
_normalize_piece = functools.lru_cache(maxsize=CACHE_SIZE)(normalize_piece)


def normalize(text: str) -> str:
    """Every step of `PIPELINE` in order; accents and case are kept for spaCy.

    The result equals applying the steps one after the other to the whole text
    (`tests/test_normalize.py` checks it); it is computed piece by piece for speed.
    """
    pieces = (_normalize_piece(p) for p in join_spaced_elisions(remove_invisible(text)).split())
    return expand_c_est_j_ai(" ".join(p for p in pieces if p))
