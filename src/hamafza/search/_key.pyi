"""Types of the compiled search key (``_key.c``); ``normalize._compiled`` sets it up."""

from collections.abc import Callable, Sequence

def setup(
    table: Sequence[str | None],
    stopwords: Sequence[str],
    prefixes: Sequence[str],
    suffixes: Sequence[str],
    stem_suffixes: Sequence[str],
    min_stem: int,
    max_word: int,
    is_normalized: Callable[[str], bool],
    /,
) -> None: ...
def is_ready() -> bool: ...
def key(text: str, /) -> str | None: ...
def index_parts(text: str, /) -> tuple[str, str] | None: ...
