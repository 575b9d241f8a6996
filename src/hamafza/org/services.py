"""Changes to the network: members, roles, accounts, profiles, units and partners.

Every function takes the acting user explicitly, checks permission through
``hamafza.org.permissions``, runs in one transaction and writes one audit row per change.
Refusals raise ``PermissionDenied``; bad input raises ``ValidationError`` with a Persian
message; in both cases nothing is changed.
"""

import io
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hamafza.common.audit import audit_log, diff_fields
from hamafza.common.persian import to_ascii_digits
from hamafza.org.models import (
    Domain,
    Language,
    Membership,
    Partner,
    PartnerContact,
    Profile,
    Role,
    Skill,
    Unit,
)
from hamafza.org.permissions import access_for, forget_access

User = get_user_model()

PHOTO_MAX_SIDE = 512
PHOTO_MAX_BYTES = 3 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


# --- Units ---------------------------------------------------------------------------------


def unit_create(
    *, actor: Any, parent: Unit | None, name: str, slug: str, kind: str, name_en: str = ""
) -> Unit:
    """Create a unit under ``parent``. Admins of the parent (HQ admins for a new root)."""
    access = access_for(actor)
    if parent is None:
        _require(access.is_superuser, _("فقط مدیر کل سامانه می‌تواند واحد ریشه بسازد."))
    else:
        _require(parent.pk in access.admin_unit_ids(), _("شما مدیر سامانه این واحد نیستید."))
    name = name.strip()
    slug = slugify(slug or name_en)
    if not name:
        raise ValidationError(_("نام واحد را بنویسید."))
    if not slug:
        raise ValidationError(_("نشانی واحد (با حروف لاتین) را بنویسید."))
    if kind not in Unit.Kind.values:
        raise ValidationError(_("نوع واحد نامعتبر است."))
    if Unit.objects.filter(slug=slug).exists():
        raise ValidationError(_("واحدی با این نشانی وجود دارد."))
    with transaction.atomic():
        unit = Unit.objects.create(
            parent=parent, name=name, name_en=name_en.strip(), slug=slug, kind=kind
        )
        audit_log(actor=actor, action="org.unit.create", obj=unit, unit=unit, summary=name)
    forget_access(actor)
    return unit


# --- Members and roles ---------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("نقش «%(role)s» تعریف نشده است.") % {"role": role})


def _check_role_fits_unit(role: str, unit: Unit, access: Any) -> None:
    # Checked before permission: can_grant refuses hq_editor outside HQ too, but the reason
    # is the input, not who asks.
    if role == Role.HQ_EDITOR and not access.tree.is_hq_side(unit.pk):
        raise ValidationError(_("نقش دبیر ستاد فقط در ستاد و دفترهای آن معنا دارد."))


def _check_user_fields(values: dict[str, str]) -> None:
    """Validate account fields (length, e-mail format) before anything is written: the
    ``User`` row is saved without ``full_clean``, and PostgreSQL rejects an over-long name
    with a database error instead of a message."""
    for attr, value in values.items():
        field = cast("models.Field[Any, Any]", User._meta.get_field(attr))
        try:
            field.clean(value, None)
        except ValidationError as exc:
            raise ValidationError(
                [f"{field.verbose_name}: {message}" for message in exc.messages]
            ) from None


