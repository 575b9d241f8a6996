"""A readable comparison of two versions of a story's content.

Each field is compared on its own; the body (HTML) is compared as text paragraphs, so a
changed word shows inside its paragraph rather than as a wall of markup. Within a changed
paragraph (or headline) the words that differ are marked.
"""

import difflib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

from hamafza.newsroom.models import Story, Subject
from hamafza.org.models import Domain

# Elements that start a paragraph of their own when the body is read as text.
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr", "pre", "figcaption",
    "br", "hr", "div", "table", "ul", "ol",
}  # fmt: skip


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()
        elif tag in {"td", "th"}:
            self._current.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)


def body_paragraphs(html: str) -> list[str]:
    """The body's text, one string per paragraph (heading, list item, table row…)."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser._flush()
    return parser.paragraphs


@dataclass
class Piece:
    """A run of words: ``kind`` is "same", "del" or "ins"."""

    kind: str
    text: str


@dataclass
class Line:
    """One paragraph (or value) of the comparison: unchanged, removed, added or changed."""

    kind: str  # "same", "del", "ins", "change"
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class FieldDiff:
    label: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.kind != "same" for line in self.lines)


def _words(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` word by word."""
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("del", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", " ".join(b[j1:j2])))
    return pieces


def _similar(a: str, b: str) -> bool:
    """Close enough to be the same paragraph edited, rather than one removed and one added."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 0.5


def _pair(old: list[str], new: list[str]) -> list[Line]:
    """A block of paragraphs that differ: edited ones side by side (words marked), the rest
    as removed or added, in reading order."""
    lines: list[Line] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if _similar(old[i], new[j]):
            lines.append(Line("change", _words(old[i], new[j])))
            i, j = i + 1, j + 1
        elif any(_similar(old[i], later) for later in new[j + 1 :]):
            lines.append(Line("ins", [Piece("ins", new[j])]))
            j += 1
        else:
            lines.append(Line("del", [Piece("del", old[i])]))
            i += 1
    lines.extend(Line("del", [Piece("del", text)]) for text in old[i:])
    lines.extend(Line("ins", [Piece("ins", text)]) for text in new[j:])
    return lines


def _lines(old: list[str], new: list[str]) -> list[Line]:
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(Line("same", [Piece("same", text)]) for text in old[i1:i2])
        elif tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            # One value for another (a headline, a kind): always shown word by word.
            lines.append(Line("change", _words(old[i1], new[j1])))
        else:
            lines.extend(_pair(old[i1:i2], new[j1:j2]))
    return lines


def _labels(values: list[str], choices: Any) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


def _as_text(name: str, value: Any) -> list[str]:
    """A field's value as the paragraphs to compare."""
    if name == "body":
        return body_paragraphs(str(value or ""))
    if name == "kind":
        return _labels([value], Story.Kind.choices) if value else []
    if name == "language":
        return _labels([value], Story.Language.choices) if value else []
    if name == "subjects":
        return ["، ".join(_labels(list(value or []), Subject.Code.choices))] if value else []
    if name == "domains":
        return ["، ".join(_labels(list(value or []), Domain.Code.choices))] if value else []
    if name == "tags":
        return ["، ".join(str(tag) for tag in value or [])] if value else []
    text = " ".join(str(value or "").split())
    return [text] if text else []


def field_labels() -> list[tuple[str, str]]:
    return [
        ("kicker", _("روتیتر")),
        ("headline", _("تیتر")),
        ("lead", _("لید")),
        ("body", _("متن")),
        ("kind", _("نوع")),
        ("language", _("زبان")),
        ("subjects", _("موضوع‌ها")),
        ("domains", _("حوزه‌ها")),
        ("tags", _("برچسب‌ها")),
    ]


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """Field by field, ``old`` → ``new`` (two revisions' ``data``, or a form's content)."""
    diffs = []
    for name, label in field_labels():
        before, after = _as_text(name, old.get(name)), _as_text(name, new.get(name))
        diffs.append(FieldDiff(label=label, lines=_lines(before, after)))
    return diffs
