"""The story API's shapes in and out. Coded values (status, kind, subjects…) are checked
against the models' choices and listed in the OpenAPI document; the services still validate
everything."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema

from hamafza.newsroom.models import ChangeNote, EditorialNote, Story, StoryRevision, Subject
from hamafza.org.api._common import PageFilters
from hamafza.org.models import Domain


def _one_of(values: Iterable[str]) -> Callable[[str], str]:
    allowed = list(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of: {', '.join(map(repr, allowed))}")
        return value

    return check


def _enum(values: list[str]) -> WithJsonSchema:
    # Listed inline rather than as the TextChoices classes: those would all become OpenAPI
    # components named "Status", "Kind", … and collide with other apps' choices.
    return WithJsonSchema({"type": "string", "enum": values})


S, K, L, F = Story.Status, Story.Kind, Story.Language, Story.Feature
StatusCode = Annotated[str, AfterValidator(_one_of(S.values)), _enum(S.values)]
KindCode = Annotated[str, AfterValidator(_one_of(K.values)), _enum(K.values)]
LanguageCode = Annotated[str, AfterValidator(_one_of(L.values)), _enum(L.values)]
FeatureCode = Annotated[str, AfterValidator(_one_of(F.values)), _enum(F.values)]
SubjectCode = Annotated[
    str, AfterValidator(_one_of(Subject.Code.values)), _enum(Subject.Code.values)
]
DomainCode = Annotated[str, AfterValidator(_one_of(Domain.Code.values)), _enum(Domain.Code.values)]

# --- Out -----------------------------------------------------------------------------------


class StoryUnitOut(Schema):
    slug: str
    name: str


class StoryRefOut(Schema):
    id: int
    unit: StoryUnitOut


class ChangeNoteOut(Schema):
    note: str
    author: str | None = Field(description="Username of who made the correction")
    created_at: datetime

    @staticmethod
    def resolve_author(obj: ChangeNote) -> str | None:
        return obj.author.username if obj.author else None


class StoryOut(Schema):
    """A story as the caller may see it. The lists read what ``with_output_data`` loads."""

    id: int
    code: int | None = Field(description="The news code, assigned at first publication")
    status: StatusCode
    version: int = Field(description="Send it back when saving or moving the story")
    unit: StoryUnitOut
    kicker: str
    headline: str
    lead: str
    body: str = Field(description="Sanitized HTML")
    kind: KindCode
    language: LanguageCode
    subjects: list[str] = Field(description="Subject codes")
    domains: list[str] = Field(description="Domain codes")
    tags: list[str]
    authors: list[str] = Field(description="Usernames")
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    first_published_at: datetime | None
    scheduled_for: datetime | None
    needs_retro_approval: bool = Field(description="Force-published, awaiting approval")
    feature: FeatureCode = Field(description="The national front page; '' when never asked")
    origin: StoryRefOut | None = Field(description="The story this one republishes")
    republications: list[StoryRefOut] = Field(
        description="Where this story was republished (the copies the caller may see)"
    )
    change_notes: list[ChangeNoteOut] = Field(description="Public notes on corrections")
    activity: int | None = Field(description="The id of the plan activity the story serves")
    key_messages: list[int] = Field(description="Ids of the strategy's key messages it carries")

    @staticmethod
    def resolve_activity(obj: Story) -> int | None:
        return obj.activity_id

    @staticmethod
    def resolve_key_messages(obj: Story) -> list[int]:
        return sorted(message.pk for message in obj.key_messages.all())

    @staticmethod
    def resolve_subjects(obj: Story) -> list[str]:
        return sorted(subject.code for subject in obj.subjects.all())

    @staticmethod
    def resolve_domains(obj: Story) -> list[str]:
        return sorted(domain.code for domain in obj.domains.all())

    @staticmethod
    def resolve_tags(obj: Story) -> list[str]:
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_authors(obj: Story) -> list[str]:
        return sorted(author.username for author in obj.authors.all())

    @staticmethod
    def resolve_republications(obj: Story) -> list[Story]:
        return list(getattr(obj, "visible_republications", []))

    @staticmethod
    def resolve_change_notes(obj: Story) -> list[ChangeNote]:
        return list(obj.change_notes.all())


class StoryPage(Schema):
    items: list[StoryOut]
    count: int = Field(
        description="How many stories the caller may see match the filters; with `q`, at most 1,000"
    )
    count_exact: bool = Field(description="False when more stories match than `count` says")
    page: int
    page_size: int


class ConflictOut(Schema):
    detail: str = Field(description="A Persian message for the user")
    code: str = Field(description="Always 'conflict'")
    current: StoryOut = Field(description="The story as it is now")


class RevisionOut(Schema):
    version: int
    author: str | None = Field(description="Username of who saved it")
    created_at: datetime

    @staticmethod
    def resolve_author(obj: StoryRevision) -> str | None:
        return obj.author.username if obj.author else None


class RevisionContentOut(Schema):
    kicker: str
    headline: str
    lead: str
    body: str
    kind: str
    language: str
    subjects: list[str]
    domains: list[str]
    tags: list[str]


class RevisionDetailOut(RevisionOut):
    data: RevisionContentOut = Field(description="The story's content at this version")


class NoteOut(Schema):
    id: int
    author: str = Field(description="Username")
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: EditorialNote) -> str:
        return obj.author.username


# --- In ------------------------------------------------------------------------------------


class StoryFilters(PageFilters):
    unit: str = Field(default="", description="A unit's slug; includes the units below it")
    status: StatusCode | None = None
    kind: KindCode | None = None
    subject: SubjectCode | None = None
    q: str = Field(
        default="",
        max_length=200,
        description="Search words (headline, lead and body; all must match, a word of three "
        "letters or more also matches the words it begins, text in quotes is a phrase). "
        "With `q` the best matches come first and `count` stops at 1,000.",
    )


class StoryCreateIn(Schema):
    headline: str = Field(max_length=1000)
    body: str = ""
    kicker: str = Field(default="", max_length=1000)
    lead: str = Field(default="", max_length=5000)
    kind: KindCode = Story.Kind.NEWS.value
    language: LanguageCode = Story.Language.FA.value
    subjects: list[SubjectCode] = []
    domains: list[DomainCode] = []
    tags: list[str] = []
    unit: str = Field(default="", description="A unit's slug; by default the creator's own unit")
    activity: int | None = Field(
        default=None, description="The id of a plan activity (of a plan the caller may see)"
    )
    key_messages: list[int] = Field(
        default=[], description="Ids of key messages of the active strategy the story carries"
    )


class StoryUpdateIn(Schema):
    """Only the fields sent are changed."""

    version: int = Field(description="The version the edit started from")
    change_note: str = Field(
        default="", max_length=1000, description="Required when correcting a published story"
    )
    headline: str | None = Field(default=None, max_length=1000)
    body: str | None = None
    kicker: str | None = Field(default=None, max_length=1000)
    lead: str | None = Field(default=None, max_length=5000)
    kind: KindCode | None = None
    language: LanguageCode | None = None
    subjects: list[SubjectCode] | None = None
    domains: list[DomainCode] | None = None
    tags: list[str] | None = None
    key_messages: list[int] | None = Field(
        default=None, description="Ids of key messages of the active strategy; [] unlinks all"
    )
    activity: int | None = Field(
        default=None,
        description="The id of the plan activity the story serves; null unlinks it, "
        "leaving the field out keeps the link",
    )

    def changes(self) -> dict[str, Any]:
        """The content fields the client sent (null means: leave it; for ``activity``, null
        is sent on to unlink)."""
        sent = self.model_dump(exclude_unset=True, exclude={"version", "change_note"})
        changes = {name: value for name, value in sent.items() if value is not None}
        if "activity" in sent:
            changes["activity"] = sent["activity"]
        return changes


class TransitionIn(Schema):
    version: int | None = Field(
        default=None,
        description="The version the caller saw; a changed story is then refused (409)",
    )
    note: str = Field(default="", max_length=2000, description="Required to return or unpublish")


class ScheduleIn(TransitionIn):
    when: datetime = Field(description="ISO 8601; without a time zone, Tehran time")


class RepublishIn(Schema):
    unit: str = Field(
        default="", description="The adopting unit's slug; by default the caller's own"
    )


class RestoreIn(Schema):
    version: int = Field(description="The story's current version (not the revision's)")
    change_note: str = Field(default="", max_length=1000)


class RetroApproveIn(Schema):
    version: int | None = None


class NoteIn(Schema):
    body: str = Field(max_length=8000)
