"""factory_boy factories for the network; personas are built from these in conftest.py."""

import factory

from hamafza.accounts.models import User
from hamafza.org.models import Membership, Partner, Profile, Role, Unit

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "کاربر"
    last_name = factory.Sequence(lambda n: f"شماره {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def with_profile(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()
            Profile.objects.get_or_create(user=obj)


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"واحد {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")
    kind = Unit.Kind.COUNTY


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.REPORTER


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"همکار {n}")
    kind = Partner.Kind.NGO
    owner_unit = factory.SubFactory(UnitFactory)
