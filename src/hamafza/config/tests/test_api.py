"""The API instance as a whole: every app's router mounted on one OpenAPI document."""

from collections import defaultdict

from ninja import Schema

from hamafza.config.api import api


def _schemas(base: type) -> list[type]:
    found: list[type] = []
    subclasses: list[type] = base.__subclasses__()
    for subclass in subclasses:
        found.append(subclass)
        found += _schemas(subclass)
    return found


def test_no_two_schemas_share_a_name():
    """django-ninja files schemas under their class names: a second «StoryRefOut» in another
    app silently replaced the newsroom's in the document (and broke its clients' validation)."""
    api.get_openapi_schema()  # every router's schemas imported and registered
    modules = defaultdict(set)
    for cls in _schemas(Schema):
        if cls.__module__.startswith("hamafza."):
            modules[cls.__name__].add(cls.__module__)
    shared = {name: sorted(where) for name, where in modules.items() if len(where) > 1}
    assert shared == {}


def test_public_and_staff_paths_are_all_documented():
    paths = api.get_openapi_schema()["paths"]
    for prefix in ("/public/search", "/public/news", "/public/captcha", "/comments", "/stories"):
        assert any(path.removeprefix("/api/v1").startswith(prefix) for path in paths), prefix
