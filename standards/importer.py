"""Read a standard from the Markdown exchange format, check all of it, and write it only if nothing is wrong.

Every problem is reported with its line in the file, in Chinese; the checks are the same rules that stop
publication (see checks.py), run on the standard as it would be saved.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

import yaml

from catalogue.models import Category, Program
from cms.text import control_character_message, first_control_character

from .checks import LEVEL_HOURS_FIELDS, LEVEL_TOTAL_FIELDS, check_training_standard
from .exchange import FENCE, LEARNING_TASKS_LABEL, LEVEL_KEYS, SECTION_BY_LABEL
from .models import (
    CourseStandardPage,
    IntegratedCourse,
    StandardVersion,
    TrainingStandardPage,
    TypicalWorkTask,
)
from .sections import COURSE_STANDARD_SECTIONS
from .setup import ensure_standards_section
from .versions import explicit_release, parse_number

CODE_IN_MESSAGE = re.compile(r"「(\S+?)[ 」]")


class ImportErrors(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(f"第 {line} 行：{message}" for line, message in errors))
        self.errors = errors


class _Mapping(dict):
    """A YAML mapping that remembers the file line of itself and of each key."""

    line = 0
    key_lines = None


class _LineLoader(yaml.SafeLoader):
    offset = 0


def _construct_mapping(loader, node):
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + loader.offset
    mapping.key_lines = {key.value: key.start_mark.line + loader.offset for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Parsed:
    front: dict | None = None
    sections: dict = field(default_factory=dict)
    table: dict | None = None
    errors: list = field(default_factory=list)


def load_yaml(text, first_line, errors):
    """YAML whose first line is line `first_line` of the file; syntax errors land in `errors` with that line."""
    loader = _LineLoader(text)
    loader.offset = first_line
    try:
        value = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        errors.append(
            (first_line + (mark.line if mark else 0), f"YAML 格式错误：{getattr(exc, 'problem', exc)}")
        )
        return None
    finally:
        loader.dispose()
    return value


def split_front_matter(lines, parsed):
    if not lines or lines[0].strip() != "---":
        parsed.errors.append((1, "文件应以 --- 开始的 YAML 前置信息（专业代码、版本、层级）开头。"))
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            front = load_yaml("\n".join(lines[1 : number - 1]), 2, parsed.errors)
            if isinstance(front, dict):
                parsed.front = front
            elif front is not None or not parsed.errors:
                parsed.errors.append((2, "YAML 前置信息应为键值对（program、title、version、levels）。"))
            return number
    parsed.errors.append((1, "YAML 前置信息没有以 --- 结束。"))
    return len(lines)


def split_sections(lines, start, parsed, labels=SECTION_BY_LABEL, table_section="course_setup"):
    """`## 标题` lines open the known sections; the table section's ```yaml block is the course table."""
    current, buffer = None, []
    first = next(iter(labels))
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.startswith("## "):
            _close_section(parsed, current, buffer, table_section)
            label = line[3:].strip()
            current, buffer = labels.get(label), []
            if current is None:
                parsed.errors.append((number, f"未知的章节标题「{label}」，可用：{'、'.join(labels)}。"))
        elif current is not None:
            buffer.append((number, line))
        elif line.strip():
            parsed.errors.append((number, f"正文应从「## {first}」等章节标题开始。"))
    _close_section(parsed, current, buffer, table_section)


def _close_section(parsed, name, buffer, table_section="course_setup"):
    if name is None:
        return
    if name == table_section:
        buffer = _extract_table(parsed, buffer)
    parsed.sections[name] = "\n".join(line for _, line in buffer).strip()


def _extract_table(parsed, buffer):
    opening = next((i for i, (_, line) in enumerate(buffer) if FENCE.match(line)), None)
    if opening is None:
        return buffer
    closing = next((i for i in range(opening + 1, len(buffer)) if buffer[i][1].strip() == "```"), None)
    if closing is None:
        parsed.errors.append((buffer[opening][0], "课程表的 ```yaml 代码块没有结束的 ```。"))
        return buffer[:opening]
    text = "\n".join(line for _, line in buffer[opening + 1 : closing])
    table = load_yaml(text, buffer[opening][0] + 1, parsed.errors)
    if isinstance(table, dict):
        parsed.table = table
    elif table is not None:
        parsed.errors.append((buffer[opening][0] + 1, "课程表应为键值对（work_tasks 与 courses）。"))
    return buffer[:opening] + buffer[closing + 1 :]


