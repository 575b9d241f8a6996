"""`/api/v1/`: the caller, units, the people directory and partners.

Every operation except ``/me`` is for staff (members of the network): it fetches through an
``access_*`` helper, reads through ``selectors`` and changes state only through ``services``,
so the API enforces exactly the rules the staff workspace does. The services' refusals become
JSON errors (see ``_common.service_errors``).
"""

from ninja import Router

from hamafza.org.api.partners import router as partners_router
from hamafza.org.api.people import router as people_router
from hamafza.org.api.units import router as units_router

router = Router(tags=["org"])
router.add_router("", people_router)
router.add_router("", units_router)
router.add_router("", partners_router)

__all__ = ["router"]
