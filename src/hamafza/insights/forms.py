"""The editorial calendar's filters. They parse; what each person may see is decided by the
scoped querysets the choices come from (a plan the person cannot see is no choice, so asking
for it is an invalid filter, not a way to learn that it exists)."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.insights.calendar import CalendarFilters
from hamafza.org.forms import unit_choices
from hamafza.org.models import Unit
from hamafza.org.permissions import UnitTree
from hamafza.plans.models import Plan
from hamafza.strategy.models import Goal


class CalendarFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("واحد (با زیرمجموعه‌ها)"), required=False)
    goal = forms.TypedChoiceField(
        label=_("هدف راهبردی"), required=False, coerce=int, empty_value=None
    )
    plan = forms.TypedChoiceField(label=_("طرح"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        data: Any,
        *,
        units: Sequence[Unit],
        goals: Sequence[Goal],
        plans: Sequence[Plan],
    ) -> None:
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices(
            units, empty_label=_("همه واحدها")
        )
        cast(forms.ChoiceField, self.fields["goal"]).choices = [
            ("", _("همه هدف‌ها")),
            *((str(goal.pk), goal.title) for goal in goals),
        ]
        cast(forms.ChoiceField, self.fields["plan"]).choices = [
            ("", _("همه طرح‌ها")),
            *((str(plan.pk), f"{plan.title} — {plan.unit.name}") for plan in plans),
        ]

    @property
    def chosen_unit(self) -> Unit | None:
        slug = self.cleaned_data.get("unit") or ""
        return self.units_by_slug.get(slug)

    def filters(self, tree: UnitTree) -> CalendarFilters:
        """Only after ``is_valid()``."""
        unit = self.chosen_unit
        return CalendarFilters(
            unit_ids=frozenset(tree.subtree(unit.pk)) if unit is not None else None,
            goal_id=self.cleaned_data.get("goal"),
            plan_id=self.cleaned_data.get("plan"),
        )

    def query(self) -> dict[str, str]:
        """The chosen filters as URL parameters, to keep them across pages."""
        if not self.is_valid():
            return {}
        unit = self.chosen_unit
        params = {
            "unit": unit.slug if unit is not None else "",
            "goal": self.cleaned_data.get("goal"),
            "plan": self.cleaned_data.get("plan"),
        }
        return {key: str(value) for key, value in params.items() if value}
