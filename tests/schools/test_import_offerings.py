"""import_offerings: 专业设置备案 by credit code and program code, under the catalogue's rules."""

import pytest

from catalogue.factories import AdjustmentFactory, ProgramFactory
from catalogue.models import Program, Succession
from catalogue.schools.factories import OfferingFactory, SchoolFactory
from catalogue.schools.models import Offering, School

from .files import refused, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "专业代码", "层级", "开设年份"]


@pytest.fixture
def college():
    return SchoolFactory(kind=School.Kind.TECHNICIAN_COLLEGE)


def test_a_good_file_registers_offerings_and_importing_it_again_changes_nothing(tmp_path, college):
    turning = ProgramFactory(offers_technician=True)
    welding = ProgramFactory()
    rows = [
        [college.credit_code, turning.code, "中级技能、高级技能；预备技师（技师）", "2015"],
        [college.credit_code, welding.code, "中级技能", "2020"],
    ]
    path = write_xlsx(tmp_path, HEADER, rows)
    assert "新增 2，更新 0，未变 0" in run("import_offerings", path)
    offering = Offering.objects.get(school=college, program=turning)
    assert offering.levels() == ["intermediate", "advanced", "technician"] and offering.since_year == 2015
    registered_at = offering.registered_at

    assert "新增 0，更新 0，未变 2" in run("import_offerings", path)
    offering.refresh_from_db()
    assert offering.registered_at == registered_at and Offering.objects.count() == 2


def test_importing_again_with_other_levels_or_year_updates_the_offering(tmp_path, college):
    program = ProgramFactory()
    OfferingFactory(school=college, program=program, offers_advanced=True, since_year=2015)
    path = write_csv(tmp_path, HEADER, [[college.credit_code, program.code, "中级技能", "2016"]])
    assert "新增 0，更新 1，未变 0" in run("import_offerings", path)
    offering = Offering.objects.get(school=college, program=program)
    assert offering.levels() == ["intermediate"] and offering.since_year == 2016


def test_a_retired_code_is_refused_naming_its_successor(tmp_path, college):
    old = ProgramFactory(name="电子产品检验", status=Program.Status.RETIRED)
    new = ProgramFactory(category=old.category, name="电子产品检测与质量管理")
    Succession.objects.create(predecessor=old, successor=new, adjustment=AdjustmentFactory())
    path = write_csv(tmp_path, HEADER, [[college.credit_code, old.code, "中级技能", "2020"]])
    message = refused("import_offerings", path)
    assert f"第 2 行，“专业代码”列：专业 {old.code} 电子产品检验 已退出现行目录" in message
    assert f"请按接续专业 {new.code} 电子产品检测与质量管理 备案" in message


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, college):
    program = ProgramFactory(offers_technician=False)
    small = SchoolFactory(kind=School.Kind.SCHOOL)
    rows = [
        [college.credit_code, program.code, "中级技能", "2018"],
        [college.credit_code, "9999", "中级技能", "2018"],
        [college.credit_code, program.code, "初级技能", "2018"],
        ["91440300MA5DC0XX10", program.code, "中级技能", "2018"],
        [small.credit_code, program.code, "高级技能", "2018"],
        [college.credit_code, ProgramFactory().code, "中级技能", "十八年"],
        [college.credit_code, ProgramFactory().code, "中级技能", "1980"],
    ]
    message = refused("import_offerings", write_csv(tmp_path, HEADER, rows))
    assert "第 3 行，“专业代码”列：专业代码“9999”不在专业目录中" in message
    assert "第 4 行，“层级”列：层级“初级技能”无效" in message
    assert (
        f"第 4 行，“统一社会信用代码”列：学校和专业 {college.credit_code}/{program.code} 重复（第 2 行已有）"
        in message
    )
    assert "第 5 行，“统一社会信用代码”列：统一社会信用代码 91440300MA5DC0XX10 不在技工院校名录中" in message
    assert "第 6 行，“层级”列：技工学校不能开设高级技能层级" in message
    assert "第 7 行，“开设年份”列：开设年份“十八年”应为 4 位年份" in message
    assert "第 8 行，“开设年份”列：年份不能早于 1990 年" in message
    assert Offering.objects.count() == 0