def membership_add(*, actor: Any, user: Any, unit: Unit, role: str) -> Membership:
    """Give ``user`` ``role`` in ``unit``. Adding a role the user already has changes nothing."""
    _check_role(role)
    access = access_for(actor)
    _check_role_fits_unit(role, unit, access)
    _require(access.can_grant(unit, role), _("شما اجازه دادن این نقش در این واحد را ندارید."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        if created:
            audit_log(
                actor=actor,
                action="org.membership.add",
                obj=membership,
                unit=unit,
                summary=f"{user.username}: {role}",
                changes={"role": [None, role]},
            )
    forget_access(user)
    return membership


def membership_remove(*, actor: Any, membership: Membership) -> None:
    access = access_for(actor)
    _require(
        access.can_grant(membership.unit, membership.role),
        _("شما اجازه برداشتن این نقش را ندارید."),
    )
    if membership.user_id == actor.pk and membership.role in {Role.HEAD, Role.ADMIN}:
        raise ValidationError(_("نمی‌توانید نقش مدیریتی خودتان را بردارید؛ از مدیر دیگری بخواهید."))
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="org.membership.remove",
            obj=membership,
            unit=membership.unit,
            summary=f"{membership.user.username}: {membership.role}",
            changes={"role": [membership.role, None]},
        )
        membership.delete()
    forget_access(membership.user)


def member_set_roles(*, actor: Any, user: Any, unit: Unit, roles: Iterable[str]) -> set[str]:
    """Make ``user``'s roles in ``unit`` exactly ``roles``. All or nothing: if any one change
    is refused, none is made."""
    wanted = set(roles)
    for role in wanted:
        _check_role(role)
    current = set(Membership.objects.filter(user=user, unit=unit).values_list("role", flat=True))
    with transaction.atomic():
        for role in sorted(wanted - current):
            membership_add(actor=actor, user=user, unit=unit, role=role)
        for membership in Membership.objects.filter(
            user=user, unit=unit, role__in=current - wanted
        ):
            membership_remove(actor=actor, membership=membership)
    return wanted


def member_create(
    *,
    actor: Any,
    unit: Unit,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    role: str = Role.REPORTER,
    password: str | None = None,
) -> Any:
    """Create an account with a profile and its first role in ``unit``.

    Without a password the account gets an unusable one and signs in after a password reset.
    """
    _check_role(role)
    access = access_for(actor)
    _check_role_fits_unit(role, unit, access)
    _require(
        access.can_grant(unit, role), _("شما اجازه افزودن عضو با این نقش به این واحد را ندارید.")
    )
    username = username.strip().lower()
    if not username:
        raise ValidationError(_("نام کاربری را بنویسید."))
    user_field = User._meta.get_field("username")
    try:
        user_field.run_validators(username)
    except ValidationError:
        raise ValidationError(
            _("نام کاربری فقط می‌تواند حروف لاتین، رقم و نویسه‌های . _ - @ + داشته باشد.")
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("این نام کاربری قبلاً گرفته شده است."))
    if not first_name.strip() and not last_name.strip():
        raise ValidationError(_("نام و نام خانوادگی عضو را بنویسید."))
    _check_user_fields(
        {"first_name": first_name.strip(), "last_name": last_name.strip(), "email": email.strip()}
    )
    candidate = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    if password:
        validate_password(password, user=candidate)
    with transaction.atomic():
        if password:
            candidate.set_password(password)
        else:
            candidate.set_unusable_password()
        candidate.save()
        Profile.objects.create(user=candidate)
        audit_log(
            actor=actor,
            action="org.member.create",
            obj=candidate,
            unit=unit,
            summary=f"{username} ({candidate.get_full_name()})",
        )
        membership_add(actor=actor, user=candidate, unit=unit, role=role)
    return candidate


def user_set_active(*, actor: Any, user: Any, active: bool) -> Any:
    """Deactivate or reactivate an account. A deactivated user loses access at their next
    request (sessions and tokens stop authenticating); nothing they wrote is removed."""
    access = access_for(actor)
    if user.pk == actor.pk:
        raise ValidationError(_("نمی‌توانید حساب خودتان را غیرفعال کنید."))
    _require(access.can_manage_user(user), _("شما اجازه تغییر وضعیت این حساب را ندارید."))
    if user.is_active == active:
        return user
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        audit_log(
            actor=actor,
            action="org.member.activate" if active else "org.member.deactivate",
            obj=user,
            summary=user.username,
            changes={"is_active": [not active, active]},
        )
    return user


def user_set_superuser(*, actor: Any, user: Any, superuser: bool) -> Any:
    """Open or close Django admin (/admin/ with every permission) for ``user``.

    Only a superuser may, or ``SYSTEM`` (the command line, for the installation's first admin).
    """
    access = access_for(actor)
    _require(access.is_superuser, _("فقط مدیر کل سامانه می‌تواند دسترسی مدیریت جنگو بدهد."))
    if user.is_superuser == superuser and user.is_staff == superuser:
        return user
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_superuser=superuser, is_staff=superuser)
        audit_log(
            actor=actor,
            action="org.member.superuser",
            obj=user,
            summary=user.username,
            changes={"is_superuser": [user.is_superuser, superuser]},
        )
        user.is_superuser = user.is_staff = superuser
    forget_access(user)
    return user


# --- Profiles ------------------------------------------------------------------------------


def _clean_photo(upload: UploadedFile) -> ContentFile:
    """Re-encode an uploaded photo as a square-bounded JPEG without EXIF (location, device)."""
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("حجم عکس حداکثر ۳ مگابایت است."))
    try:
        with Image.open(upload) as opened:
            if opened.width * opened.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("ابعاد عکس بیش از حد بزرگ است."))
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            _("این پرونده عکس معتبری نیست (JPEG، PNG یا WebP بفرستید).")
        ) from None
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _profile_snapshot(profile: Profile) -> dict[str, Any]:
    return {
        "first_name": profile.user.first_name,
        "last_name": profile.user.last_name,
        "email": profile.user.email,
        "title": profile.title,
        "phone": profile.phone,
        "bio": profile.bio,
        "skills": sorted(profile.skills.values_list("code", flat=True)),
        "languages": sorted(profile.languages.values_list("code", flat=True)),
    }


