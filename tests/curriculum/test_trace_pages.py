"""The links where people look: the program page, the textbook page and the standard page, built with factories."""

import re

from django.core.cache import cache
from django.urls import reverse

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory, UserFactory
from catalogue.textbooks.factories import TextbookFactory
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS
from standards.factories import CategoryCourseStandardPageFactory, publish_standard
from standards.models import ProgramCourse
from standards.setup import ensure_standards_section

pytestmark = pytest.mark.django_db


def textbook(program, title, serves=None, stage="listed", kind="integrated", course=""):
    """A title of the program; `serves` is the ProgramCourse it is linked to (its name becomes `course`)."""
    book = TextbookFactory(
        title=title,
        kind=kind,
        programs=[program],
        live=stage == "listed",
        review_stage=stage,
        course=serves.name if serves else course,
    )
    if serves is not None:
        book.courses.set([serves])
        book.save()
    return book


@pytest.fixture
def welding(db):
    category = CategoryFactory(code="01", name="机械类")
    program = ProgramFactory(
        category=category, code="0106", name="焊接加工", core_courses=["焊条电弧焊", "焊接机器人编程"]
    )
    standard = publish_standard(program, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80)])
    arc = ProgramCourse.objects.get(program=program, code="C01")
    books = {
        "listed": textbook(program, "焊条电弧焊实训教程", arc),
        "in_review": textbook(program, "焊条电弧焊工作页（送审稿）", arc, stage="expert_review"),
        "committee": textbook(program, "焊条电弧焊习题册（待审定）", arc, stage="committee"),
        "off": textbook(program, "焊接机器人编程", course="焊接机器人编程"),
    }
    return program, standard, books


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def section(response, marker):
    """The HTML of the element carrying `data-<marker>` (up to its end tag), to check what is inside it."""
    html = response.content.decode()
    start = html.index(f"data-{marker}")
    return html[start : start + 2000]


def test_program_page_shows_the_standard_its_courses_textbooks_and_gaps(client, welding):
    program, standard, books = welding
    response = client.get(reverse("catalogue:program", args=[program.code]))
    text = text_of(response)
    assert f'href="{standard.url}"' in text and "v1.0" in text
    assert "C01" in text and "焊条电弧焊" in text and "中级技能 120 学时" in text
    arc = section(response, 'course="C01"')
    assert books["listed"].title in arc.split("</tr>")[0]
    gas = section(response, 'course="C02"').split("</tr>")[0]
    assert "气体保护焊" in gas and "暂无教材" in gas
    off = section(response, "not-in-standard")
    assert "课程不在现行标准中的教材" in off and books["off"].title in off
    assert books["in_review"].title not in text
    assert "本专业已列入目录的规划教材共 2 种" in text
    assert f'href="{reverse("textbooks:list")}?program=0106"' in text


def test_staff_see_the_titles_in_review_and_others_do_not(client, welding):
    program, _, books = welding
    url = reverse("catalogue:program", args=[program.code])
    admin = UserFactory(groups=[ADMINISTRATORS])
    member = UserFactory(groups=[COMMITTEE_MEMBERS])
    program.category.committee_members.add(member)
    outsider = UserFactory(groups=[COMMITTEE_MEMBERS])
    CategoryFactory(code="02").committee_members.add(outsider)

    client.force_login(admin)
    arc = section(client.get(url), 'course="C01"').split("</tr>")[0]
    assert books["in_review"].title in arc and "专家评审" in arc
    assert books["committee"].title in arc and "委员会审定" in arc
    # Committee members follow titles from the committee stage on (their review scope), as in the admin.
    client.force_login(member)
    arc = section(client.get(url), 'course="C01"').split("</tr>")[0]
    assert books["committee"].title in arc and books["in_review"].title not in arc
    for user in (outsider, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        text = text_of(client.get(url))
        assert books["in_review"].title not in text and books["committee"].title not in text


def test_a_program_without_a_standard_says_so(client, db):
    program = ProgramFactory(category=CategoryFactory(code="03"), code="0301")
    text = text_of(client.get(reverse("catalogue:program", args=[program.code])))
    assert "该专业尚无已发布的培养标准" in text and "规划教材共 0 种" in text


def test_the_cached_program_page_follows_a_textbook_change_and_never_holds_staff_titles(
    client, welding, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    program, _, books = welding
    url = reverse("catalogue:program", args=[program.code])
    admin = UserFactory(groups=[ADMINISTRATORS])
    client.force_login(admin)
    assert books["in_review"].title in text_of(client.get(url))
    client.logout()
    assert client.get(url)["X-Cache"] == "miss"
    cached = client.get(url)
    assert cached["X-Cache"] == "hit" and books["in_review"].title not in text_of(cached)

    with django_capture_on_commit_callbacks(execute=True):
        books["in_review"].review_stage = "listed"
        books["in_review"].live = True
        books["in_review"].save()
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    assert books["in_review"].title in section(fresh, 'course="C01"').split("</tr>")[0]


def test_textbook_page_links_program_course_course_standard_and_reviewed_version(client, welding):
    program, standard, books = welding
    book = books["listed"]
    book.reviewed_against.add(standard.current_version)
    foundation_standard = CategoryCourseStandardPageFactory(
        parent=ensure_standards_section(), title="焊接基础", course_code="J01", category=program.category
    )
    foundation_standard.save_revision().publish()
    foundation = textbook(program, "焊接基础", kind="foundation", course="焊接基础")
    foundation.course_standards.set([foundation_standard])
    foundation.save()

    text = text_of(client.get(book.get_absolute_url()))
    assert f'href="{program.get_absolute_url()}"' in text
    assert f'href="{program.get_absolute_url()}#program-course-C01">C01 焊条电弧焊</a>' in text
    version = standard.current_version
    assert f'href="{version.url}">{standard.title} v1.0</a>' in text
    assert version.url.endswith("/v/1-0/")

    text = text_of(client.get(foundation.get_absolute_url()))
    foundation_standard.refresh_from_db()
    assert f'href="{foundation_standard.url}">焊接基础</a>' in text


def test_a_renamed_course_shows_its_new_name_on_the_textbook_page(client, welding):
    program, _, books = welding
    publish_standard(program, [("C01", "焊条电弧焊（含仰焊）", 120), ("C02", "气体保护焊", 80)])
    text = text_of(client.get(books["listed"].get_absolute_url()))
    assert "C01 焊条电弧焊（含仰焊）</a>" in text


def test_standard_page_lists_each_courses_listed_textbooks(client, welding):
    program, standard, books = welding
    response = client.get(standard.url)
    arc = section(response, 'course="C01"').split("</tr>")[0]
    assert books["listed"].title in arc and books["listed"].publisher.name in arc
    assert books["listed"].get_absolute_url() in arc
    assert books["in_review"].title not in response.content.decode()
    assert "暂无教材" in section(response, 'course="C02"').split("</tr>")[0]


def test_old_versions_still_show_their_own_courses(client, welding):
    program, standard, books = welding
    publish_standard(program, [("C01", "焊条电弧焊", 120), ("C03", "焊接机器人", 80)])
    old = client.get(standard.url + "v/1-0/")
    assert old.status_code == 200
    assert "气体保护焊" in section(old, 'course="C02"').split("</tr>")[0]
    assert books["listed"].title in section(old, 'course="C01"').split("</tr>")[0]
    current = client.get(standard.url)
    assert 'data-course="C02"' not in current.content.decode()
    assert "焊接机器人" in section(current, 'course="C03"').split("</tr>")[0]
