"""import_school_reports: a province's 专业年报 file, one report per school and year, submitted or approved."""

import openpyxl
import pytest

from catalogue.factories import ProgramFactory
from catalogue.schools.factories import OfferingFactory, SchoolFactory
from catalogue.schools.models import AnnualReport, ReportLine
from catalogue.schools.provinces import Province

from .files import REPORT_HEADER, refused, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = REPORT_HEADER


@pytest.fixture
def offered():
    """A Guangdong school offering one program at 中级 and 高级, and a Jiangsu school offering it at 中级."""
    program = ProgramFactory()
    guangdong = SchoolFactory(name="广州市机电技师学院", province=Province.GUANGDONG)
    jiangsu = SchoolFactory(name="常州技师学院", province=Province.JIANGSU)
    OfferingFactory(school=guangdong, program=program, offers_advanced=True)
    OfferingFactory(school=jiangsu, program=program, offers_advanced=False)
    return guangdong, jiangsu, program


def rows_for(guangdong, program):
    name, code = guangdong.name, guangdong.credit_code
    return [
        [code, name, program.code, "中级技能", "120", "350", "100", "96.5"],
        [code, name, program.code, "高级技能", "60", "170", "0", ""],
    ]


def test_a_good_file_leaves_one_submitted_report_per_school_and_importing_again_changes_nothing(
    tmp_path, offered
):
    guangdong, _, program = offered
    path = write_xlsx(tmp_path, HEADER, rows_for(guangdong, program))
    output = run("import_school_reports", path, "--year", "2025", "--province", "广东省")
    assert "年报：新增 1，更新 0，未变 0；专业数据：新增 2，更新 0，未变 0" in output
    report = AnnualReport.objects.get(school=guangdong, year=2025)
    assert report.status == AnnualReport.Status.SUBMITTED and report.submitted_at is not None
    line = report.lines.get(level="intermediate")
    assert (line.enrolment, line.students, line.graduates, str(line.employment_rate)) == (
        120,
        350,
        100,
        "96.5",
    )
    submitted_at = report.submitted_at

    output = run("import_school_reports", path, "--year", "2025", "--province", "44")
    assert "年报：新增 0，更新 0，未变 1；专业数据：新增 0，更新 0，未变 2" in output
    report.refresh_from_db()
    assert report.submitted_at == submitted_at and ReportLine.objects.count() == 2


def test_numbers_typed_into_excel_as_numbers_and_percentages_read_as_shown(tmp_path, offered):
    """Excel stores 96.5% as 0.965 in a percentage cell and 120 as 120.0: both read as the person sees them."""
    guangdong, _, program = offered
    path = write_xlsx(tmp_path, HEADER, [])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet.append([guangdong.credit_code, guangdong.name, program.code, "中级技能", 120.0, 350, 100, 0.965])
    sheet.cell(row=2, column=8).number_format = "0.0%"
    workbook.save(path)
    run("import_school_reports", path, "--year", "2025")
    line = ReportLine.objects.get(report__school=guangdong)
    assert (line.enrolment, str(line.employment_rate)) == (120, "96.5")


def test_approve_leaves_the_reports_approved_without_a_user_from_the_command_line(tmp_path, offered):
    guangdong, _, program = offered
    path = write_csv(tmp_path, HEADER, rows_for(guangdong, program))
    run("import_school_reports", path, "--year", "2024", "--approve")
    report = AnnualReport.objects.get(school=guangdong, year=2024)
    assert report.status == AnnualReport.Status.APPROVED and report.decided_at and report.decided_by is None


def test_an_approved_report_is_refused_when_the_figures_differ_and_unchanged_when_they_do_not(
    tmp_path, offered
):
    guangdong, _, program = offered
    rows = rows_for(guangdong, program)
    path = write_csv(tmp_path, HEADER, rows, name="first.csv")
    run("import_school_reports", path, "--year", "2025", "--approve")
    assert "年报：新增 0，更新 0，未变 1" in run("import_school_reports", path, "--year", "2025")
    assert AnnualReport.objects.get().status == AnnualReport.Status.APPROVED

    rows[0][4] = "130"
    message = refused("import_school_reports", write_csv(tmp_path, HEADER, rows), "--year", "2025")
    assert "第 2 行，“统一社会信用代码”列：广州市机电技师学院 2025 年的专业年报已审核" in message
    assert "请先退回该年报" in message
    assert ReportLine.objects.get(level="intermediate").enrolment == 120


