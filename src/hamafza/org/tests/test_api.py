"""`/api/v1/` org endpoints × personas: what each may do, what each is refused (and that a
refusal changes nothing), and that every response matches the OpenAPI document."""

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hamafza.accounts.services import token_create
from hamafza.org.models import Domain, Language, Membership, Partner, PartnerContact, Profile, Skill
from hamafza.org.tests.factories import PartnerFactory, UserFactory
from hamafza.org.tests.test_services import unchanged

User = get_user_model()
API = "/api/v1"
PERSIAN = re.compile("[\u0600-\u06ff]")

# --- Calling the API and checking each response against the OpenAPI document --------------

_openapi: dict[str, Any] = {}


def openapi(client: Client) -> dict[str, Any]:
    if not _openapi:
        response = client.get(f"{API}/openapi.json")
        assert response.status_code == 200
        _openapi.update(response.json())
    return _openapi


def _operation(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    for template, operations in doc["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            return operations[method]
    raise AssertionError(f"{method.upper()} {path} is not in the OpenAPI document")


def _problems(doc: dict[str, Any], schema: dict[str, Any], value: Any, at: str = "$") -> list[str]:
    """Where ``value`` does not fit ``schema`` (the subset of JSON Schema ninja emits)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _problems(doc, doc["components"]["schemas"][name], value, at)
    if "anyOf" in schema:
        options = [_problems(doc, option, value, at) for option in schema["anyOf"]]
        return [] if any(not found for found in options) else [f"{at}: fits no anyOf"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} not in enum"]
    kind = schema.get("type")
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    if kind in checks and not checks[kind](value):
        return [f"{at}: {value!r} is not {kind}"]
    found: list[str] = []
    if kind == "array":
        for index, item in enumerate(value):
            found += _problems(doc, schema.get("items", {}), item, f"{at}[{index}]")
    if kind == "object" and "properties" in schema:
        properties = schema["properties"]
        found += [f"{at}: missing {key}" for key in schema.get("required", []) if key not in value]
        found += [f"{at}: undeclared {key}" for key in value if key not in properties]
        for key, item in value.items():
            if key in properties:
                found += _problems(doc, properties[key], item, f"{at}.{key}")
    return found


def call(
    client: Client, method: str, path: str, body: Any = None, *, user: Any = None
) -> tuple[int, Any]:
    """Make one request (as ``user``, if given) and check the status is declared for the
    operation and the body fits the declared schema. Returns (status, parsed body)."""
    doc = openapi(client)
    if user is not None:
        client.force_login(user)
    kwargs: dict[str, Any] = {}
    if body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    response = getattr(client, method)(f"{API}{path}", **kwargs)
    operation = _operation(doc, method, f"{API}{path.split('?')[0]}")
    status = response.status_code
    assert str(status) in operation["responses"], f"{status} undeclared for {method} {path}"
    if status == 204:
        return status, None
    data = response.json()
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    assert _problems(doc, schema, data) == []
    if status >= 400:
        assert PERSIAN.search(data["detail"]), data
    return status, data


def refused(client: Client, method: str, path: str, body: Any = None, *, user: Any) -> int:
    """The request's (error) status, asserting it changed nothing."""
    with unchanged():
        status, _data = call(client, method, path, body, user=user)
    assert status >= 400
    return status


# --- Every operation, for the access rules that hold for all of them ----------------------


@dataclass
class Op:
    method: str
    template: str
    body: dict[str, Any] | None = None

    def path(self, partner: Partner, contact: PartnerContact) -> str:
        return (
            self.template.replace("{slug}", "tehran")
            .replace("{username}", "tehran.reporter")
            .replace("{partner_id}", str(partner.pk))
            .replace("{contact_id}", str(contact.pk))
        )


# One valid request per operation: a refusal must then come from the access rules.
OPERATIONS = [
    Op("get", "/units"),
    Op("get", "/units/{slug}"),
    Op("get", "/people"),
    Op("get", "/people/{username}"),
    Op("patch", "/people/{username}/profile", {"title": "x"}),
    Op(
        "post",
        "/units/{slug}/members",
        {"username": "new.one", "first_name": "ن", "last_name": "ن"},
    ),
    Op("put", "/units/{slug}/members/{username}/roles", {"roles": ["editor"]}),
    Op("post", "/people/{username}/deactivate"),
    Op("post", "/people/{username}/activate"),
    Op("get", "/partners"),
    Op("get", "/partners/{partner_id}"),
    Op("post", "/partners", {"owner_unit": "tehran", "name": "ن", "kind": "ngo"}),
    Op("patch", "/partners/{partner_id}", {"name": "x"}),
    Op("post", "/partners/{partner_id}/contacts", {"name": "x"}),
    Op("delete", "/partners/{partner_id}/contacts/{contact_id}"),
]


@pytest.fixture
def partner(net) -> Partner:
    partner = PartnerFactory.create(owner_unit=net.tehran, name="بهزیستی", kind=Partner.Kind.AGENCY)
    partner.domains.add(Domain.objects.get(code="inter_agency"))
    return partner


@pytest.fixture
def contact(partner) -> PartnerContact:
    return PartnerContact.objects.create(partner=partner, name="رابط اول", phone="021")


def test_openapi_document_lists_every_operation(client, net):
    doc = openapi(client)
    expected = {(op.method, op.template) for op in OPERATIONS} | {("get", "/me")}
    # This app's resources, by their first path segment; other apps' routers are pinned by
    # their own tests (newsroom/tests/test_api*.py and the like).
    ours = {template.split("/")[1] for _method, template in expected}
    listed = {
        (method, path.removeprefix(API))
        for path, operations in doc["paths"].items()
        for method in operations
        if path.removeprefix(API).split("/")[1] in ours
    }
    assert listed == expected


def test_openapi_every_operation_declares_its_errors(client, net):
    doc = openapi(client)
    for op in OPERATIONS:
        responses = doc["paths"][API + op.template][op.method]["responses"]
        assert {"401", "403"} <= set(responses), op


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.template}")
def test_outsider_is_refused_everywhere(client, net, partner, contact, op):
    assert refused(client, op.method, op.path(partner, contact), op.body, user=net.outsider) == 403


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.template}")
def test_anonymous_is_unauthenticated_everywhere(client, net, partner, contact, op):
    with unchanged():
        status, data = call(client, op.method, op.path(partner, contact), op.body)
    assert (status, data["code"]) == (401, "unauthenticated")


