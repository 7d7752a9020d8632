"""Bad files for the import commands: every problem reported with line, column and reason; nothing written."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from openpyxl import Workbook

from catalogue.models import Adjustment, Category, Edition, Program
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db

HEADER = "code,name,category_code,category,levels,sector,status,since,occupations,employment_rate,enrolment,courses,description"
GOOD_ROW = (
    "0101,机床切削加工（车工）,01,机械类,中级技能|高级技能,常规,现行,2018,车工,92.1,5635,车削加工工艺,简介"
)
ADJ_HEADER = "id,type,old_codes,new,effective,rationale,evidence"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "categories.csv").write_text("code,name\n01,机械类\n02,电工电子类\n", encoding="utf-8")
    return tmp_path


def write(folder, name, lines, encoding="utf-8"):
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def import_programs(path):
    call_command("import_programs", str(path), "--no-progress", stdout=StringIO())


def failure(path, command=import_programs):
    with pytest.raises(CommandError) as caught:
        command(path)
    return str(caught.value)


def assert_nothing_written():
    assert Program.objects.count() == 0 and Edition.objects.count() == 0 and Category.objects.count() == 0


def test_every_bad_row_is_reported_with_line_and_column(folder):
    path = write(
        folder,
        "programs.csv",
        [
            HEADER,
            GOOD_ROW,
            "0102,铣工,99,未知类,中级技能,常规,现行,2018,铣工,90,100,,",
            "0101,重复的车工,01,机械类,中级技能,常规,现行,2018,车工,90,100,,",
            "0103,磨工,01,机械类,初级技能,常规,现行,2018,磨工,90,100,,",
            "0104,钳工,01,机械类,中级技能,常规,现行,2018,钳工,百分之九十,100,,",
        ],
    )
    message = failure(path)
    assert "发现 4 个问题，未写入任何数据" in message
    assert "第 3 行，“category_code”列：未知的专业大类代码“99”" in message
    assert "第 4 行，“code”列：专业代码 0101 重复（第 2 行已有）" in message
    assert "第 5 行，“levels”列：培养层次“初级技能”无效" in message
    assert "第 6 行，“employment_rate”列" in message
    assert_nothing_written()


def test_code_must_belong_to_its_category(folder):
    path = write(folder, "programs.csv", [HEADER, GOOD_ROW.replace("0101,", "0201,", 1)])
    assert "前两位应为所属大类代码 01" in failure(path)
    assert_nothing_written()


def test_gbk_file_is_refused_with_a_hint(folder):
    path = write(folder, "programs.csv", [HEADER, GOOD_ROW], encoding="gbk")
    assert "不是 UTF-8 编码" in failure(path)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("programs.csv", b"", "文件为空"),
        ("programs.csv", HEADER.encode(), "只有表头"),
        ("programs.csv", b"code,title\n0101,x\n", "表头缺少列：name、category_code、levels"),
        ("programs.csv", b'code,name,category_code,levels\n0101,"unterminated\n', "CSV 格式错误"),
        ("programs.xlsx", b"not a zip file", "无法读取 XLSX 文件"),
        ("programs.pdf", b"%PDF-1.4", "不支持的文件类型"),
    ],
)
def test_malformed_files_are_refused(folder, name, content, expected):
    path = folder / name
    path.write_bytes(content)
    assert expected in failure(path)
    assert_nothing_written()


def test_missing_file_is_reported(folder):
    assert "找不到文件" in failure(folder / "nope.csv")


def test_xlsx_file_imports_like_csv(folder):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "0101",
            "机床切削加工（车工）",
            "01",
            "机械类",
            "中级技能|高级技能",
            "常规",
            "现行",
            2018,
            "车工",
            92.1,
            5635,
        ]
    )
    workbook.save(folder / "programs.xlsx")
    import_programs(folder / "programs.xlsx")
    program = Program.objects.get(code="0101")
    assert program.enrolment == 5635 and str(program.employment_rate) == "92.1"
    assert Edition.objects.get(name="2018").programs.count() == 1


def test_baseline_cannot_be_rewritten_once_later_editions_exist(catalogue_2025, folder):
    rows = (DEMO_DATA / "programs.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace("机床切削加工（车工）", "车工改名")
    path = write(folder, "programs.csv", rows)
    assert "不能改写基线" in failure(path)
    assert Program.objects.get(code="0101").name == "机床切削加工（车工）"


def import_adjustments(path):
    call_command(
        "import_adjustments", str(path), "--edition", "2025", "--approve", "--no-progress", stdout=StringIO()
    )


def test_adjustment_batch_reports_every_problem_in_one_run_and_writes_nothing(baseline, folder):
    path = write(
        folder,
        "adjustments.csv",
        [
            ADJ_HEADER,
            "A-1,撤销,0306,,2025-09-01,岗位消失,",
            "A-2,合并,0306|0301,0301:计算机应用,2025-09-01,合并,",
            "A-3,新增,,0101:车工,2025-09-01,重复代码,",
            "A-4,改名,0102,0102:铣工,2025-09-01,类型错误,",
            "A-5,更名,0103,0103:磨工,2025/09/01,日期错误,",
        ],
    )
    message = failure(path, import_adjustments)
    # malformed cells and the rules broken by the well-formed rows, together, in line order
    assert "第 3 行，“old_codes”列：合并所列专业 0306（计算机速录）已撤销" in message
    assert "第 4 行，“new”列：专业代码 0101 已被“机床切削加工（车工）”使用" in message
    assert "第 5 行，“type”列：调整类型“改名”无效" in message
    assert "第 6 行，“effective”列" in message
    assert (
        message.index("第 3 行")
        < message.index("第 4 行")
        < message.index("第 5 行")
        < message.index("第 6 行")
    )
    assert Adjustment.objects.count() == 0
    assert not Program.objects.get(code="0306").is_retired
    assert not Edition.objects.filter(name="2025").exists()


def test_adjustments_without_approve_are_recorded_as_submitted(baseline):
    call_command(
        "import_adjustments",
        str(DEMO_DATA / "adjustments-2025.csv"),
        "--edition",
        "2025",
        "--no-progress",
        stdout=StringIO(),
    )
    assert Adjustment.objects.filter(status=Adjustment.Status.SUBMITTED).count() == 16
    assert Program.objects.in_force().count() == 167
    import_adjustments(DEMO_DATA / "adjustments-2025.csv")
    assert Program.objects.in_force().count() == 169
    assert Adjustment.objects.filter(status=Adjustment.Status.APPROVED).count() == 16


def test_a_recorded_reference_with_different_content_is_refused(catalogue_2025, folder):
    path = write(folder, "adjustments.csv", [ADJ_HEADER, "2025-14,撤销,0307,,2025-09-01,改了内容,"])
    assert "调整编号 2025-14 已存在且内容不同" in failure(path, import_adjustments)


def test_a_broken_categories_file_is_reported(folder):
    (folder / "categories.csv").write_text("code,name\n01,机械类\n01,重复\n1,短代码\n", encoding="utf-8")
    message = failure(write(folder, "programs.csv", [HEADER, GOOD_ROW]))
    assert "第 3 行，“code”列：大类代码 01 重复（第 2 行已有）" in message
    assert "第 4 行，“code”列：大类代码“1”应为 2 位数字" in message
    assert_nothing_written()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(folder, settings):
    settings.IMPORT_MAX_BYTES = 1024
    path = write(
        folder, "programs.csv", [HEADER] + [GOOD_ROW.replace("0101", f"01{n:02d}") for n in range(10, 40)]
    )
    assert "导入文件不能超过" in failure(path)
    assert_nothing_written()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_file_with_too_many_rows_is_refused(folder, settings, suffix):
    settings.IMPORT_MAX_ROWS = 5
    rows = [GOOD_ROW.replace("0101", f"01{n:02d}") for n in range(10, 20)]
    if suffix == "csv":
        path = write(folder, "programs.csv", [HEADER, *rows])
    else:
        workbook = Workbook()
        for line in [HEADER, *rows]:
            workbook.active.append(line.split(","))
        path = folder / "programs.xlsx"
        workbook.save(path)
    assert "数据行超过 5 行，请分批导入" in failure(path)
    assert_nothing_written()


def _workbook_bytes(folder):
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(GOOD_ROW.split(","))
    path = folder / "good.xlsx"
    workbook.save(path)
    return path


def _rewrite_member(source, target, name, content):
    import zipfile

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, content if info.filename == name else original.read(info.filename))
    return target


def test_a_workbook_whose_sheet_is_broken_gets_a_chinese_message(folder):
    broken = _rewrite_member(
        _workbook_bytes(folder),
        folder / "programs.xlsx",
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData><row",
    )
    assert "无法读取 XLSX 文件，文件可能已损坏或不是 Excel 工作簿" in failure(broken)
    assert_nothing_written()


def test_a_workbook_that_unpacks_to_a_huge_size_is_refused(folder, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 50_000
    padded = _rewrite_member(
        _workbook_bytes(folder),
        folder / "programs.xlsx",
        "docProps/app.xml",
        b"<a>" + b" " * 200_000 + b"</a>",
    )
    assert "解压后超过" in failure(padded)
    assert_nothing_written()


def test_control_characters_in_names_are_refused_and_zero_width_ones_removed(folder):
    override = GOOD_ROW.replace("机床切削加工（车工）", "机床切削\u202e工加（车工）")
    message = failure(write(folder, "programs.csv", [HEADER, override]))
    assert "第 2 行，“name”列：含有不可见的控制字符 U+202E（RIGHT-TO-LEFT OVERRIDE）" in message
    assert_nothing_written()

    zero_width = GOOD_ROW.replace("机床切削加工（车工）", "机床\u200b切削加工（车工）")
    import_programs(write(folder, "programs.csv", [HEADER, zero_width]))
    assert Program.objects.get(code="0101").name == "机床切削加工（车工）"
