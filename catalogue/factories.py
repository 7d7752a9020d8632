"""factory_boy factories for the catalogue register, used by tests and nothing else at run time."""

import datetime

import factory
from factory.django import DjangoModelFactory

from cms.users.models import Organisation, User
from cms.users.roles import role_group

from .models import Adjustment, AdjustmentTarget, Category, Edition, Program, Sector


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试出版社{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Faker("email")
    first_name = factory.Faker("first_name", locale="zh_CN")
    last_name = factory.Faker("last_name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """`groups=[ADMINISTRATORS, …]`: role keys from `cms.users.roles`."""
        if create and extracted:
            for key in extracted:
                self.groups.add(role_group(key))
        if create:
            self.save()


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda o: f"测试{o.code}类")


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["code"]

    category = factory.SubFactory(CategoryFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.category.code}{(n % 89) + 10:02d}")
    name = factory.Sequence(lambda n: f"测试专业{n}")
    offers_intermediate = True
    offers_advanced = True
    offers_technician = False
    sector = Sector.REGULAR
    since = 2018
    occupations = factory.LazyAttribute(lambda o: [f"{o.name}工"])
    description = factory.Faker("sentence", locale="zh_CN")
    employment_rate = factory.Faker("pydecimal", left_digits=2, right_digits=1, min_value=86, max_value=99)
    employment_rate_year = 2024
    enrolment = factory.Faker("pyint", min_value=300, max_value=9000)
    enrolment_year = 2024


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: str(2000 + n))
    effective_date = factory.LazyAttribute(lambda o: datetime.date(int(o.name), 9, 1))


class AdjustmentFactory(DjangoModelFactory):
    """An adjustment proposal; pass `old_programs=[...]` and `targets=[(code, name), ...]`."""

    class Meta:
        model = Adjustment
        django_get_or_create = ["reference"]
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"T-{n:03d}")
    kind = Adjustment.Kind.ADD
    effective_date = datetime.date(2025, 9, 1)
    rationale = factory.Faker("sentence", locale="zh_CN")
    evidence = factory.Faker("sentence", locale="zh_CN")
    status = Adjustment.Status.SUBMITTED

    @factory.post_generation
    def old_programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.old_programs.set(extracted)
            self.save()

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        if create and extracted:
            for order, (code, name) in enumerate(extracted):
                AdjustmentTargetFactory(adjustment=self, sort_order=order, code=code, name=name)


class AdjustmentTargetFactory(DjangoModelFactory):
    """A program an adjustment results in, described as fully as a new program's public page needs."""

    class Meta:
        model = AdjustmentTarget

    adjustment = factory.SubFactory(AdjustmentFactory)
    code = factory.Sequence(lambda n: f"01{(n % 89) + 10:02d}")
    name = factory.Sequence(lambda n: f"测试新专业{n}")
    offers_intermediate = True
    offers_advanced = True
    occupations = factory.LazyAttribute(lambda o: f"{o.name}工")
    sector = Sector.EMERGING
    description = factory.Faker("sentence", locale="zh_CN")
