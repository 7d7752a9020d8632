"""import_adoptions: 教材选用 of a term, for program courses, by ISBN (in the system) or by title (outside it)."""

import pytest

from catalogue.factories import ProgramFactory
from catalogue.schools.factories import OfferingFactory, SchoolFactory
from catalogue.schools.models import Adoption
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage
from standards.models import ProgramCourse

from .files import refused, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "学期", "专业代码", "课程代码", "ISBN", "书名", "使用学生数", "理由"]


@pytest.fixture
def course_with_listed_title():
    """A school running a program whose course K01 has one planned (listed) title."""
    school, program = SchoolFactory(), ProgramFactory()
    OfferingFactory(school=school, program=program)
    course = ProgramCourse.objects.create(program=program, code="K01", name="零件加工")
    listed = TextbookFactory(programs=[program], review_stage=ReviewStage.LISTED, live=True)
    listed.courses.add(course)
    listed.save()
    return school, course, listed


def test_a_good_file_records_adoptions_and_importing_it_again_changes_nothing(
    tmp_path, course_with_listed_title
):
    school, course, listed = course_with_listed_title
    code, program = school.credit_code, course.program.code
    hyphenated = f"{listed.isbn[:3]}-{listed.isbn[3:]}"
    rows = [
        [code, "2025-2026-1", program, "K01", hyphenated, "", "45", ""],
        [code, "2025-2026-1", program, "K01", "", "校本实训手册", "20", "校企合作企业提供的实训手册"],
    ]
    path = write_xlsx(tmp_path, HEADER, rows)
    assert "新增 2，更新 0，未变 0" in run("import_adoptions", path)
    planned = Adoption.objects.get(textbook=listed)
    assert planned.students == 45 and planned.term_label == "2025—2026 学年第一学期"
    recorded_at = planned.recorded_at

    assert "新增 0，更新 0，未变 2" in run("import_adoptions", path)
    planned.refresh_from_db()
    assert planned.recorded_at == recorded_at and Adoption.objects.count() == 2

    rows[0][6] = "50"
    assert "新增 0，更新 1，未变 1" in run("import_adoptions", write_csv(tmp_path, HEADER, rows))
    assert Adoption.objects.get(textbook=listed).students == 50


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, course_with_listed_title):
    school, course, listed = course_with_listed_title
    code, program = school.credit_code, course.program.code
    elsewhere = ProgramCourse.objects.create(program=ProgramFactory(), code="K09", name="未开设专业的课程")
    rows = [
        [code, "2025-2026-1", program, "K01", listed.isbn, "", "45", ""],
        [code, "2025-2026-1", program, "K01", "", "自编讲义", "30", ""],
        [code, "2025秋", program, "K01", "", "另一本讲义", "30", "理由"],
        [code, "2025-2026-1", program, "K77", listed.isbn, "", "30", ""],
        [code, "2025-2026-1", program, "K01", "9787111111111", "", "30", ""],
        [code, "2025-2026-1", program, "K01", "", "", "30", ""],
        [code, "2025-2026-1", elsewhere.program.code, "K09", "", "讲义", "30", ""],
        [code, "2025-2026-1", program, "K01", "", "第三本讲义", "0", "理由"],
        [code, "2025-2026-1", program, "K01", listed.isbn, "", "45", ""],
    ]
    message = refused("import_adoptions", write_csv(tmp_path, HEADER, rows))
    assert "第 3 行，“理由”列：该课程已有规划教材，选用非规划教材须填写理由" in message
    assert "第 4 行，“学期”列：学期“2025秋”的格式不对" in message
    assert f"第 5 行，“课程代码”列：专业 {program} 没有课程代码为 K77 的课程" in message
    assert "第 6 行，“ISBN”列：ISBN“9787111111111”校验位错误" in message
    assert "第 7 行，“ISBN”列：请填写系统中教材的 ISBN，或系统外教材的书名" in message
    assert f"第 8 行，“课程代码”列：该校没有开设专业 {elsewhere.program.code}" in message
    assert "第 9 行，“使用学生数”列：使用学生数至少为 1" in message
    assert "第 10 行，“ISBN”列：学校、学期、课程和教材" in message and "重复（第 2 行已有）" in message
    assert Adoption.objects.count() == 0
