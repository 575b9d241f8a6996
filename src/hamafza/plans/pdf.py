"""The media attachment as a PDF in Persian: right to left, set in the Vazirmatn font the app
already serves (no font or stylesheet is fetched from anywhere else), rendered by WeasyPrint
through Pango, which shapes Persian letters.
"""

import logging
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONT = "hamafza/fonts/Vazirmatn-Variable.woff2"


def _font_url() -> str:
    found = finders.find(FONT)
    if not found:
        raise FileNotFoundError(FONT)
    return Path(str(found)).resolve().as_uri()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render ``template`` with ``context`` and return the PDF. Only local files (the font)
    and data: URLs are fetched: text people typed is escaped by the template, and even a link
    that slipped through could not make the server request anything."""
    # Imported here: WeasyPrint loads its fonts and stylesheets on import, which every web
    # worker and command would otherwise pay for; its progress log is silenced.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string(template, {**context, "font_url": _font_url()})
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    if pdf is None:  # only when a target file is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
