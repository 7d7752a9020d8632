"""Blocks of the course specifications. Learning tasks are typed so their hours can be summed and checked."""

from wagtail import blocks

from cms.text import normalise_line_endings


class LearningTaskBlock(blocks.StructBlock):
    """学习任务: a unit of teaching derived from a typical work task, with the hours it takes."""

    name = blocks.CharBlock(label="学习任务名称", max_length=100)
    hours = blocks.IntegerBlock(label="学时", min_value=1)
    description = blocks.TextBlock(label="任务描述", required=False)

    class Meta:
        icon = "tasks"
        label = "学习任务"
        template = "standards/blocks/learning_task.html"
        description = "一体化课程的参考性学习任务及其学时"
        preview_value = {
            "name": "阶梯轴的数控车削加工",
            "hours": 40,
            "description": "按图样完成零件加工与检测。",
        }

    def clean(self, value):
        """The description is stored with LF like every other authored text (cms/text.py): a browser posts CRLF."""
        value = super().clean(value)
        value["description"] = normalise_line_endings(value.get("description") or "")
        return value


def learning_task_items(stream_value):
    """(name, hours, description) for each learning task of a course, whatever holds the stream."""
    items = []
    for child in stream_value or []:
        value = child.value
        items.append((value.get("name") or "", int(value.get("hours") or 0), value.get("description") or ""))
    return items
