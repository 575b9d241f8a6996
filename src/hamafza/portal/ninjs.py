"""A published story as IPTC ninjs 3.1 (News in JSON), for news agencies' systems.

The document validates against IPTC's schema
(``http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#``; a copy is in ``tests/data/``):
absent values are left out, never ``null``; every ``uri`` and ``href`` is absolute. Mapping:

* ``uri``: the story's canonical address; ``altIds``: the news code (role ``newsCode``);
  ``version``: the story's version (it grows with every change, corrections included).
* ``firstCreated``: the first publication; ``versionCreated``: the last change;
  ``contentCreated``: when the draft was started. ISO 8601 in Tehran time.
* ``headlines``: the headline (role ``main``) and the kicker (role ``kicker``);
  ``descriptions``: the lead (role ``summary``) and public correction notes (role
  ``correction``); ``bodies``: the sanitized HTML body (role ``main``).
* ``language``: fa, en or ar. ``genres``: the story's kind.
* ``subjects``: the strategy's subjects (rel ``subject``, literal = the code) and the tags
  (rel ``tag``).
* ``organisations``, ``by``: the publishing unit; ``copyrightHolder``: the publication.
* ``associations``: the photos, in the story's order (the first is ``featureimage``), each a
  ``picture`` with its caption, alt text, credit and renditions.
"""

from django.conf import settings
from django.http import HttpRequest
from pydantic import BaseModel, Field

from hamafza.newsroom.models import Story, StoryPhoto
from hamafza.portal import canonical
from hamafza.portal.jsonld import iso, published
from hamafza.search.documents import plain_text

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

# Plain pydantic models, not ninja's Schema: those read a nested model back through its
# attributes, and ``standard.schema`` would then be pydantic's ``schema()`` method.


class NinjsText(BaseModel):
    """One of ``headlines``, ``descriptions``: a value with its role."""

    role: str | None = None
    contentType: str | None = None
    value: str


class NinjsBody(NinjsText):
    charCount: int | None = None
    wordCount: int | None = None


class NinjsRendition(BaseModel):
    name: str = Field(description="original, preview or thumbnail")
    href: str
    contentType: str | None = None
    width: int | None = None
    height: int | None = None


class NinjsSubject(BaseModel):
    name: str
    rel: str = Field(description="subject (the strategy's subjects) or tag")
    literal: str | None = None


class NinjsOrganisation(BaseModel):
    name: str
    rel: str
    uri: str
    literal: str


class NinjsAltId(BaseModel):
    role: str
    value: str


class NinjsGenre(BaseModel):
    name: str
    literal: str


class NinjsStandard(BaseModel):
    name: str
    version: str
    schema_: str = Field(alias="schema")


class NinjsPicture(BaseModel):
    """A photo of the story, as an association."""

    name: str = Field(description="featureimage for the first photo, image2, image3… after it")
    rel: str
    uri: str = Field(description="The photo's original file")
    type: str = "picture"
    representationType: str = "full"
    headlines: list[NinjsText] | None = Field(default=None, description="The caption")
    descriptions: list[NinjsText] = Field(description="The alt text (role alt)")
    by: str | None = Field(default=None, description="The credit")
    renditions: list[NinjsRendition]


class NinjsOut(BaseModel):
    """An IPTC ninjs 3.1 news item (``standard`` says which)."""

    uri: str = Field(description="The story's canonical address")
    type: str = "text"
    representationType: str = "full"
    profile: str = Field(description="text-only, or text-photo when the story has photos")
    version: str
    firstCreated: str
    versionCreated: str
    contentCreated: str
    pubStatus: str = "usable"
    language: str
    headlines: list[NinjsText]
    descriptions: list[NinjsText] | None = None
    bodies: list[NinjsBody] | None = None
    subjects: list[NinjsSubject] | None = None
    organisations: list[NinjsOrganisation]
    by: str
    copyrightHolder: str
    altIds: list[NinjsAltId]
    genres: list[NinjsGenre]
    associations: list[NinjsPicture] | None = None
    standard: NinjsStandard


def _renditions(request: HttpRequest, photo: StoryPhoto) -> list[NinjsRendition]:
    content_type = canonical.image_type(photo.image)
    renditions = [
        NinjsRendition(
            name="original",
            href=canonical.media_url(request, photo.image),
            contentType=content_type,
            width=photo.width or None,
            height=photo.height or None,
        )
    ]
    for name, file in (("preview", photo.medium), ("thumbnail", photo.thumb)):
        if file:
            renditions.append(
                NinjsRendition(
                    name=name,
                    href=canonical.media_url(request, file),
                    contentType=canonical.image_type(file),
                )
            )
    return renditions


def _picture(request: HttpRequest, photo: StoryPhoto, position: int) -> NinjsPicture:
    first = position == 1
    return NinjsPicture(
        name="featureimage" if first else f"image{position}",
        rel="featureimage" if first else "image",
        uri=canonical.media_url(request, photo.image),
        headlines=[NinjsText(value=photo.caption)] if photo.caption else None,
        descriptions=[NinjsText(role="alt", contentType="text/plain", value=photo.alt_text)],
        by=photo.credit or None,
        renditions=_renditions(request, photo),
    )


def story_ninjs(request: HttpRequest, story: Story) -> NinjsOut:
    """``story`` (published: it must have a news code) as a ninjs item. Reads its unit, photos,
    subjects, tags and change notes (through any prefetch)."""
    photos = list(story.photos.all())
    headlines = [NinjsText(role="main", contentType="text/plain", value=story.headline)]
    if story.kicker:
        headlines.append(NinjsText(role="kicker", contentType="text/plain", value=story.kicker))
    descriptions = []
    if story.lead:
        descriptions.append(NinjsText(role="summary", contentType="text/plain", value=story.lead))
    descriptions += [
        NinjsText(role="correction", contentType="text/plain", value=note.note)
        for note in story.change_notes.all()
    ]
    bodies = None
    if story.body:
        text = plain_text(story.body)
        bodies = [
            NinjsBody(
                role="main",
                contentType="text/html",
                value=story.body,
                charCount=len(" ".join(text.split())),
                wordCount=len(text.split()),
            )
        ]
    subjects = [
        NinjsSubject(name=str(subject), rel="subject", literal=subject.code)
        for subject in story.subjects.all()
    ] + [NinjsSubject(name=tag.name, rel="tag") for tag in story.tags.all()]
    unit = story.unit
    return NinjsOut(
        uri=canonical.story_url(request, story),
        profile="text-photo" if photos else "text-only",
        version=str(story.version),
        firstCreated=iso(published(story)),
        versionCreated=iso(story.updated_at),
        contentCreated=iso(story.created_at),
        language=story.language,
        headlines=headlines,
        descriptions=descriptions or None,
        bodies=bodies,
        subjects=subjects or None,
        organisations=[
            NinjsOrganisation(
                name=unit.name,
                rel="publisher",
                uri=canonical.unit_url(request, unit),
                literal=unit.slug,
            )
        ],
        by=unit.name,
        copyrightHolder=str(settings.PUBLICATION_NAME),
        altIds=[NinjsAltId(role="newsCode", value=str(story.code))],
        genres=[NinjsGenre(name=story.get_kind_display(), literal=story.kind)],
        associations=[_picture(request, photo, n) for n, photo in enumerate(photos, 1)] or None,
        standard=NinjsStandard(name="ninjs", version=NINJS_VERSION, schema=NINJS_SCHEMA),
    )
