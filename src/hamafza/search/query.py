"""What a searcher typed, parsed into words and phrases of the search key.

Syntax, kept to what people type into a news site's box:

* words: all must match (AND). A word finds its inflected forms («کتاب» finds «کتابها»,
  «کتابهایی»), through the stems the index keeps (``normalize.index_parts``);
* a word ending in ``*`` (three letters or more) matches as a prefix: «توانمند*» finds
  «توانمندسازی» too. Explicit, because a prefix scan over a common word costs many times an
  exact lookup;
* quoted phrases, in "…", «…» or “…”: the words in that order;
* nothing else is syntax. FTS operators (AND, OR, NEAR, ^, :), brackets, NUL and other
  control characters are text like any other and fold away with the punctuation.

Parsing never raises; input past ``MAX_INPUT`` characters and words past ``MAX_WORDS`` are
ignored, so a 2,000-character paste costs no more than a sentence.
"""

import re
from dataclasses import dataclass

from hamafza.search.normalize import search_key

MAX_INPUT = 300
MAX_WORDS = 12
MIN_PREFIX = 3
_QUOTED = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
_STARRED = re.compile(r"(\S+?)\*+(?=\s|$)")


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool
    # A prefix's words in the index, filled in before searching (``vocabulary.expand``).
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    def words(self) -> list[Term]:
        """Every word to highlight: the terms, and the phrases' words matched whole."""
        found = list(self.terms)
        found += [Term(word, prefix=False) for phrase in self.phrases for word in phrase]
        return found


def parse(text: str) -> Query:
    text = (text or "")[:MAX_INPUT]
    terms: list[Term] = []
    phrases: list[tuple[str, ...]] = []
    budget = MAX_WORDS

    def take(words: list[str]) -> list[str]:
        nonlocal budget
        kept = words[:budget]
        budget -= len(kept)
        return kept

    for match in _QUOTED.finditer(text):
        words = take(search_key(next(g for g in match.groups() if g is not None)).split())
        if len(words) > 1:
            phrases.append(tuple(words))
        elif words:
            terms.append(Term(words[0], prefix=False))
    rest = _QUOTED.sub(" ", text)
    for match in _STARRED.finditer(rest):
        words = take(search_key(match.group(1)).split())
        terms += [Term(word, prefix=len(word) >= MIN_PREFIX) for word in words[-1:]]
        terms += [Term(word, prefix=False) for word in words[:-1]]
    for word in take(search_key(_STARRED.sub(" ", rest)).split()):
        terms.append(Term(word, prefix=False))
    unique = list(dict.fromkeys(terms))
    return Query(terms=tuple(unique), phrases=tuple(dict.fromkeys(phrases)))
