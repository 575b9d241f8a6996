"""The public search form: the desk's search form without the status filter (the public
sees published stories only), with the public's wording; and the e-services link form."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.forms import StorySearchForm
from hamafza.org.models import Unit
from hamafza.portal.models import EServiceLink


class PublicSearchForm(StorySearchForm):
    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data, units=units, staff=False)
        self.fields["q"].widget.attrs.update(
            {"placeholder": gettext("جستجو در خبرها"), "aria-label": gettext("جستجو در خبرها")}
        )


class EServiceLinkForm(forms.Form):
    """A link of the e-services block: a title, an http(s) address, a short description."""

    title = forms.CharField(label=_("عنوان"), max_length=120)
    url = forms.URLField(
        label=_("نشانی"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
        help_text=_("نشانی کامل خدمت، با https:// یا http://"),
    )
    description = forms.CharField(label=_("توضیح کوتاه"), max_length=200, required=False)
    is_active = forms.BooleanField(
        label=_("نمایش در سایت"),
        required=False,
        help_text=_("پیوند پنهان در فهرست می‌ماند ولی در صفحه‌های عمومی دیده نمی‌شود."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        # URLField also takes ftp://; a reader's browser should open a web page.
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(gettext("نشانی باید با https:// یا http:// آغاز شود."))
        return url

    @staticmethod
    def initial_for(link: EServiceLink) -> dict[str, Any]:
        return {name: getattr(link, name) for name in ("title", "url", "description", "is_active")}
