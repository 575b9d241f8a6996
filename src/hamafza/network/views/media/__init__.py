"""Staff HTML views of media relations, one module per page family: contacts (with their
interactions and the person's data on request), outlets, and press enquiries."""

from hamafza.network.views.media.contacts import (
    contact_create,
    contact_detail,
    contact_edit,
    contact_erase,
    contact_export,
    contact_list,
    interaction_create,
    interaction_remove,
)
from hamafza.network.views.media.enquiries import (
    enquiry_assign,
    enquiry_create,
    enquiry_detail,
    enquiry_edit,
    enquiry_list,
    enquiry_transition,
)
from hamafza.network.views.media.outlets import (
    outlet_create,
    outlet_detail,
    outlet_edit,
    outlet_interaction_create,
    outlet_list,
)

__all__ = [
    "contact_create",
    "contact_detail",
    "contact_edit",
    "contact_erase",
    "contact_export",
    "contact_list",
    "enquiry_assign",
    "enquiry_create",
    "enquiry_detail",
    "enquiry_edit",
    "enquiry_list",
    "enquiry_transition",
    "interaction_create",
    "interaction_remove",
    "outlet_create",
    "outlet_detail",
    "outlet_edit",
    "outlet_interaction_create",
    "outlet_list",
]
