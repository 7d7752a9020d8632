"""import_standard on a freshly migrated database, and the rule that a course's levels fit its work tasks."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from cms.home.models import HomePage
from standards.models import StandardsIndexPage, TrainingStandardPage

pytestmark = pytest.mark.django_db
STANDARD = Path(__file__).resolve().parents[2] / "demo" / "standards" / "standard-0104.md"


@pytest.fixture
def program_0104():
    return ProgramFactory(
        category=CategoryFactory(code="01", name="机械类"),
        code="0104",
        name="数控加工（数控车工）",
        offers_technician=True,
    )


def test_import_standard_works_on_a_freshly_migrated_database(program_0104):
    assert not HomePage.objects.exists() and not StandardsIndexPage.objects.exists()
    out = StringIO()
    call_command("import_standard", str(STANDARD), "--publish", stdout=out)
    page = TrainingStandardPage.objects.get()
    assert page.live and page.get_parent().specific == StandardsIndexPage.objects.get()
    assert StandardsIndexPage.objects.get().get_parent().specific == HomePage.objects.get()
    assert page.get_workflow().name == "培养标准审定流程"
    assert "已发布" in out.getvalue()


def test_a_course_at_a_level_none_of_its_work_tasks_has_is_refused_with_its_line(program_0104, tmp_path):
    text = STANDARD.read_text(encoding="utf-8")
    lines = text.splitlines()
    # C01 comes from T3 (中级技能); move its hours to 高级技能, keeping each level's total consistent.
    start = next(i for i, line in enumerate(lines) if line.strip() == "- code: C01")
    hours = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("intermediate:"))
    assert lines[hours].strip().startswith("intermediate:")
    bad = tmp_path / "bad.md"
    bad.write_text(
        "\n".join([*lines[:hours], lines[hours].replace("intermediate", "advanced"), *lines[hours + 1 :]])
    )
    with pytest.raises(CommandError) as error:
        call_command("import_standard", str(bad), stdout=StringIO())
    message = str(error.value)
    assert f"第 {start + 1} 行" in message
    assert "课程「C01" in message and "安排在高级技能" in message and "T3（中级技能） 不含该层级" in message
    assert not TrainingStandardPage.objects.exists()


def test_a_course_name_with_a_bidi_override_or_an_oversized_file_is_refused(program_0104, tmp_path, settings):
    text = STANDARD.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, line in enumerate(lines) if line.strip() == "name: 数控车床基本操作与维护")
    bad = tmp_path / "bad.md"
    bad.write_text(
        text.replace("name: 数控车床基本操作与维护", "name: 数控车床\u202e基本操作与维护"), encoding="utf-8"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_standard", str(bad), stdout=StringIO())
    assert f"第 {line + 1} 行：课程名称含有不可见的控制字符 U+202E" in str(error.value)

    settings.STANDARD_MAX_CHARACTERS = 1000
    with pytest.raises(CommandError, match="超过标准文件的上限"):
        call_command("import_standard", str(STANDARD), stdout=StringIO())
    assert not TrainingStandardPage.objects.exists()
