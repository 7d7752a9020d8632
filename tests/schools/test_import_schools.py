"""import_schools: the register of schools by credit code."""

import pytest

from catalogue.schools.factories import SchoolFactory, credit_code
from catalogue.schools.models import School

from .files import refused, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "学校名称", "省份", "学校类型"]


def test_a_good_file_creates_schools_and_importing_it_again_changes_nothing(tmp_path):
    rows = [
        [credit_code(101), "广州市机电技师学院", "广东省", "技师学院"],
        [credit_code(102).lower(), "江苏省常州技师学院", "32", "高级技工学校"],
    ]
    path = write_csv(tmp_path, HEADER, rows)
    assert "新增 2，更新 0，未变 0" in run("import_schools", path)
    school = School.objects.get(credit_code=credit_code(102))
    assert (school.name, school.province, school.get_kind_display()) == (
        "江苏省常州技师学院",
        "32",
        "高级技工学校",
    )

    assert "新增 0，更新 0，未变 2" in run("import_schools", path)
    assert School.objects.count() == 2


def test_an_xlsx_file_updates_a_school_found_by_its_credit_code(tmp_path):
    SchoolFactory(credit_code=credit_code(103), name="旧名称技工学校", province="44")
    path = write_xlsx(tmp_path, HEADER, [[credit_code(103), "新名称技工学校", "广东", "技工学校"]])
    assert "新增 0，更新 1，未变 0" in run("import_schools", path)
    assert School.objects.get(credit_code=credit_code(103)).name == "新名称技工学校"


def test_every_bad_row_is_reported_with_line_column_and_reason_and_nothing_is_written(tmp_path):
    good = credit_code(104)
    slipped = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        [good, "甲技工学校", "广东省", "技工学校"],
        [slipped, "乙技工学校", "广东省", "技工学校"],
        [credit_code(105), "丙技工学校", "火星", "技工学校"],
        [credit_code(106), "丁技工学校", "广东省", "职业学院"],
        [good, "戊技工学校", "广东省", "技工学校"],
        [credit_code(107), "", "广东省", "技工学校"],
        ["X", "己技工学校", "火星", "技工学校"],
    ]
    message = refused("import_schools", write_csv(tmp_path, HEADER, rows))
    assert "未写入任何数据" in message
    assert f"第 3 行，“统一社会信用代码”列：统一社会信用代码“{slipped}”的校验位不对" in message
    assert "第 4 行，“省份”列：省份“火星”无效" in message
    assert "第 5 行，“学校类型”列：学校类型“职业学院”无效，应为 技师学院、高级技工学校、技工学校" in message
    assert "第 6 行，“统一社会信用代码”列：统一社会信用代码 " + good + " 重复（第 2 行已有）" in message
    assert "第 7 行，“学校名称”列：此字段不能为空" in message
    assert "第 8 行，“统一社会信用代码”列：统一社会信用代码应为 18 位" in message
    assert "第 8 行，“省份”列" in message
    assert School.objects.count() == 0


def test_a_name_another_school_already_has_is_refused(tmp_path):
    SchoolFactory(name="广州市机电技师学院")
    path = write_csv(tmp_path, HEADER, [[credit_code(108), "广州市机电技师学院", "44", "技师学院"]])
    assert "第 2 行，“学校名称”列" in refused("import_schools", path)


def test_a_file_missing_a_column_is_refused_before_any_row(tmp_path):
    path = write_csv(tmp_path, HEADER[:3], [[credit_code(109), "甲技工学校", "广东省"]])
    assert "表头缺少列：学校类型" in refused("import_schools", path)