def profile_update(
    *,
    actor: Any,
    user: Any,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    title: str | None = None,
    phone: str | None = None,
    bio: str | None = None,
    skills: Iterable[Skill] | None = None,
    languages: Iterable[Language] | None = None,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Profile:
    """Update a profile. The person themselves, or someone who manages them. Fields left as
    None are not changed."""
    access = access_for(actor)
    _require(
        user.pk == actor.pk or access.can_manage_user(user),
        _("شما اجازه ویرایش این نمایه را ندارید."),
    )
    cleaned_photo = _clean_photo(photo) if photo is not None else None
    user_values = {
        attr: value.strip()
        for attr, value in (("first_name", first_name), ("last_name", last_name), ("email", email))
        if value is not None
    }
    _check_user_fields(user_values)
    if phone is not None:
        # Stored data stays ASCII, so the directory finds the number however it was typed.
        phone = to_ascii_digits(phone)
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        # The snapshots must read the account object changed below, not a copy loaded lazily.
        profile.user = user
        before = _profile_snapshot(profile)
        for attr, value in (("title", title), ("phone", phone), ("bio", bio)):
            if value is not None:
                setattr(profile, attr, value.strip())
        # Validate before touching the account or the photo files: a refusal changes nothing.
        profile.full_clean(exclude=["user", "photo"])
        for attr, value in user_values.items():
            setattr(user, attr, value)
        user.save(update_fields=["first_name", "last_name", "email"])
        old_photo = profile.photo.name or ""
        if remove_photo:
            profile.photo = ""
        if cleaned_photo is not None:
            profile.photo.save("photo.jpg", cleaned_photo, save=False)
        profile.save()
        new_photo = profile.photo.name or ""
        if old_photo and new_photo != old_photo:
            # The old file goes only once the new state is committed; a rollback keeps it.
            storage = profile.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
        if skills is not None:
            profile.skills.set(list(skills))
        if languages is not None:
            profile.languages.set(list(languages))
        changes = diff_fields(before, _profile_snapshot(profile))
        if new_photo != old_photo:
            changes["photo"] = [old_photo or None, new_photo or None]
        if changes:
            audit_log(
                actor=actor,
                action="org.profile.update",
                obj=user,
                summary=user.username,
                changes=changes,
            )
    return profile


# --- Partners ------------------------------------------------------------------------------

PARTNER_FIELDS = ("name", "name_en", "kind", "country", "website", "description", "is_active")


def _partner_snapshot(partner: Partner) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(partner, f) for f in PARTNER_FIELDS}
    data["domains"] = sorted(partner.domains.values_list("code", flat=True)) if partner.pk else []
    return data


def _check_domains(domains: Iterable[str]) -> list[str]:
    codes = sorted(set(domains))
    unknown = [c for c in codes if c not in Domain.Code.values]
    if unknown:
        raise ValidationError(_("حوزه نامعتبر: %(codes)s") % {"codes": "، ".join(unknown)})
    return codes


def partner_create(
    *, actor: Any, owner_unit: Unit, domains: Iterable[str], **fields: Any
) -> Partner:
    access = access_for(actor)
    _require(
        owner_unit.pk in access.partner_owner_units(),
        _("شما اجازه ثبت همکار برای این واحد را ندارید."),
    )
    codes = _check_domains(domains)
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    partner = Partner(owner_unit=owner_unit, **fields)
    partner.full_clean()
    with transaction.atomic():
        partner.save()
        partner.domains.set(Domain.objects.filter(code__in=codes))
        audit_log(
            actor=actor,
            action="org.partner.create",
            obj=partner,
            unit=owner_unit,
            summary=partner.name,
            changes=diff_fields({}, _partner_snapshot(partner)),
        )
    return partner


def partner_update(
    *, actor: Any, partner: Partner, domains: Iterable[str] | None = None, **fields: Any
) -> Partner:
    access = access_for(actor)
    _require(access.can_edit_partner(partner), _("شما اجازه ویرایش این همکار را ندارید."))
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    codes = _check_domains(domains) if domains is not None else None
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        before = _partner_snapshot(partner)
        for name, value in fields.items():
            setattr(partner, name, value)
        partner.full_clean()
        partner.save()
        if codes is not None:
            partner.domains.set(Domain.objects.filter(code__in=codes))
        changes = diff_fields(before, _partner_snapshot(partner))
        if changes:
            audit_log(
                actor=actor,
                action="org.partner.update",
                obj=partner,
                unit=partner.owner_unit,
                summary=partner.name,
                changes=changes,
            )
    return partner


def partner_contact_add(*, actor: Any, partner: Partner, **fields: Any) -> PartnerContact:
    access = access_for(actor)
    _require(access.can_edit_partner(partner), _("شما اجازه ویرایش این همکار را ندارید."))
    contact = PartnerContact(partner=partner, **fields)
    contact.full_clean()
    with transaction.atomic():
        contact.save()
        audit_log(
            actor=actor,
            action="org.partner.contact_add",
            obj=contact,
            unit=partner.owner_unit,
            summary=f"{partner.name}: {contact.name}",
        )
    return contact


def partner_contact_remove(*, actor: Any, contact: PartnerContact) -> None:
    access = access_for(actor)
    _require(access.can_edit_partner(contact.partner), _("شما اجازه ویرایش این همکار را ندارید."))
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="org.partner.contact_remove",
            obj=contact,
            unit=contact.partner.owner_unit,
            summary=f"{contact.partner.name}: {contact.name}",
        )
        contact.delete()
