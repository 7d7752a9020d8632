"""Textbooks tied to the courses they serve: linking on import and on publication, with the gaps reported."""

import csv
from io import StringIO

from django.core.management import call_command

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from catalogue.textbooks.factories import isbn_for
from catalogue.textbooks.models import Textbook
from standards.factories import CategoryCourseStandardPageFactory, publish_standard
from standards.models import ProgramCourse
from standards.setup import ensure_standards_section

pytestmark = pytest.mark.django_db
ISBN = {n: isbn_for(9000 + n) for n in range(1, 7)}

COLUMNS = "isbn,title,series,publisher,editors,edition,year,type,level,program_codes,course,batch,status,worldskills,description"


def write_list(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS.split(","))
        for isbn, kind, codes, course in rows:
            writer.writerow(
                [isbn, f"{course}教材", "", "测试出版社", "张三", 1, 2024, kind, "通用", codes, course]
                + ["第一批", "已出版", "", ""]
            )
    return path


@pytest.fixture
def welding(db):
    category = CategoryFactory(code="01", name="机械类")
    program = ProgramFactory(category=category, code="0106", name="焊接加工")
    other = ProgramFactory(category=category, code="0107", name="钳加工")
    publish_standard(
        program, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80), ("C03", "焊接机器人", 60)]
    )
    return program, other


def import_list(path):
    out = StringIO()
    call_command("import_textbooks", str(path), "--no-progress", stdout=out)
    return out.getvalue()


def test_import_links_each_row_to_the_course_of_that_name_and_reports_what_it_could_not(tmp_path, welding):
    program, other = welding
    foundation = CategoryCourseStandardPageFactory(
        parent=ensure_standards_section(), title="机械制图", course_code="J01", category=program.category
    )
    foundation.save_revision().publish()
    path = write_list(
        tmp_path / "list.csv",
        [
            (ISBN[1], "工学一体化教材", "0106", "焊条电弧焊"),
            (ISBN[2], "新形态数字教材", "0106", "焊条电弧焊"),
            (ISBN[3], "工学一体化教材", "0106", "焊接工艺评定"),  # not in the standard: a gap
            (ISBN[4], "专业基础课教材", "0106|0107", "机械制图"),
            (ISBN[5], "专业基础课教材", "0106", "机械基础"),  # no course standard
            (ISBN[6], "工学一体化教材", "0107", "錾削"),  # the program has no standard
        ],
    )
    output = import_list(path)

    served = ProgramCourse.objects.get(program=program, code="C01")
    assert sorted(served.textbooks.values_list("isbn", flat=True)) == [ISBN[1], ISBN[2]]
    assert list(Textbook.objects.get(isbn=ISBN[4]).course_standards.all()) == [foundation]
    assert not Textbook.objects.get(isbn=ISBN[3]).courses.exists()
    reviewed = Textbook.objects.get(isbn=ISBN[1]).reviewed_against.get()
    assert reviewed.number == "1.0" and reviewed.page.specific.program == program
    assert (
        f"第 4 行 {ISBN[3]} 课程「焊接工艺评定」（专业 0106）未关联：该专业现行培养标准中没有这门课程"
        in output
    )
    assert f"第 6 行 {ISBN[5]} 课程「机械基础」未关联：专业基础课，尚无对应的大类通用专业课课程标准" in output
    assert "1 处因专业尚无已发布的培养标准而未关联课程" in output
    assert ISBN[1] not in output and ISBN[4] not in output

    again = import_list(path)  # the same file again: the same links, nothing doubled
    assert served.textbooks.count() == 2 and "新增 0 种、更新 0 种、无变化 6 种" in again


def test_textbooks_imported_before_their_standard_link_when_it_is_published(tmp_path, db):
    program = ProgramFactory(category=CategoryFactory(code="01"), code="0106")
    import_list(write_list(tmp_path / "list.csv", [(ISBN[1], "工学一体化教材", "0106", "焊条电弧焊")]))
    assert not Textbook.objects.get().courses.exists()

    publish_standard(program, [("C01", "焊条电弧焊", 120)])

    assert list(Textbook.objects.get().courses.values_list("code", flat=True)) == ["C01"]


def test_a_course_keeps_its_identity_and_its_textbooks_across_versions(tmp_path, welding):
    program, _ = welding
    import_list(write_list(tmp_path / "list.csv", [(ISBN[1], "工学一体化教材", "0106", "气体保护焊")]))
    publish_standard(program, [("C01", "焊条电弧焊", 120), ("C02", "熔化极气体保护焊", 80)])

    renamed = ProgramCourse.objects.get(program=program, code="C02")
    assert renamed.name == "熔化极气体保护焊" and renamed.in_current_standard
    assert list(renamed.textbooks.values_list("isbn", flat=True)) == [ISBN[1]]
    dropped = ProgramCourse.objects.get(program=program, code="C03")
    assert not dropped.in_current_standard and dropped.name == "焊接机器人"