def parse(text):
    lines = text.splitlines()
    parsed = Parsed()
    start = split_front_matter(lines, parsed)
    split_sections(lines, start, parsed)
    if parsed.table is None and not parsed.errors:
        parsed.errors.append(
            (
                start or 1,
                "缺少课程表：「## 课程设置」一节中应有一个 ```yaml 代码块（work_tasks 与 courses）。",
            )
        )
    return parsed


def _line(mapping, key=None):
    if isinstance(mapping, _Mapping):
        return (mapping.key_lines or {}).get(key, mapping.line) if key else mapping.line
    return 1


def _int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class Builder:
    """Turns the parsed file into an unsaved page with its children, collecting every problem with its line."""

    def __init__(self, parsed):
        self.parsed = parsed
        self.errors = list(parsed.errors)
        self.code_lines = {}
        self.program = None
        self.version = self.effective_date = None

    def error(self, mapping, key, message):
        self.errors.append((_line(mapping, key), message))

    def build(self):
        """Checks what could be read; a part that failed to parse was reported already and is skipped."""
        page = TrainingStandardPage(title="")
        if self.parsed.front is not None:
            self._front(self.parsed.front, page)
        for name, text in self.parsed.sections.items():
            setattr(page, name, text)
        if self.parsed.table is not None:
            page.work_tasks = self._work_tasks(self.parsed.table.get("work_tasks"))
            page.courses = self._courses(self.parsed.table.get("courses"))
        if not self.errors:
            self._consistency(page)
        return page

    def _front(self, front, page):
        page.title = self._visible(front, "title", "标准标题", str(front.get("title") or "").strip())
        if not page.title:
            self.error(front, "title", "缺少标准标题 title。")
        self.program = self._program(front)
        if self.program is not None:
            page.program = self.program
            page.slug = f"standard-{self.program.code}"
        self._version(front)
        self._levels(front, page)

    def _program(self, front):
        code = str(front.get("program") or "").strip()
        program = Program.objects.filter(code=code).first() if code else None
        if program is None:
            self.error(
                front, "program", f"专业代码「{code}」不在专业目录中。" if code else "缺少专业代码 program。"
            )
        return program

    def _version(self, front):
        self.version = front.get("version")
        self.effective_date = front.get("effective_date")
        if self.version is not None:
            try:
                parse_number(self.version)
            except Exception as exc:  # noqa: BLE001 - a ValidationError message to report with the line
                self.error(front, "version", " ".join(getattr(exc, "messages", [str(exc)])))
        if self.effective_date is not None and not isinstance(self.effective_date, datetime.date):
            self.error(front, "effective_date", f"施行日期「{self.effective_date}」应写成 YYYY-MM-DD。")
            self.effective_date = None

    def last_version(self):
        return (
            StandardVersion.objects.filter(page__trainingstandardpage__program=self.program)
            .order_by("-major", "-minor")
            .first()
        )

    def check_version_is_new(self):
        last = self.last_version()
        if last is None or self.version is None:
            return
        if parse_number(self.version) <= (last.major, last.minor):
            self.error(
                self.parsed.front, "version", f"版本号 {self.version} 必须大于已发布的版本 {last.number}。"
            )

    def _levels(self, front, page):
        levels = front.get("levels")
        if not isinstance(levels, dict) or not levels:
            self.error(
                front, "levels", "levels 应列出各培养层次及其一体化课程总学时，如 intermediate: 1200。"
            )
            return
        self.code_lines["levels"] = _line(front, "levels")
        for key, hours in levels.items():
            level = LEVEL_KEYS.get(str(key))
            if level is None:
                self.error(
                    levels, key, f"未知的培养层次「{key}」，可用 intermediate / advanced / technician。"
                )
            elif not _int(hours):
                self.error(levels, key, f"{level.label}总学时应为非负整数，而不是「{hours}」。")
            elif self.program is not None and not self.program.offers(level):
                self.error(levels, key, f"专业「{self.program}」不开设{level.label}。")
            else:
                setattr(page, LEVEL_TOTAL_FIELDS[level], hours)

    def _items(self, items, key):
        if not isinstance(items, list):
            self.error(self.parsed.table, key, f"课程表中的 {key} 应为列表。")
            return []
        good = [item for item in items if isinstance(item, dict)]
        if len(good) != len(items):
            self.error(self.parsed.table, key, f"{key} 的每一项都应是键值对。")
        return good

    def _text(self, item, key, label, required=True):
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(item, None, f"缺少{label}（{key}）。")
            return ""
        return self._visible(item, key, label, str(value).strip())

    def _visible(self, mapping, key, label, text):
        """Names and titles may not hide control characters (cms/text.py)."""
        if (char := first_control_character(text)) is not None:
            self.error(mapping, key, f"{label}{control_character_message(char)}")
        return text

    def _work_tasks(self, items):
        tasks = []
        for item in self._items(items, "work_tasks"):
            code = self._text(item, "code", "典型工作任务编号")
            level = LEVEL_KEYS.get(str(item.get("level")))
            if level is None:
                self.error(item, "level", f"典型工作任务「{code}」的培养层次「{item.get('level')}」无效。")
            if code in self.code_lines:
                self.error(item, "code", f"编号「{code}」重复。")
            self.code_lines[code] = _line(item)
            tasks.append(
                TypicalWorkTask(
                    code=code,
                    name=self._text(item, "name", "典型工作任务名称"),
                    level=level or "",
                    description=self._text(item, "description", "描述", required=False),
                    sort_order=len(tasks),
                )
            )
        return tasks

    def _courses(self, items):
        courses = [self._course(item) for item in self._items(items, "courses")]
        # The file's order is the courses' order: Orderable sorts by sort_order, and rows left without one come
        # back in whatever order the database finds them (on PostgreSQL it changes as rows are rewritten).
        for position, course in enumerate(courses):
            course.sort_order = position
        return courses

    def _course(self, item):
        code = self._text(item, "code", "课程代码")
        if code in self.code_lines:
            self.error(item, "code", f"编号「{code}」重复。")
        self.code_lines[code] = _line(item)
        course = IntegratedCourse(
            code=code,
            name=self._text(item, "name", "课程名称"),
            objectives=self._text(item, "objectives", "课程目标", required=False),
            content=self._text(item, "content", "学习内容", required=False),
            assessment=self._text(item, "assessment", "考核评价", required=False),
        )
        self._course_hours(item, course)
        codes = item.get("work_tasks")
        if not isinstance(codes, list) or not codes:
            self.error(item, "work_tasks", f"课程「{code}」应列出来源典型工作任务编号（work_tasks）。")
            codes = []
        course.work_task_codes = ", ".join(str(c) for c in codes)
        course.learning_tasks = self._learning_tasks(item, code)
        return course

    def _course_hours(self, item, course):
        hours = item.get("hours")
        if not isinstance(hours, dict) or not hours:
            self.error(
                item, "hours", f"课程「{course.code}」应按层次写明学时（hours），如 intermediate: 120。"
            )
            return
        for key, value in hours.items():
            level = LEVEL_KEYS.get(str(key))
            if level is None or not _int(value):
                self.error(hours, key, f"课程「{course.code}」的学时「{key}: {value}」无效。")
            else:
                setattr(course, LEVEL_HOURS_FIELDS[level], value)

    def _learning_tasks(self, item, code):
        tasks = item.get("learning_tasks")
        if not isinstance(tasks, list):
            self.error(item, "learning_tasks", f"课程「{code}」的学习任务（learning_tasks）应为列表。")
            return []
        result = []
        for task in tasks:
            if not isinstance(task, dict) or not _int(task.get("hours")) or not task.get("name"):
                self.error(
                    task if isinstance(task, dict) else item,
                    None,
                    f"课程「{code}」的学习任务应有名称 name 和整数学时 hours。",
                )
                continue
            value = {
                "name": str(task["name"]).strip(),
                "hours": task["hours"],
                "description": str(task.get("description") or "").strip(),
            }
            result.append(("task", value))
        return result

    def _consistency(self, page):
        """The publication rules, each pinned to the line of the course or work task it names."""
        for message in check_training_standard(page):
            match = CODE_IN_MESSAGE.search(message)
            line = self.code_lines.get(match.group(1)) if match else None
            self.errors.append((line or self.code_lines.get("levels", 1), message))