def test_bearer_token_authenticates(client, net):
    _token, raw = token_create(user=net.tehran_viewer, actor=net.tehran_viewer, name="ci")
    response = client.get(f"{API}/units", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 200


# --- /me -----------------------------------------------------------------------------------


def test_me_for_a_member(client, net):
    status, data = call(client, "get", "/me", user=net.tehran_head)
    assert status == 200
    assert data["memberships"] == [{"unit": "استان تهران", "unit_slug": "tehran", "role": "head"}]
    assert data["is_hq_admin"] is False


def test_me_for_an_outsider_is_allowed(client, net):
    status, data = call(client, "get", "/me", user=net.outsider)
    assert (status, data["memberships"]) == (200, [])


# --- Units ---------------------------------------------------------------------------------


def test_unit_tree(client, net):
    status, data = call(client, "get", "/units", user=net.tehran_viewer)
    assert status == 200
    rows = {row["slug"]: (row["parent"], row["depth"]) for row in data}
    assert rows["hq"] == (None, 0)
    assert rows["tehran"] == ("hq", 1)
    assert rows["shemiranat"] == ("tehran", 2)
    assert len(rows) == 8
    assert data[0]["slug"] == "hq"  # depth-first from the root


def test_unit_detail(client, net):
    status, data = call(client, "get", "/units/tehran", user=net.khorasan_video)
    assert status == 200
    assert data["parent"]["slug"] == "hq"
    assert [child["slug"] for child in data["children"]] == ["shemiranat"]
    assert data["member_count"] == 4


def test_unit_detail_member_count_skips_inactive(client, net):
    User.objects.filter(pk=net.tehran_viewer.pk).update(is_active=False)
    _status, data = call(client, "get", "/units/tehran", user=net.tehran_head)
    assert data["member_count"] == 3


def test_unit_detail_unknown_is_404(client, net):
    status, data = call(client, "get", "/units/nowhere", user=net.tehran_head)
    assert (status, data["code"]) == (404, "not_found")


# --- People directory ----------------------------------------------------------------------


def _usernames(data: dict[str, Any]) -> set[str]:
    return {item["username"] for item in data["items"]}


def test_people_unit_includes_subunits_by_default(client, net):
    _status, data = call(client, "get", "/people?unit=tehran", user=net.isfahan_editor)
    assert _usernames(data) == {
        "tehran.head",
        "tehran.editor",
        "tehran.reporter",
        "tehran.viewer",
        "shemiranat.head",
        "shemiranat.reporter",
    }
    assert data["count"] == 6


def test_people_unit_without_subunits(client, net):
    _status, data = call(
        client, "get", "/people?unit=tehran&include_subunits=false", user=net.tehran_viewer
    )
    assert data["count"] == 4


def test_people_province_finds_its_counties(client, net):
    _status, data = call(client, "get", "/people?province=khorasan-razavi", user=net.tehran_viewer)
    assert _usernames(data) == {"khorasan.video"}


def test_people_province_and_unit_inside_it(client, net):
    _status, data = call(
        client, "get", "/people?province=tehran&unit=shemiranat", user=net.tehran_viewer
    )
    assert _usernames(data) == {"shemiranat.head", "shemiranat.reporter"}


def test_people_province_and_unit_elsewhere_is_empty(client, net):
    _status, data = call(
        client, "get", "/people?province=tehran&unit=kashan", user=net.tehran_viewer
    )
    assert (data["items"], data["count"]) == ([], 0)


@pytest.mark.parametrize("query", ["unit=nowhere", "province=shemiranat"])
def test_people_unknown_unit_or_province_is_400(client, net, query):
    status, data = call(client, "get", f"/people?{query}", user=net.tehran_viewer)
    assert (status, data["code"]) == (400, "bad_request")


def test_people_by_role(client, net):
    _status, data = call(client, "get", "/people?role=head", user=net.tehran_viewer)
    assert _usernames(data) == {"tehran.head", "shemiranat.head", "isfahan.head"}


def test_people_role_must_be_held_in_the_unit(client, net):
    _status, data = call(client, "get", "/people?role=head&unit=isfahan", user=net.tehran_viewer)
    assert _usernames(data) == {"isfahan.head"}


def test_people_unknown_role_is_422(client, net):
    status, data = call(client, "get", "/people?role=king", user=net.tehran_viewer)
    assert (status, data["code"]) == (422, "invalid")


def test_people_by_skill_and_language(client, net):
    net.khorasan_video.profile.languages.add(Language.objects.get(code="ar"))
    _status, data = call(client, "get", "/people?skill=video&language=ar", user=net.tehran_viewer)
    assert _usernames(data) == {"khorasan.video"}
    assert data["items"][0]["skills"] == ["video"]


def test_people_search_name_written_with_zwnj(client, net):
    _status, data = call(client, "get", "/people?q=فیلم‌بردار", user=net.tehran_viewer)
    assert _usernames(data) == {"khorasan.video"}


def test_people_search_phone_with_persian_digits(client, net):
    Profile.objects.filter(user=net.isfahan_editor).update(phone="03112345678")
    _status, data = call(client, "get", "/people?q=۰۳۱۱۲۳۴", user=net.tehran_viewer)
    assert _usernames(data) == {"isfahan.editor"}


def test_people_hides_deactivated_accounts(client, net):
    User.objects.filter(pk=net.tehran_reporter.pk).update(is_active=False)
    _status, data = call(client, "get", "/people?unit=tehran", user=net.tehran_head)
    assert "tehran.reporter" not in _usernames(data)


def test_people_include_inactive_for_managers(client, net):
    User.objects.filter(pk=net.tehran_reporter.pk).update(is_active=False)
    _status, data = call(
        client, "get", "/people?unit=tehran&include_inactive=true", user=net.tehran_head
    )
    assert "tehran.reporter" in _usernames(data)


def test_people_include_inactive_refused_to_non_managers(client, net):
    status, _data = call(client, "get", "/people?include_inactive=true", user=net.tehran_editor)
    assert status == 403


def test_people_pagination(client, net):
    _status, first = call(client, "get", "/people?page_size=5", user=net.tehran_viewer)
    _status, second = call(client, "get", "/people?page_size=5&page=3", user=net.tehran_viewer)
    assert (first["count"], first["page"], first["page_size"]) == (11, 1, 5)
    assert len(first["items"]) == 5
    assert len(second["items"]) == 1
    assert not _usernames(first) & _usernames(second)


def test_people_page_past_the_end_is_empty(client, net):
    _status, data = call(client, "get", "/people?page=50", user=net.tehran_viewer)
    assert (data["items"], data["count"]) == ([], 11)


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=101", "page=x"])
def test_people_pagination_bounds(client, net, query):
    status, _data = call(client, "get", f"/people?{query}", user=net.tehran_viewer)
    assert status == 422


def test_people_page_size_100_allowed(client, net):
    status, data = call(client, "get", "/people?page_size=100", user=net.tehran_viewer)
    assert (status, data["page_size"]) == (200, 100)


def _add_people(net: Any, start: int, count: int) -> None:
    skills = list(Skill.objects.all()[:3])
    languages = list(Language.objects.all()[:2])
    for number in range(start, start + count):
        person = UserFactory.create(username=f"bulk{number}")
        person.profile.skills.set(skills)
        person.profile.languages.set(languages)
        Membership.objects.create(user=person, unit=net.tehran, role="reporter")
        Membership.objects.create(user=person, unit=net.shemiranat, role="viewer")


def test_people_list_query_count_does_not_grow_with_people(
    client, net, django_assert_max_num_queries
):
    client.force_login(net.tehran_viewer)
    url = f"{API}/people?page_size=100&unit=tehran"
    _add_people(net, 0, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_people(net, 3, 32)
    # Session, user, access (memberships, tree), the unit, count, page, three prefetches.
    with django_assert_max_num_queries(min(len(few), 10)):
        response = client.get(url)
    assert response.json()["count"] == 41


def test_person_detail(client, net):
    status, data = call(client, "get", "/people/khorasan.video", user=net.tehran_viewer)
    assert status == 200
    assert data["skills"] == ["video"]
    assert data["memberships"] == [
        {"unit": "شهرستان نیشابور", "unit_slug": "neyshabur", "role": "reporter"}
    ]


def test_person_detail_unknown_is_404(client, net):
    status, _data = call(client, "get", "/people/nobody", user=net.tehran_viewer)
    assert status == 404


# --- Profiles ------------------------------------------------------------------------------


def test_profile_update_by_self(client, net):
    status, data = call(
        client,
        "patch",
        "/people/tehran.reporter/profile",
        {"title": "عکاس", "skills": ["photo", "video"], "languages": ["en"], "phone": "۰۲۱۸۸"},
        user=net.tehran_reporter,
    )
    assert status == 200
    assert (data["title"], data["skills"], data["languages"], data["phone"]) == (
        "عکاس",
        ["photo", "video"],
        ["en"],
        "02188",
    )


def test_profile_update_leaves_missing_fields(client, net):
    Profile.objects.filter(user=net.tehran_reporter).update(bio="درباره من")
    call(client, "patch", "/people/tehran.reporter/profile", {"title": "x"}, user=net.tehran_head)
    assert Profile.objects.get(user=net.tehran_reporter).bio == "درباره من"


def test_profile_update_refused_for_a_colleague(client, net):
    assert (
        refused(
            client,
            "patch",
            "/people/tehran.editor/profile",
            {"title": "x"},
            user=net.tehran_reporter,
        )
        == 403
    )


def test_profile_update_unknown_skill_changes_nothing(client, net):
    with unchanged():
        status, data = call(
            client,
            "patch",
            "/people/tehran.reporter/profile",
            {"title": "عکاس", "skills": ["photo", "juggling"]},
            user=net.tehran_reporter,
        )
    assert status == 400
    assert "juggling" in data["detail"]


@pytest.mark.parametrize(
    ("body", "status"),
    [({"email": "nope"}, 400), ({"title": "ع" * 201}, 400), ({"bio": "ب" * 2001}, 422)],
)
def test_profile_update_bad_input_changes_nothing(client, net, body, status):
    assert (
        refused(client, "patch", "/people/tehran.reporter/profile", body, user=net.tehran_reporter)
        == status
    )


# --- Members and roles ---------------------------------------------------------------------


def test_member_create_in_a_county(client, net):
    body = {"username": "Sara.K", "first_name": "سارا", "last_name": "کاظمی", "role": "editor"}
    status, data = call(client, "post", "/units/shemiranat/members", body, user=net.tehran_head)
    assert status == 201
    assert data["username"] == "sara.k"
    assert data["memberships"][0]["role"] == "editor"


@pytest.mark.parametrize(
    ("persona", "slug", "extra", "status"),
    [
        ("tehran_head", "tehran", {"role": "admin"}, 403),
        ("tehran_head", "isfahan", {}, 403),
        ("tehran_editor", "tehran", {}, 403),
        ("tehran_head", "tehran", {"username": "tehran.editor"}, 400),
        ("tehran_head", "tehran", {"email": "nope"}, 400),
        ("tehran_head", "tehran", {"password": "123"}, 400),
        ("tehran_head", "tehran", {"role": "king"}, 422),
        ("tehran_head", "nowhere", {}, 404),
    ],
)
def test_member_create_refused(client, net, persona, slug, extra, status):
    body = {"username": "new.one", "first_name": "ن", "last_name": "ن", **extra}
    assert (
        refused(client, "post", f"/units/{slug}/members", body, user=getattr(net, persona))
        == status
    )


def test_member_set_roles(client, net):
    status, data = call(
        client,
        "put",
        "/units/tehran/members/tehran.reporter/roles",
        {"roles": ["viewer", "editor"]},
        user=net.tehran_head,
    )
    assert (status, data["roles"]) == (200, ["editor", "viewer"])


@pytest.mark.parametrize(
    ("persona", "slug", "username", "roles", "status"),
    [
        ("tehran_head", "tehran", "tehran.reporter", ["editor", "admin"], 403),  # all or nothing
        ("shemiranat_head", "tehran", "tehran.reporter", ["editor"], 403),
        ("tehran_editor", "tehran", "tehran.reporter", ["editor"], 403),
        ("tehran_head", "tehran", "tehran.head", ["editor"], 400),  # own head role
        ("hq_admin", "tehran", "tehran.reporter", ["hq_editor"], 400),
        ("tehran_head", "tehran", "nobody", ["editor"], 404),
        ("tehran_head", "tehran", "tehran.reporter", ["king"], 422),
    ],
)
def test_member_set_roles_refused(client, net, persona, slug, username, roles, status):
    path = f"/units/{slug}/members/{username}/roles"
    assert refused(client, "put", path, {"roles": roles}, user=getattr(net, persona)) == status


def test_deactivate_and_activate(client, net):
    status, data = call(client, "post", "/people/tehran.reporter/deactivate", user=net.tehran_head)
    assert (status, data["is_active"]) == (200, False)
    status, data = call(client, "post", "/people/tehran.reporter/activate", user=net.tehran_head)
    assert (status, data["is_active"]) == (200, True)


def test_deactivated_token_stops_authenticating(client, net):
    _token, raw = token_create(user=net.tehran_reporter, actor=net.tehran_reporter, name="ci")
    call(client, "post", "/people/tehran.reporter/deactivate", user=net.tehran_head)
    other = Client()
    response = other.get(f"{API}/me", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("persona", "username", "status"),
    [
        ("tehran_head", "tehran.head", 400),  # self
        ("tehran_head", "isfahan.editor", 403),
        ("tehran_editor", "tehran.reporter", 403),
        ("shemiranat_head", "tehran.reporter", 403),
        ("tehran_head", "nobody", 404),
    ],
)
def test_deactivate_refused(client, net, persona, username, status):
    path = f"/people/{username}/deactivate"
    assert refused(client, "post", path, user=getattr(net, persona)) == status


# --- Partners ------------------------------------------------------------------------------


def test_partner_list_and_filters(client, net, partner):
    other = PartnerFactory.create(owner_unit=net.isfahan, name="دانشگاه اصفهان", kind="university")
    other.domains.add(Domain.objects.get(code="extra_agency"))
    PartnerFactory.create(owner_unit=net.isfahan, name="بایگانی", is_active=False)
    for query, expected in [
        ("", {"بهزیستی", "دانشگاه اصفهان"}),
        ("?kind=university", {"دانشگاه اصفهان"}),
        ("?domain=inter_agency", {"بهزیستی"}),
        ("?unit=tehran", {"بهزیستی"}),
        ("?q=دانشگاه", {"دانشگاه اصفهان"}),
    ]:
        status, data = call(client, "get", f"/partners{query}", user=net.tehran_viewer)
        assert status == 200
        assert {item["name"] for item in data["items"]} == expected, query


def test_partner_list_query_count_does_not_grow_with_partners(
    client, net, django_assert_max_num_queries
):
    client.force_login(net.tehran_viewer)
    domains = list(Domain.objects.all())
    for number in range(35):
        PartnerFactory.create(owner_unit=net.tehran, name=f"همکار {number}").domains.set(domains)
    # Session, user, access (memberships, tree), count, page, domains.
    with django_assert_max_num_queries(7):
        response = client.get(f"{API}/partners?page_size=100")
    assert response.json()["count"] == 35


@pytest.mark.parametrize(("query", "status"), [("kind=alien", 422), ("unit=nowhere", 400)])
def test_partner_list_bad_filters(client, net, query, status):
    assert call(client, "get", f"/partners?{query}", user=net.tehran_viewer)[0] == status


def test_partner_detail(client, net, partner, contact):
    status, data = call(client, "get", f"/partners/{partner.pk}", user=net.khorasan_video)
    assert status == 200
    assert data["domains"] == ["inter_agency"]
    assert data["owner_unit"]["slug"] == "tehran"
    assert [c["name"] for c in data["contacts"]] == ["رابط اول"]


def test_partner_detail_unknown_is_404(client, net):
    assert call(client, "get", "/partners/999999", user=net.tehran_viewer)[0] == 404


def test_partner_create(client, net):
    body = {
        "owner_unit": "shemiranat",
        "name": "خبرگزاری",
        "kind": "media",
        "domains": ["extra_agency"],
        "website": "https://example.org",
    }
    status, data = call(client, "post", "/partners", body, user=net.tehran_editor)
    assert status == 201
    assert (data["owner_unit"]["slug"], data["domains"], data["country"]) == (
        "shemiranat",
        ["extra_agency"],
        "ایران",
    )


@pytest.mark.parametrize(
    ("persona", "extra", "status"),
    [
        ("tehran_reporter", {}, 403),
        ("isfahan_editor", {}, 403),
        ("tehran_editor", {"owner_unit": "nowhere"}, 400),
        ("tehran_editor", {"website": "not a url"}, 400),
        ("tehran_editor", {"name": ""}, 400),
        ("tehran_editor", {"domains": ["galactic"]}, 422),
        ("tehran_editor", {"kind": "alien"}, 422),
    ],
)
def test_partner_create_refused(client, net, persona, extra, status):
    body = {"owner_unit": "tehran", "name": "همکار", "kind": "ngo", **extra}
    assert refused(client, "post", "/partners", body, user=getattr(net, persona)) == status


def test_partner_update(client, net, partner):
    status, data = call(
        client,
        "patch",
        f"/partners/{partner.pk}",
        {"name": "سازمان بهزیستی", "domains": ["pr_network"], "is_active": False},
        user=net.tehran_head,
    )
    assert status == 200
    assert (data["name"], data["domains"], data["is_active"], data["kind"]) == (
        "سازمان بهزیستی",
        ["pr_network"],
        False,
        "agency",
    )


@pytest.mark.parametrize(
    ("persona", "body", "status"),
    [
        ("isfahan_editor", {"name": "x"}, 403),
        ("tehran_reporter", {"name": "x"}, 403),
        ("tehran_editor", {"name": None}, 400),
        ("tehran_editor", {"website": "not a url"}, 400),
        ("tehran_editor", {"domains": ["galactic"]}, 422),
    ],
)
def test_partner_update_refused(client, net, partner, persona, body, status):
    path = f"/partners/{partner.pk}"
    assert refused(client, "patch", path, body, user=getattr(net, persona)) == status


def test_partner_update_unknown_is_404(client, net):
    assert refused(client, "patch", "/partners/999999", {"name": "x"}, user=net.hq_admin) == 404


def test_partner_contact_add(client, net, partner):
    body = {"name": "رابط", "email": "r@example.org", "phone": "021"}
    status, data = call(
        client, "post", f"/partners/{partner.pk}/contacts", body, user=net.tehran_editor
    )
    assert (status, data["name"]) == (201, "رابط")
    assert PartnerContact.objects.filter(partner=partner, pk=data["id"]).exists()


@pytest.mark.parametrize(
    ("persona", "body", "status"),
    [
        ("isfahan_editor", {"name": "x"}, 403),
        ("tehran_editor", {"name": "x", "email": "nope"}, 400),
        ("tehran_editor", {"name": ""}, 400),
        ("tehran_editor", {}, 422),
    ],
)
def test_partner_contact_add_refused(client, net, partner, persona, body, status):
    path = f"/partners/{partner.pk}/contacts"
    assert refused(client, "post", path, body, user=getattr(net, persona)) == status


def test_partner_contact_remove(client, net, partner, contact):
    path = f"/partners/{partner.pk}/contacts/{contact.pk}"
    assert call(client, "delete", path, user=net.tehran_editor)[0] == 204
    assert not PartnerContact.objects.filter(pk=contact.pk).exists()


def test_partner_contact_remove_refused(client, net, partner, contact):
    path = f"/partners/{partner.pk}/contacts/{contact.pk}"
    assert refused(client, "delete", path, user=net.isfahan_editor) == 403


def test_partner_contact_of_another_partner_is_404(client, net, partner, contact):
    other = PartnerFactory.create(owner_unit=net.tehran)
    path = f"/partners/{other.pk}/contacts/{contact.pk}"
    assert refused(client, "delete", path, user=net.tehran_editor) == 404
