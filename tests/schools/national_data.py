"""Two schools in two provinces reporting one program for 2023–2025, with known national totals.

                  2023              2024              2025
    广东 (甲校)   300 人, 100 毕业, 90%   250, 100, 80%   200, 100, 84%
    江苏 (乙校)   200 人, 100 毕业, 80%   200,  50, 70%   200, 100, 80%
    全国          500 人, 85.0%           450, 76.7%      400, 82.0%

A third school (广东, 丙校) withdrew the program in 2024 and its 2025 report (5,000 students) was returned, and a
fourth (江苏, 丁校) has a 2025 report still waiting for the province: neither may reach any national figure.
"""

from decimal import Decimal
from types import SimpleNamespace

from catalogue.factories import ProgramFactory
from catalogue.schools.factories import AnnualReportFactory, OfferingFactory, ReportLineFactory, SchoolFactory
from catalogue.schools.models import AnnualReport, School
from catalogue.schools.provinces import Province

APPROVED, RETURNED, SUBMITTED = (
    AnnualReport.Status.APPROVED,
    AnnualReport.Status.RETURNED,
    AnnualReport.Status.SUBMITTED,
)

FIGURES = {
    "甲": [(2023, 300, 100, "90"), (2024, 250, 100, "80"), (2025, 200, 100, "84")],
    "乙": [(2023, 200, 100, "80"), (2024, 200, 50, "70"), (2025, 200, 100, "80")],
}


def report(school, year, program, enrolment, graduates, rate, status=APPROVED, level="intermediate"):
    annual = AnnualReportFactory(school=school, year=year, status=status)
    return ReportLineFactory(
        report=annual,
        program=program,
        level=level,
        enrolment=enrolment,
        students=enrolment * 3,
        graduates=graduates,
        employment_rate=Decimal(rate) if graduates else None,
    )


def build():
    program = ProgramFactory(code="0106", name="焊接加工")
    jia = SchoolFactory(name="甲技师学院", province=Province.GUANGDONG, kind=School.Kind.TECHNICIAN_COLLEGE)
    yi = SchoolFactory(name="乙技工学校", province=Province.JIANGSU, kind=School.Kind.SCHOOL)
    bing = SchoolFactory(name="丙技工学校", province=Province.GUANGDONG)
    ding = SchoolFactory(name="丁技工学校", province=Province.JIANGSU)
    OfferingFactory(school=jia, program=program, offers_intermediate=True, offers_advanced=True)
    OfferingFactory(school=yi, program=program, offers_intermediate=True, offers_advanced=False)
    OfferingFactory(school=bing, program=program, withdrawn_year=2024)
    for school, name in ((jia, "甲"), (yi, "乙")):
        for year, enrolment, graduates, rate in FIGURES[name]:
            report(school, year, program, enrolment, graduates, rate)
    report(bing, 2025, program, 5000, 1000, "10", status=RETURNED)
    report(ding, 2025, program, 3000, 1000, "10", status=SUBMITTED)
    return SimpleNamespace(program=program, jia=jia, yi=yi, bing=bing, ding=ding)
