"""Each consistency rule, its Chinese message naming the course and the numbers, and its enforcement on publish."""

from django.core.exceptions import ValidationError

import pytest

from standards.factories import CourseStandardPageFactory
from standards.models import StandardVersion

pytestmark = pytest.mark.django_db


def draft(standard):
    return standard.get_latest_revision_as_object()


def test_consistent_standard_has_no_errors(standard):
    assert draft(standard).consistency_errors() == []


def test_learning_task_hours_must_add_up_to_course_hours(standard):
    page = draft(standard)
    course = page.courses.all()[0]
    course.learning_tasks = [("task", {"name": "唯一任务", "hours": 50, "description": ""})]
    errors = page.consistency_errors()
    assert "课程「C01 一体化课程1」：学习任务学时合计 50，与课程学时 120 不符。" in errors


def test_course_hours_per_level_must_add_up_to_declared_total(standard):
    page = draft(standard)
    page.total_hours_intermediate = 180
    assert page.consistency_errors() == ["中级技能：一体化课程学时合计 200，与标准声明的总学时 180 不符。"]


def test_every_typical_work_task_is_covered_by_a_course(standard):
    page = draft(standard)
    page.courses.all()[2].work_task_codes = "T1"
    errors = page.consistency_errors()
    assert "典型工作任务「T3 典型工作任务3」未被任何一体化课程覆盖。" in errors


def test_unknown_work_task_code_is_named(standard):
    page = draft(standard)
    page.courses.all()[0].work_task_codes = "T1, T9"
    assert "课程「C01 一体化课程1」：来源典型工作任务编号「T9」不存在。" in page.consistency_errors()


def test_course_levels_must_be_offered_by_the_program(standard):
    page = draft(standard)
    course = page.courses.all()[0]
    course.hours_technician = 40
    course.learning_tasks = [("task", {"name": "任务", "hours": 160, "description": ""})]
    errors = page.consistency_errors()
    assert any(
        "课程「C01 一体化课程1」安排在预备技师（技师）（40 学时），但专业「测试数控加工（7101）」不开设该层级。"
        == e
        for e in errors
    )


def test_declared_total_for_a_level_not_offered_is_an_error(standard):
    page = draft(standard)
    page.total_hours_technician = 100
    assert page.consistency_errors() == [
        "标准声明了预备技师（技师）总学时 100，但专业「测试数控加工（7101）」不开设该层级。"
    ]


def test_publishing_an_inconsistent_revision_fails_and_leaves_the_page_unpublished(standard):
    page = draft(standard)
    page.total_hours_advanced = 999
    revision = page.save_revision()
    with pytest.raises(ValidationError) as excinfo:
        revision.publish()
    assert "高级技能：一体化课程学时合计 160，与标准声明的总学时 999 不符。" in excinfo.value.messages
    standard.refresh_from_db()
    assert not standard.live
    assert not StandardVersion.objects.exists()


def test_course_standard_learning_tasks_must_add_up(index):
    page = CourseStandardPageFactory(parent=index, hours=72)
    assert page.consistency_errors() == [
        "课程「G" + page.course_code[1:] + f" {page.title}」：学习任务学时合计 60，与课程学时 72 不符。"
    ]
    with pytest.raises(ValidationError):
        page.save_revision().publish()