def import_standard(text, publish=False, user=None):
    """Check everything, then write the standard as a new revision (and publish it) in one transaction.

    A file whose front matter names a `course_code` is a course standard (公共课 / 大类通用专业课).
    """
    limit = settings.STANDARD_MAX_CHARACTERS
    if len(text) > limit:
        raise ImportErrors([(1, f"文件有 {len(text)} 个字符，超过标准文件的上限 {limit} 个字符。")])
    probe = Parsed()
    split_front_matter(text.splitlines(), probe)
    if isinstance(probe.front, dict) and "course_code" in probe.front:
        return import_course_standard(text, publish=publish, user=user)
    builder = Builder(parse(text))
    page = builder.build()
    return _write(
        builder,
        page,
        lambda: TrainingStandardPage.objects.filter(program=page.program).first(),
        fields=["title", *LEVEL_TOTAL_FIELDS.values(), *SECTION_BY_LABEL.values()],
        relations=["work_tasks", "courses"],
        publish=publish,
        user=user,
    )


def _write(builder, page, find_existing, fields, publish, user, relations=()):
    """Nothing is written unless the whole file is right; then one revision (published if asked), atomically.

    A standard already on the site gets the file's content as a new revision of its latest draft; a new one is
    added, unpublished, under the standards index.
    """
    if publish and not builder.errors:
        builder.check_version_is_new()
    if builder.errors:
        raise ImportErrors(sorted(builder.errors, key=lambda e: e[0]))
    with transaction.atomic():
        existing = find_existing()
        if existing is None:
            saved = _add_under_index(page, user)
        else:
            saved = existing.get_latest_revision_as_object()
            for name in fields:
                setattr(saved, name, getattr(page, name))
            for name in relations:
                setattr(saved, name, list(getattr(page, name).all()))
        revision = saved.save_revision(user=user, log_action=True)
        if publish:
            with explicit_release(builder.version, builder.effective_date):
                revision.publish(user=user)
    return saved, revision