def test_a_submitted_report_is_updated_and_loses_the_lines_the_file_leaves_out(tmp_path, offered):
    guangdong, _, program = offered
    rows = rows_for(guangdong, program)
    run("import_school_reports", write_csv(tmp_path, HEADER, rows, name="first.csv"), "--year", "2025")
    rows[0][4] = "130"
    output = run("import_school_reports", write_csv(tmp_path, HEADER, rows[:1]), "--year", "2025")
    assert "年报：新增 0，更新 1，未变 0；专业数据：新增 0，更新 1，未变 0，删除 1" in output
    assert list(ReportLine.objects.values_list("level", "enrolment")) == [("intermediate", 130)]


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, offered):
    guangdong, jiangsu, program = offered
    name, code = guangdong.name, guangdong.credit_code
    unregistered = ProgramFactory()
    rows = [
        [code, name, program.code, "中级技能", "120", "350", "100", "96.5"],
        [code, "广州机电学校", program.code, "高级技能", "60", "170", "0", ""],
        [jiangsu.credit_code, jiangsu.name, program.code, "中级技能", "80", "200", "50", "90"],
        [code, name, unregistered.code, "中级技能", "30", "90", "20", "88"],
        [code, name, program.code, "中级技能", "120", "350", "100", "96.5"],
    ]
    other = SchoolFactory(province=Province.GUANGDONG)
    OfferingFactory(school=other, program=program, offers_advanced=True)
    rows += [
        [other.credit_code, other.name, program.code, "中级技能", "80", "200", "50", ""],
        [other.credit_code, other.name, program.code, "高级技能", "40", "100", "0", "90"],
        [other.credit_code, other.name, "9999", "初级技能", "四十", "100", "0", "abc"],
    ]
    path = write_csv(tmp_path, HEADER, rows)
    message = refused("import_school_reports", path, "--year", "2025", "--province", "广东省")
    assert (
        f"第 3 行，“学校名称”列：学校名称“广州机电学校”与统一社会信用代码 {code} 登记的“{name}”不符"
        in message
    )
    assert (
        "第 4 行，“统一社会信用代码”列：常州技师学院属于江苏省，不在本次可导入的省份（广东省）内" in message
    )
    assert f"第 5 行，“专业代码”列：该校没有备案专业 {unregistered.code}" in message
    assert "第 6 行，“统一社会信用代码”列：学校、专业和层级" in message and "重复（第 2 行已有）" in message
    assert "第 7 行，“就业率（%）”列：有毕业生时必须填写就业率" in message
    assert "第 8 行，“就业率（%）”列：没有毕业生时不填就业率" in message
    assert "第 9 行，“专业代码”列：专业代码“9999”不在专业目录中" in message
    assert "第 9 行，“层级”列：层级“初级技能”无效" in message
    assert "第 9 行，“招生人数”列：招生人数“四十”应为整数" in message
    assert "第 9 行，“就业率（%）”列：就业率（%）“abc”应为 0–100 的数字" in message
    assert AnnualReport.objects.count() == 0 and ReportLine.objects.count() == 0


def test_a_level_the_school_has_not_registered_is_refused(tmp_path, offered):
    _, jiangsu, program = offered
    rows = [[jiangsu.credit_code, jiangsu.name, program.code, "高级技能", "80", "200", "50", "90"]]
    message = refused("import_school_reports", write_csv(tmp_path, HEADER, rows), "--year", "2025")
    assert f"第 2 行，“层级”列：该校备案的专业 {program.code} 不含高级技能层级" in message
    assert AnnualReport.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--year", "2025", "--province", "火星"], "省份“火星”无效"),
        (["--year", "1980"], "年份不能早于 1990 年"),
    ],
)
def test_a_bad_province_or_year_is_refused_before_any_row(tmp_path, offered, args, words):
    guangdong, _, program = offered
    assert words in refused(
        "import_school_reports", write_csv(tmp_path, HEADER, rows_for(guangdong, program)), *args
    )
    assert AnnualReport.objects.count() == 0
