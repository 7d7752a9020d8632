"""Markdown exchange format of a training standard: YAML front matter, prose sections, the course table in YAML.

```
---
program: "0104"            # program code in the catalogue
title: ...
version: "1.0"
effective_date: 2025-09-01
levels: {intermediate: 1200, advanced: 800}   # declared integrated-course hours per level
---
## 专业信息
...
## 课程设置
prose, then one fenced ```yaml block with `work_tasks:` and `courses:`
```

`standard_data()` is the one description of a standard that export writes and import reads, so the round trip is
checked by comparing two of them.

Course standards (公共课 / 大类通用专业课) use the same shape: front matter `kind`, `category` (category code, for
大类通用专业课 only), `course_code`, `title`, `hours`, `version`, `effective_date`; sections 课程目标, 学习内容,
参考性学习任务 (one ```yaml block with `learning_tasks:`), 教学建议, 考核评价. `course_standard_data()` is their
description; `import_standard` tells the two apart by `course_code` in the front matter.
"""

import re

import yaml

from catalogue.models import Level

from .checks import LEVEL_HOURS_FIELDS, LEVEL_TOTAL_FIELDS, split_codes
from .sections import COURSE_STANDARD_SECTIONS, SECTIONS

SECTION_BY_LABEL = {label: name for name, label in SECTIONS}
LEVEL_KEYS = {level.value: level for level in Level} | {level.label: level for level in Level}
FENCE = re.compile(r"^```\s*ya?ml\s*$")
LEARNING_TASKS_LABEL = "参考性学习任务"


def standard_data(page, version=None):
    """A plain, ordered description of the standard (the page as in memory, e.g. a revision's object)."""
    return {
        "program": page.program.code,
        "title": page.title,
        "version": version.number if version else None,
        "effective_date": version.effective_date if version else page.effective_date,
        "levels": {level.value: getattr(page, LEVEL_TOTAL_FIELDS[level]) for level in page.program.levels},
        "sections": {name: (getattr(page, name) or "").strip() for name, _ in SECTIONS},
        "work_tasks": [
            {"code": t.code, "name": t.name, "level": t.level, "description": (t.description or "").strip()}
            for t in page.work_tasks.all()
        ],
        "courses": [course_data(course) for course in page.courses.all()],
    }


def course_data(course):
    return {
        "code": course.code,
        "name": course.name,
        "hours": {
            level.value: getattr(course, field)
            for level, field in LEVEL_HOURS_FIELDS.items()
            if getattr(course, field)
        },
        "work_tasks": split_codes(course.work_task_codes),
        "objectives": (course.objectives or "").strip(),
        "content": (course.content or "").strip(),
        "assessment": (course.assessment or "").strip(),
        "learning_tasks": [
            {"name": name, "hours": hours, "description": description.strip()}
            for name, hours, description in course.learning_task_list
        ],
    }


class _BlockDumper(yaml.SafeDumper):
    """Multi-line prose as YAML literal blocks, so exported files stay readable and diffable."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def dump_yaml(value):
    return yaml.dump(
        value, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )


def export_markdown(page, version=None):
    data = standard_data(page, version)
    front = {key: data[key] for key in ("program", "title", "version", "effective_date", "levels")}
    if front["version"] is None:
        del front["version"]
    if front["effective_date"] is None:
        del front["effective_date"]
    parts = ["---", dump_yaml(front).rstrip(), "---", ""]
    for name, label in SECTIONS:
        text = data["sections"][name]
        if name == "course_setup":
            table = dump_yaml({"work_tasks": data["work_tasks"], "courses": data["courses"]}).rstrip()
            text = f"{text}\n\n```yaml\n{table}\n```".strip()
        if text:
            parts += [f"## {label}", "", text, ""]
    return "\n".join(parts)


def course_standard_data(page, version=None):
    """A plain description of a course standard (公共课 or 大类通用专业课), like `standard_data`."""
    return {
        "kind": page.kind,
        "category": page.category.code if page.category_id else None,
        "course_code": page.course_code,
        "title": page.title,
        "hours": page.hours,
        "version": version.number if version else None,
        "effective_date": version.effective_date if version else page.effective_date,
        "sections": {name: (getattr(page, name) or "").strip() for name, _ in COURSE_STANDARD_SECTIONS},
        "learning_tasks": [
            {"name": name, "hours": hours, "description": description.strip()}
            for name, hours, description in page.learning_task_list
        ],
    }


def export_course_markdown(page, version=None):
    """Front matter (kind, category, code, hours, version), the prose sections, learning tasks as YAML."""
    data = course_standard_data(page, version)
    front = {
        key: data[key]
        for key in ("kind", "category", "course_code", "title", "hours", "version", "effective_date")
        if data[key] is not None
    }
    parts = ["---", dump_yaml(front).rstrip(), "---", ""]
    for name, label in COURSE_STANDARD_SECTIONS:
        if text := data["sections"][name]:
            parts += [f"## {label}", "", text, ""]
        if name == "content":
            table = dump_yaml({"learning_tasks": data["learning_tasks"]}).rstrip()
            parts += [f"## {LEARNING_TASKS_LABEL}", "", f"```yaml\n{table}\n```", ""]
    return "\n".join(parts)
