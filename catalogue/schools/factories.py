"""factory_boy factories for schools, offerings, reports and adoptions, used by tests and nothing else at run time."""

import factory
from factory.django import DjangoModelFactory

from catalogue.factories import ProgramFactory

from .credit_code import check_character
from .models import Adoption, AnnualReport, Offering, ProvincialDepartment, ReportLine, School
from .provinces import Province


def credit_code(n):
    """A valid 统一社会信用代码 for the n-th school: 52 (民办非企业单位) + a made-up region and body code."""
    body = f"52440000{n:09d}"
    return body + check_character(body)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试技工学校{n}")
    province = Province.GUANGDONG
    kind = School.Kind.TECHNICIAN_COLLEGE  # trains at every level
    credit_code = factory.Sequence(credit_code)

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.add(*extracted)


class ProvincialDepartmentFactory(DjangoModelFactory):
    class Meta:
        model = ProvincialDepartment
        django_get_or_create = ["province"]
        skip_postgeneration_save = True

    province = Province.GUANGDONG
    name = factory.LazyAttribute(lambda o: f"{Province(o.province).label}人力资源和社会保障厅")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.add(*extracted)


class OfferingFactory(DjangoModelFactory):
    class Meta:
        model = Offering
        django_get_or_create = ["school", "program"]

    school = factory.SubFactory(SchoolFactory)
    program = factory.SubFactory(ProgramFactory)
    offers_intermediate = True
    offers_advanced = True
    since_year = 2015


class AnnualReportFactory(DjangoModelFactory):
    class Meta:
        model = AnnualReport
        django_get_or_create = ["school", "year"]

    school = factory.SubFactory(SchoolFactory)
    year = 2024


class ReportLineFactory(DjangoModelFactory):
    class Meta:
        model = ReportLine

    report = factory.SubFactory(AnnualReportFactory)
    program = factory.SubFactory(ProgramFactory)
    level = "intermediate"
    enrolment = 100
    students = 300
    graduates = 90
    employment_rate = factory.LazyAttribute(lambda o: 95 if o.graduates else None)


class AdoptionFactory(DjangoModelFactory):
    class Meta:
        model = Adoption

    school = factory.SubFactory(SchoolFactory)
    term = "2025-2026-1"
    students = 40
