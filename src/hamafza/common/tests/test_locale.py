"""The English catalogue is complete and its compiled .mo matches the .po it came from."""

import ast
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, ngettext

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _string(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def _entries() -> list[dict[str, str]]:
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        key = None
        flags = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line
            ):
                key = match.group(1)
                fields[key] = [match.group(2)]
            elif line.startswith('"') and key:
                fields[key].append(line)
        if "msgid" in fields and _string(fields["msgid"]):
            entries.append(
                {
                    "flags": flags,
                    **{name: _string(value) for name, value in fields.items()},
                }
            )
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = _entries()
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in str(entry["flags"]), entry["msgid"]
        translations = [v for k, v in entry.items() if str(k).startswith("msgstr")]
        assert translations, entry["msgid"]
        assert all(translations), entry["msgid"]


def test_the_compiled_catalogue_matches_the_source():
    with translation.override("en"):
        for entry in _entries():
            if "msgctxt" in entry:
                continue
            msgid = str(entry["msgid"])
            if "msgid_plural" in entry:
                assert ngettext(msgid, str(entry["msgid_plural"]), 1) == entry["msgstr[0]"]
                assert ngettext(msgid, str(entry["msgid_plural"]), 5) == entry["msgstr[1]"]
            else:
                assert gettext(msgid) == entry["msgstr"], msgid