def _add_under_index(page, user):
    index = ensure_standards_section()
    page.live = False
    page.owner = user
    return index.add_child(instance=page)


COURSE_SECTION_BY_LABEL = {label: name for name, label in COURSE_STANDARD_SECTIONS} | {
    LEARNING_TASKS_LABEL: "learning_tasks"
}


def parse_course(text):
    lines = text.splitlines()
    parsed = Parsed()
    start = split_front_matter(lines, parsed)
    split_sections(lines, start, parsed, labels=COURSE_SECTION_BY_LABEL, table_section="learning_tasks")
    parsed.sections.pop("learning_tasks", None)  # its prose is not kept; the YAML block is the table
    if parsed.table is None and not parsed.errors:
        parsed.errors.append(
            (
                start or 1,
                f"缺少学习任务表：「## {LEARNING_TASKS_LABEL}」一节中应有一个 ```yaml 代码块（learning_tasks）。",
            )
        )
    return parsed


class CourseBuilder(Builder):
    """A course standard from the exchange format of `export_course_markdown`, with line-numbered errors."""

    existing = None  # the course standard already in the site with this code, if any

    def build(self):
        page = CourseStandardPage(title="")
        if self.parsed.front is not None:
            self._course_front(self.parsed.front, page)
        for name, text in self.parsed.sections.items():
            setattr(page, name, text)
        if self.parsed.table is not None:
            page.learning_tasks = self._learning_tasks(self.parsed.table, page.course_code)
        if not self.errors:
            line = _line(self.parsed.front, "hours")
            self.errors += [(line, message) for message in page.consistency_errors()]
        return page

    def _course_front(self, front, page):
        page.title = str(front.get("title") or "").strip()
        if not page.title:
            self.error(front, "title", "缺少课程名称 title。")
        page.course_code = str(front.get("course_code") or "").strip()
        if not page.course_code:
            self.error(front, "course_code", "缺少课程代码 course_code。")
        page.slug = f"course-standard-{page.course_code}".lower()
        kind = str(front.get("kind") or "")
        if kind not in CourseStandardPage.Kind.values:
            self.error(
                front,
                "kind",
                f"课程标准类型「{kind}」无效，可用 public（公共课）或 category（大类通用专业课）。",
            )
        page.kind = kind
        code = front.get("category")
        if kind == CourseStandardPage.Kind.CATEGORY:
            page.category = Category.objects.filter(code=str(code or "")).first()
            if page.category is None:
                self.error(front, "category", f"专业大类代码「{code or ''}」不在专业目录中。")
        elif code:
            self.error(front, "category", "公共课课程标准不属于任何专业大类，请删去 category。")
        hours = front.get("hours")
        if not _int(hours) or not hours:
            self.error(front, "hours", f"学时 hours 应为正整数，而不是「{hours}」。")
        else:
            page.hours = hours
        self._version(front)
        self.existing = CourseStandardPage.objects.filter(
            course_code=page.course_code, category=page.category if page.category_id else None
        ).first()

    def last_version(self):
        return self.existing.current_version if self.existing else None


def import_course_standard(text, publish=False, user=None):
    """Like `import_standard`, for a course standard: nothing is written unless the whole file is right."""
    builder = CourseBuilder(parse_course(text))
    page = builder.build()
    return _write(
        builder,
        page,
        lambda: builder.existing,
        fields=["title", "kind", "category", "hours", *COURSE_SECTION_BY_LABEL.values()],
        publish=publish,
        user=user,
    )
