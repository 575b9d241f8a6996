"""The public search form: the desk's search form without the status filter (the public
sees published stories only), with the public's wording."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext

from hamafza.newsroom.forms import StorySearchForm
from hamafza.org.models import Unit


class PublicSearchForm(StorySearchForm):
    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data, units=units, staff=False)
        self.fields["q"].widget.attrs.update(
            {"placeholder": gettext("جستجو در خبرها"), "aria-label": gettext("جستجو در خبرها")}
        )
