"""`curriculum_trace` and `/api/v1/curriculum/trace` on the shared data: the gaps the files themselves contain.

The expected gaps are computed here from the standard files (their YAML course lists) and the textbook CSV,
never read from a stored copy of the output. Loading the shared data takes a while, so it is loaded once per
module inside a transaction that is rolled back at the end; the command's and the API's answers are kept.
"""

import csv
import json
import re
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

import pytest
import yaml

from tests.conftest import SHARED_DATA

# The marker makes pytest-django create the test database the module fixture loads into.
pytestmark = pytest.mark.django_db
STANDARDS = sorted((SHARED_DATA / "standards").glob("standard-*.md"))
INTEGRATED_KINDS = {"工学一体化教材", "新形态数字教材", "世赛成果转化教材"}
FOUNDATION_KIND = "专业基础课教材"


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def read_standard(path):
    """(program code, [(course code, course name, {level: hours})]) from a standard file's YAML."""
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    courses = [(c["code"], c["name"], c["hours"]) for c in yaml.safe_load(block)["courses"]]
    return front["program"], courses


def read_csv(name):
    with (SHARED_DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_traces():
    """What the data says per program with a standard: courses → ISBNs, and the three kinds of gap."""
    textbooks = read_csv("textbooks.csv")
    core = {row["code"]: set(filter(None, row["courses"].split("；"))) for row in read_csv("programs.csv")}
    expected = {}
    for path in STANDARDS:
        code, courses = read_standard(path)
        own = [row for row in textbooks if code in row["program_codes"].split("|")]
        integrated = [row for row in own if row["type"] in INTEGRATED_KINDS]
        names = {name for _, name, _ in courses}
        serving = {
            course: sorted(row["isbn"] for row in integrated if row["course"] == name)
            for course, name, _ in courses
        }
        expected[code] = {
            "courses": serving,
            "hours": {course: hours for course, _, hours in courses},
            "courses_without_textbooks": [course for course, isbns in serving.items() if not isbns],
            "textbooks_not_in_standard": sorted(
                row["isbn"]
                for row in integrated
                if row["course"] not in names and row["course"] in core[code] | names
            ),
            "foundation_textbooks": sorted(row["isbn"] for row in own if row["type"] == FOUNDATION_KIND),
        }
    return expected


@pytest.fixture(scope="module")
def answers(django_db_setup, django_db_blocker):
    """The shared data loaded through the real commands; the command's JSON and the API's, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_programs", str(SHARED_DATA / "programs.csv"), "--no-progress", stdout=_Sink())
        for path in STANDARDS:
            call_command("import_standard", str(path), "--publish", stdout=_Sink())
        call_command("import_textbooks", str(SHARED_DATA / "textbooks.csv"), "--no-progress", stdout=_Sink())
        out = StringIO()
        call_command("curriculum_trace", "--json", stdout=out)
        command = json.loads(out.getvalue())
        text = StringIO()
        call_command("curriculum_trace", "--program", "0105", stdout=text)
        client = Client()
        api = client.get("/api/v1/curriculum/trace")
        one = client.get("/api/v1/curriculum/trace", {"program": "0206"})
        unknown = client.get("/api/v1/curriculum/trace", {"program": "9999"})
        without = client.get("/api/v1/curriculum/trace", {"program": "0101"})
        try:
            call_command("curriculum_trace", "--program", "9999", stdout=_Sink())
        except CommandError as error:
            command_error = str(error)
        transaction.set_rollback(True)
    return {
        "command": command,
        "text": text.getvalue(),
        "api": api,
        "one": one,
        "unknown": unknown,
        "without": without,
        "command_error": command_error,
    }


def by_program(payload):
    return {entry["program"]: entry for entry in payload["programs"]}


def test_the_trace_reports_exactly_the_gaps_the_data_contains(answers):
    expected = expected_traces()
    traced = by_program(answers["command"])
    assert sorted(traced) == sorted(expected)
    for code, want in expected.items():
        got = traced[code]
        assert {c["code"]: sorted(c["textbooks"]) for c in got["courses"]} == want["courses"], code
        assert {c["code"]: c["hours"] for c in got["courses"]} == want["hours"], code
        assert got["courses_without_textbooks"] == want["courses_without_textbooks"], code
        assert sorted(got["textbooks_not_in_standard"]) == want["textbooks_not_in_standard"], code
        assert sorted(got["foundation_textbooks"]) == want["foundation_textbooks"], code
        assert got["standard"]["version"] == "1.0"


def test_the_gaps_are_where_the_data_readme_says(answers):
    traced = by_program(answers["command"])
    with_off_standard = {code for code, t in traced.items() if t["textbooks_not_in_standard"]}
    with_empty_course = {code for code, t in traced.items() if t["courses_without_textbooks"]}
    assert with_off_standard == {"0206", "0402", "0603", "1001"}
    assert with_empty_course == {"0105", "0513", "1109", "1407"}
    course_0105 = {c["name"]: c["code"] for c in traced["0105"]["courses"]}
    assert traced["0105"]["courses_without_textbooks"] == [course_0105["数控加工数字化工艺与仿真"]]
    hvac = sorted(
        row["isbn"]
        for row in read_csv("textbooks.csv")
        if row["program_codes"] == "0206" and row["course"] == "中央空调系统运行与维护"
    )
    assert len(hvac) == 3 and sorted(traced["0206"]["textbooks_not_in_standard"]) == hvac


def test_the_api_answers_the_same_as_the_command(answers):
    assert answers["api"].status_code == 200
    assert answers["api"].json() == answers["command"]
    assert answers["one"].json() == {"programs": [by_program(answers["command"])["0206"]]}


def test_unknown_programs_and_programs_without_a_standard_are_refused_in_chinese(answers):
    assert answers["unknown"].status_code == 404
    assert answers["unknown"].json()["detail"] == "专业代码“9999”不存在。"
    assert answers["without"].status_code == 404
    assert "尚无已发布的培养标准" in answers["without"].json()["detail"]
    assert answers["command_error"] == "专业代码“9999”不存在。"


def test_the_text_output_names_each_course_and_marks_the_gap(answers):
    text = answers["text"]
    assert text.startswith("0105 ")
    assert "C04 数控加工数字化工艺与仿真（预备技师（技师） 160 学时）：暂无教材" in text
    assert "暂无教材的课程：C04" in text
