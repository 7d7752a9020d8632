"""The consistency rules of a training standard, shared by the editor panel, publishing and the importer.

Each rule returns messages in Chinese that name the course or work task and the numbers, so a committee can
fix the specification without asking anyone what the system meant.
"""

import re

from catalogue.models import Level

from .blocks import learning_task_items

LEVEL_HOURS_FIELDS = {
    Level.INTERMEDIATE: "hours_intermediate",
    Level.ADVANCED: "hours_advanced",
    Level.TECHNICIAN: "hours_technician",
}
LEVEL_TOTAL_FIELDS = {
    Level.INTERMEDIATE: "total_hours_intermediate",
    Level.ADVANCED: "total_hours_advanced",
    Level.TECHNICIAN: "total_hours_technician",
}


def split_codes(text):
    """Work-task codes as editors type them: commas (half or full width), 顿号 or spaces between."""
    return [code for code in re.split(r"[,，、;；\s]+", text or "") if code]


def course_label(course):
    return f"课程「{course.code} {course.name}」"


def course_hours(course):
    return sum(getattr(course, field) or 0 for field in LEVEL_HOURS_FIELDS.values())


def course_levels(course):
    return [level for level, field in LEVEL_HOURS_FIELDS.items() if getattr(course, field)]


def check_training_standard(page):
    """Every rule over the standard as it is in memory (a form instance or a revision), not the database."""
    courses = list(page.courses.all())
    work_tasks = list(page.work_tasks.all())
    program = page.program if page.program_id else None
    errors = []
    for course in courses:
        errors += check_learning_task_hours(
            course_label(course), learning_task_items(course.learning_tasks), course_hours(course)
        )
    errors += check_level_totals(page, courses, program)
    errors += check_work_task_coverage(work_tasks, courses)
    errors += check_course_levels(courses, work_tasks, program)
    errors += check_course_task_levels(courses, work_tasks)
    return errors


def check_learning_task_hours(label, items, hours):
    if not items:
        return [f"{label}：没有学习任务。"]
    total = sum(task_hours for _, task_hours, _ in items)
    if total != hours:
        return [f"{label}：学习任务学时合计 {total}，与课程学时 {hours} 不符。"]
    return []


def check_level_totals(page, courses, program):
    """Course hours per level must add up to the total the standard declares for that level."""
    errors = []
    for level, total_field in LEVEL_TOTAL_FIELDS.items():
        declared = getattr(page, total_field) or 0
        actual = sum(getattr(course, LEVEL_HOURS_FIELDS[level]) or 0 for course in courses)
        if program is not None and not program.offers(level):
            if declared:
                errors.append(f"标准声明了{level.label}总学时 {declared}，但专业「{program}」不开设该层级。")
            continue
        if declared != actual:
            errors.append(f"{level.label}：一体化课程学时合计 {actual}，与标准声明的总学时 {declared} 不符。")
    return errors


def check_work_task_coverage(work_tasks, courses):
    known = {task.code for task in work_tasks}
    cited = set()
    errors = []
    for course in courses:
        for code in split_codes(course.work_task_codes):
            if code not in known:
                errors.append(f"{course_label(course)}：来源典型工作任务编号「{code}」不存在。")
            cited.add(code)
    for task in work_tasks:
        if task.code not in cited:
            errors.append(f"典型工作任务「{task.code} {task.name}」未被任何一体化课程覆盖。")
    return errors


def check_course_levels(courses, work_tasks, program):
    if program is None:
        return ["尚未选择专业。"]
    errors = []
    for course in courses:
        if not course_hours(course):
            errors.append(f"{course_label(course)}：未安排任何层级的学时。")
        for level in course_levels(course):
            if not program.offers(level):
                hours = getattr(course, LEVEL_HOURS_FIELDS[level])
                errors.append(
                    f"{course_label(course)}安排在{level.label}（{hours} 学时），但专业「{program}」不开设该层级。"
                )
    for task in work_tasks:
        if task.level and not program.offers(task.level):
            errors.append(
                f"典型工作任务「{task.code} {task.name}」属于{Level(task.level).label}，但专业不开设该层级。"
            )
    return errors


def check_course_task_levels(courses, work_tasks):
    """A course is taught at the levels of the work tasks it comes from: hours at another level do not fit."""
    task_levels = {task.code: task.level for task in work_tasks if task.level}
    errors = []
    for course in courses:
        cited = [code for code in split_codes(course.work_task_codes) if code in task_levels]
        if not cited:
            continue  # unknown codes are reported by check_work_task_coverage
        allowed = {task_levels[code] for code in cited}
        for level in course_levels(course):
            if level not in allowed:
                sources = "、".join(f"{code}（{Level(task_levels[code]).label}）" for code in cited)
                hours = getattr(course, LEVEL_HOURS_FIELDS[level])
                errors.append(
                    f"{course_label(course)}安排在{level.label}（{hours} 学时），"
                    f"但其来源典型工作任务 {sources} 不含该层级。"
                )
    return errors
