"""The staff desk's HTML views (``/desk/``), one module per area."""

from hamafza.org.views.audit import audit_log
from hamafza.org.views.desk import desk_home, my_profile
from hamafza.org.views.partners import (
    partner,
    partner_contact_add,
    partner_contact_remove,
    partner_create,
    partner_edit,
    partners,
)
from hamafza.org.views.people import people, person, person_edit, person_set_active
from hamafza.org.views.units import (
    unit,
    unit_member_active,
    unit_member_create,
    unit_member_roles,
    unit_membership_add,
    units,
)

__all__ = [
    "audit_log",
    "desk_home",
    "my_profile",
    "partner",
    "partner_contact_add",
    "partner_contact_remove",
    "partner_create",
    "partner_edit",
    "partners",
    "people",
    "person",
    "person_edit",
    "person_set_active",
    "unit",
    "unit_member_active",
    "unit_member_create",
    "unit_member_roles",
    "unit_membership_add",
    "units",
]
