"""What the public program and textbook pages show from the schools: the register and national totals only, and
never a stale cached page after an offering changes or a report is approved."""

from django.core.cache import cache

import pytest

from catalogue.factories import ProgramFactory, UserFactory
from catalogue.schools import services
from catalogue.schools.factories import AdoptionFactory, OfferingFactory, SchoolFactory
from catalogue.schools.models import AnnualReport
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage
from cms.users.roles import ADMINISTRATORS
from standards.models import ProgramCourse

from .national_data import build

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section(html, marker):
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


def test_the_program_page_counts_the_schools_by_province_and_lists_them(client):
    data = build()
    html = section(page(client, data.program.get_absolute_url()), 'id="schools"')
    assert "全国共有 <strong>2 所</strong>技工院校备案开设本专业" in html
    assert '<th scope="row">江苏省</th>' in html and '<th scope="row">广东省</th>' in html
    assert html.count('<td class="num" data-province-count>1 所</td>') == 2
    assert "甲技师学院" in html and "技师学院；中级技能、高级技能" in html
    assert "乙技工学校" in html and "技工学校；中级技能" in html
    assert "丙技工学校" not in html  # withdrawn in 2024


def test_the_program_page_shows_national_totals_only(client):
    data = build()
    html = section(page(client, data.program.get_absolute_url()), 'id="schools"')
    years = html[html.index("data-national-years") :]
    assert '<th scope="row">2023 年</th>' in years and "500 人" in years and "85.0%" in years
    assert "450 人" in years and "76.7%" in years and "400 人" in years and "82.0%" in years
    assert "5000" not in html and "3000" not in html  # the returned and the submitted report
    assert "250 人" not in html and "300 人" not in html  # 甲's own enrolment is never shown
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="sparkline"' in html


def test_a_program_without_schools_says_so(client):
    program = ProgramFactory()
    html = page(client, program.get_absolute_url())
    assert "暂无学校备案开设本专业。" in html
    assert "暂无经省级审核的专业年报数据。" in html


def listed_book_with_adoptions():
    program = ProgramFactory()
    course = ProgramCourse.objects.create(program=program, code="K01", name="零件加工")
    book = TextbookFactory(live=True, review_stage=ReviewStage.LISTED, programs=[program])
    schools = [SchoolFactory(name=f"选用学校{n}") for n in range(3)]
    for school in schools:
        OfferingFactory(school=school, program=program)
    AdoptionFactory(school=schools[0], course=course, textbook=book, term="2024-2025-2", students=45)
    AdoptionFactory(school=schools[1], course=course, textbook=book, term="2025-2026-1", students=40)
    AdoptionFactory(school=schools[2], course=course, textbook=book, term="2025-2026-1", students=38)
    return book


def test_the_textbook_page_shows_how_many_schools_and_students_use_it(client):
    book = listed_book_with_adoptions()
    html = section(page(client, book.get_absolute_url()), 'id="adoption"')
    assert "2025—2026 学年第一学期：<strong>2 所</strong>学校选用，使用学生 <strong>78 人</strong>" in html
    assert "累计 2 个学期：3 所学校选用，使用学生 123 人次" in html
    assert "选用学校0" not in html  # no school names, no per-school figures


def test_a_textbook_nobody_uses_says_so(client):
    book = TextbookFactory(live=True, review_stage=ReviewStage.LISTED)
    assert "暂无学校填报选用本教材。" in page(client, book.get_absolute_url())


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    yield cache
    cache.clear()


def test_a_new_offering_reaches_the_cached_program_page_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    program = ProgramFactory()
    first, second = client.get(program.get_absolute_url()), client.get(program.get_absolute_url())
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    with django_capture_on_commit_callbacks(execute=True):
        OfferingFactory(school=SchoolFactory(name="新开学校"), program=program)
    fresh = client.get(program.get_absolute_url())
    assert fresh["X-Cache"] == "miss" and "新开学校" in fresh.content.decode()


def test_approving_a_report_empties_the_cache_and_a_draft_does_not(
    client, page_cache, django_capture_on_commit_callbacks
):
    data = build()
    url = data.program.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        draft = AnnualReport.objects.create(school=data.ding, year=2026)
    assert client.get(url)["X-Cache"] == "hit"
    admin = UserFactory(groups=[ADMINISTRATORS])
    submitted = AnnualReport.objects.get(school=data.ding, year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_report(submitted, admin)
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    assert "3400 人" in fresh.content.decode()  # 2025: 400 + 丁's 3,000 now approved
    assert draft.status == AnnualReport.Status.DRAFT


def test_the_api_gives_the_number_of_schools_offering_a_program(client):
    data = build()
    assert client.get(f"/api/v1/programs/{data.program.code}").json()["schools_offering"] == 2
    nobody = ProgramFactory()
    assert client.get(f"/api/v1/programs/{nobody.code}").json()["schools_offering"] == 0


def test_typing_a_draft_report_line_leaves_the_cache_alone(
    client, page_cache, django_capture_on_commit_callbacks
):
    from catalogue.schools.factories import AnnualReportFactory, ReportLineFactory

    data = build()
    url = data.program.get_absolute_url()
    client.get(url)
    draft = AnnualReportFactory(school=data.jia, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        ReportLineFactory(report=draft, program=data.program, enrolment=9999)
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        AdoptionFactory(
            school=data.jia,
            course=ProgramCourse.objects.create(program=data.program, code="K09", name="焊接"),
            other_title="讲义",
        )
    assert client.get(url)["X-Cache"] == "miss"
