"""Template helpers of the public pages: the Wagtail home page's catalogue figures, the program page's record."""

import re

from django import template
from django.db.models import Count

from catalogue.models import Edition

register = template.Library()


@register.simple_tag
def latest_editions(count=2):
    """The newest editions with their program counts, so the home page can name the catalogue in force."""
    return list(
        Edition.objects.published()
        .annotate(program_count=Count("programs"))
        .order_by("-effective_date", "-name")[:count]
    )


# An uploaded file's name ("programs-2025终稿.xlsx"), with what introduces it in our import comments.
IMPORT_FILE = re.compile(
    r"[，,]?\s*(?:来自\s*)?[^\s，,、（）()]+\.(?:csv|xlsx|xls|json|md|txt)\b", re.IGNORECASE
)


@register.filter
def public_revision_note(comment):
    """A revision comment fit for the public page: import file names are staff's working files, not facts.

    "导入专业目录 2018（167 个专业，来自 programs.csv）" reads "导入专业目录 2018（167 个专业）".
    """
    text = IMPORT_FILE.sub("", comment or "")
    return re.sub(r"[（(]\s*[）)]", "", text).strip()
