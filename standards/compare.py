"""What changed between two published versions, section by section and course by course."""

import difflib

from catalogue.models import Level

from .checks import LEVEL_HOURS_FIELDS, LEVEL_TOTAL_FIELDS
from .sections import COURSE_STANDARD_SECTIONS, SECTIONS

COURSE_FIELDS = [
    ("name", "课程名称"),
    *[(field, f"{level.label}学时") for level, field in LEVEL_HOURS_FIELDS.items()],
    ("work_task_codes", "来源典型工作任务"),
    ("objectives", "课程目标"),
    ("content", "学习内容"),
    ("assessment", "考核评价"),
]


WORK_TASK_FIELDS = [("name", "名称"), ("level", "培养层次"), ("description", "工作任务描述")]


def line_diff(old, new):
    """(kind, line) pairs, kind in ' ', '-', '+': enough for a reader to see what was struck and added."""
    lines = difflib.ndiff((old or "").splitlines(), (new or "").splitlines())
    return [(line[0], line[2:]) for line in lines if line[:1] in " -+"]


def compare_sections(old, new):
    result = []
    for name, label in SECTIONS:
        before, after = getattr(old, name) or "", getattr(new, name) or ""
        if before != after:
            result.append({"label": label, "lines": line_diff(before, after)})
    for level, field in LEVEL_TOTAL_FIELDS.items():
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            result.append({"label": f"{level.label}总学时", "lines": [("-", str(before)), ("+", str(after))]})
    return result


def learning_tasks_text(course):
    return "\n".join(f"{name}（{hours} 学时）" for name, hours, _ in course.learning_task_list)


def compare_course(before, after):
    changes = []
    for field, label in [*COURSE_FIELDS, ("learning_tasks", "学习任务")]:
        old_value = learning_tasks_text(before) if field == "learning_tasks" else getattr(before, field)
        new_value = learning_tasks_text(after) if field == "learning_tasks" else getattr(after, field)
        if old_value != new_value:
            changes.append({"label": label, "lines": line_diff(str(old_value), str(new_value))})
    return changes


def compare_by_code(old_items, new_items):
    """Added, removed and changed items matched by their code (courses and work tasks keep codes across versions)."""
    old_map = {item.code: item for item in old_items}
    new_map = {item.code: item for item in new_items}
    added = [new_map[code] for code in new_map if code not in old_map]
    removed = [old_map[code] for code in old_map if code not in new_map]
    common = [code for code in new_map if code in old_map]
    return added, removed, common, old_map, new_map


def compare_versions(old, new):
    added, removed, common, old_map, new_map = compare_by_code(old.courses.all(), new.courses.all())
    changed = []
    for code in common:
        if changes := compare_course(old_map[code], new_map[code]):
            changed.append({"course": new_map[code], "changes": changes})
    tasks_added, tasks_removed, tasks_common, old_tasks, new_tasks = compare_by_code(
        old.work_tasks.all(), new.work_tasks.all()
    )
    tasks_changed = []
    for code in tasks_common:
        if changes := compare_work_task(old_tasks[code], new_tasks[code]):
            tasks_changed.append({"task": new_tasks[code], "changes": changes})
    return {
        "sections": compare_sections(old, new),
        "courses_added": added,
        "courses_removed": removed,
        "courses_changed": changed,
        "tasks_added": tasks_added,
        "tasks_removed": tasks_removed,
        "tasks_changed": tasks_changed,
    }


def _level_label(value):
    return Level(value).label if value in Level.values else str(value or "")


def compare_work_task(before, after):
    """Name, level (by its label) and description of a work task kept under the same code."""
    changes = []
    for field, label in WORK_TASK_FIELDS:
        old_value, new_value = getattr(before, field) or "", getattr(after, field) or ""
        if field == "level":
            old_value, new_value = _level_label(old_value), _level_label(new_value)
        if old_value != new_value:
            changes.append({"label": label, "lines": line_diff(old_value, new_value)})
    return changes


def compare_course_standards(old, new):
    """A course standard compared field by field; its learning tasks read as one list."""
    sections = []
    for name, label in [("title", "课程名称"), ("course_code", "课程代码"), ("hours", "学时")]:
        before, after = str(getattr(old, name)), str(getattr(new, name))
        if before != after:
            sections.append({"label": label, "lines": [("-", before), ("+", after)]})
    for name, label in COURSE_STANDARD_SECTIONS:
        before, after = getattr(old, name) or "", getattr(new, name) or ""
        if before != after:
            sections.append({"label": label, "lines": line_diff(before, after)})
    before, after = learning_tasks_text(old), learning_tasks_text(new)
    if before != after:
        sections.append({"label": "参考性学习任务", "lines": line_diff(before, after)})
    return {"sections": sections}


def side_by_side(lines, changes_only=False):
    """`line_diff` pairs as rows (kind, old line, new line) for a two-column reading of the text.

    A run of struck lines and the added lines that follow it sit side by side as one change ("changed"); a
    lone struck or added line has nothing opposite it. With `changes_only` the unchanged lines are left out,
    and a row of kind "gap" marks where some were.
    """
    rows, struck, added = [], [], []

    def flush():
        for index in range(max(len(struck), len(added))):
            old = struck[index] if index < len(struck) else None
            new = added[index] if index < len(added) else None
            kind = (
                "changed" if old is not None and new is not None else ("removed" if new is None else "added")
            )
            rows.append((kind, old, new))
        struck.clear()
        added.clear()

    for kind, line in lines:
        if kind == "-":
            if added:  # a struck line after added ones starts a new change
                flush()
            struck.append(line)
        elif kind == "+":
            added.append(line)
        else:
            flush()
            if not changes_only:
                rows.append(("same", line, line))
            elif not rows or rows[-1][0] != "gap":
                rows.append(("gap", None, None))
    flush()
    return rows


def changed_parts(diff):
    """The parts of a standard a comparison found changed, named as a reader would list them."""
    parts = [section["label"] for section in diff["sections"]]
    parts += [f"新增课程 {course.code} {course.name}" for course in diff.get("courses_added", [])]
    parts += [f"删除课程 {course.code} {course.name}" for course in diff.get("courses_removed", [])]
    for item in diff.get("courses_changed", []):
        labels = "、".join(change["label"] for change in item["changes"])
        parts.append(f"课程 {item['course'].code} {item['course'].name}（{labels}）")
    parts += [f"新增典型工作任务 {task.code}" for task in diff.get("tasks_added", [])]
    parts += [f"删除典型工作任务 {task.code}" for task in diff.get("tasks_removed", [])]
    parts += [f"典型工作任务 {item['task'].code}" for item in diff.get("tasks_changed", [])]
    return parts
