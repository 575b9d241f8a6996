"""What the network adds to pages of the apps below it (``common.sections``): a person's
help to other units on their profile, a partner's joint activities on its page, and the
practitioners credited on a desk story page."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from hamafza.network.selectors import partnership, support
from hamafza.newsroom.models import Story
from hamafza.org.models import Partner


def person_support(request: HttpRequest, person: Any) -> str:
    """The person's completed help to other units, in short, with a link to the whole list.
    The org page already checked that the viewer may see the person."""
    contributions = support.support_contributions(person, viewer=request.user)
    return render_to_string(
        "network/support/includes/person_section.html",
        {
            "person": person,
            "contributions": contributions[:5],
            "count": len(contributions),
            "unit_count": len({c.request.unit_id for c in contributions}),
        },
        request=request,
    )


def partner_activities(request: HttpRequest, partner: Partner) -> str:
    activities = partnership.partner_joint_activities(viewer=request.user, partner=partner)
    return render_to_string(
        "network/partnership/partner_activities.html",
        {"partner": partner, "joint_activities": list(activities[:10])},
        request=request,
    )


def story_credits(request: HttpRequest, story: Story) -> str:
    credits = support.support_credits_for_story(story)
    if not credits:
        return ""
    return render_to_string(
        "network/support/includes/story_credits.html", {"credits": credits}, request=request
    )
