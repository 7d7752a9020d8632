"""`import_standard`: the demo file, line-numbered Chinese errors with nothing written, and the Markdown round trip."""

from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from standards.exchange import export_markdown, standard_data
from standards.importer import ImportErrors, import_standard
from standards.models import StandardVersion, TrainingStandardPage

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "demo" / "standards" / "standard-0104.md"


@pytest.fixture
def program_0104(index):
    category = CategoryFactory(code="01", name="机械类")
    return ProgramFactory(category=category, code="0104", name="数控加工（数控车工）", offers_technician=True)


def errors_of(text):
    with pytest.raises(ImportErrors) as excinfo:
        import_standard(text)
    return excinfo.value.errors


def test_demo_standard_imports_and_publishes_as_version_1_0(program_0104):
    call_command("import_standard", str(DEMO), "--publish", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = TrainingStandardPage.objects.get(program=program_0104)
    assert page.live and page.courses.count() == 7 and page.work_tasks.count() == 7
    version = page.current_version
    assert (version.number, str(version.effective_date)) == ("1.0", "2025-09-01")
    assert page.consistency_errors() == []


def test_unknown_program_is_reported_with_its_line(index):
    text = DEMO.read_text(encoding="utf-8")
    assert errors_of(text)[0] == (2, "专业代码「0104」不在专业目录中。")


def test_hours_mismatch_names_the_course_line_and_numbers(program_0104):
    text = DEMO.read_text(encoding="utf-8").replace("    hours: 60\n", "    hours: 70\n", 1)
    line = text.splitlines().index("- code: C01") + 1
    assert errors_of(text) == [
        (line, "课程「C01 数控车床基本操作与维护」：学习任务学时合计 250，与课程学时 240 不符。")
    ]
    assert not TrainingStandardPage.objects.exists()


def test_level_not_offered_is_reported_on_the_levels_line(program_0104):
    program_0104.offers_technician = False
    program_0104.save()
    errors = errors_of(DEMO.read_text(encoding="utf-8"))
    assert (9, "专业「数控加工（数控车工）（0104）」不开设预备技师（技师）。") in errors


def test_yaml_syntax_error_in_course_table_has_the_file_line(program_0104):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    broken = lines.index("- code: T2") + 1
    lines[broken] = "  name: [unclosed"
    errors = errors_of("\n".join(lines))
    assert (
        len(errors) == 1
        and errors[0][0] in (broken + 1, broken + 2)
        and errors[0][1].startswith("YAML 格式错误")
    )


def test_several_errors_are_all_reported_and_nothing_is_written(program_0104):
    text = (
        DEMO.read_text(encoding="utf-8")
        .replace('version: "1.0"', 'version: "一"')
        .replace("## 培养模式", "## 未知章节")
    )
    errors = errors_of(text)
    assert (4, "版本号「一」格式应为 主版本.次版本，如 1.0。") in errors
    assert any(message.startswith("未知的章节标题「未知章节」") for _, message in errors)
    with pytest.raises(CommandError, match="第 4 行"):
        path = Path(__file__).parent / "_broken.md"
        path.write_text(text, encoding="utf-8")
        try:
            call_command("import_standard", str(path))
        finally:
            path.unlink()
    assert not TrainingStandardPage.objects.exists()


def test_missing_front_matter(index):
    assert errors_of("## 专业信息\n正文") == [
        (1, "文件应以 --- 开始的 YAML 前置信息（专业代码、版本、层级）开头。")
    ]


def test_export_then_import_gives_the_same_standard(program_0104):
    page, _ = import_standard(DEMO.read_text(encoding="utf-8"), publish=True)
    page = TrainingStandardPage.objects.get(pk=page.pk)
    version = page.current_version
    exported = export_markdown(page, version)
    before = standard_data(page, version)
    TrainingStandardPage.objects.filter(pk=page.pk).update(info="改过的正文")
    draft = page.get_latest_revision_as_object()
    draft.info = "改过的正文"
    draft.save_revision()
    with pytest.raises(ImportErrors, match="第 4 行：版本号 1.0 必须大于已发布的版本 1.0。"):
        import_standard(exported, publish=True)
    reimported, _ = import_standard(exported.replace("version: '1.0'", "version: '1.1'"), publish=True)
    reimported = TrainingStandardPage.objects.get(pk=reimported.pk)
    after = standard_data(reimported, reimported.current_version)
    assert {**after, "version": "1.0"} == before
    assert list(StandardVersion.objects.values_list("number", flat=True)) == ["1.0", "1.1"]


def test_export_view_serves_markdown_that_imports_back(program_0104, client):
    import_standard(DEMO.read_text(encoding="utf-8"), publish=True)
    page = TrainingStandardPage.objects.get()
    response = client.get(page.url + "export/markdown/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("---\nprogram: '0104'") and "```yaml" in text
    from standards.importer import Builder, parse

    builder = Builder(parse(text))
    builder.build()
    assert builder.errors == []
