"""Names and titles people type or import: no invisible characters that change how a name reads.

Bidirectional overrides and other control characters make text display differently from what it is (a title
that reads one way and sorts or searches another) and are refused with a Chinese message. Zero-width characters
(often carried over from Word or a web page) make two equal names differ: importers remove them from every cell,
forms refuse them in names and titles, saying where they are, since the person typing cannot see them.

Authored text is stored with one line ending, LF. Browsers submit a textarea with CRLF, so an admin save stored
CRLF while imports and the API stored LF; two saves of the same words then differed in version comparisons,
hashes and the Markdown export. `LineEndingsField` is the form field of every plain `TextField` in Wagtail's
admin forms (pages, snippets and their inline panels), registered at start-up by `use_lf_in_admin_forms`.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
ALLOWED_CONTROLS = set("\t\n\r")


def strip_zero_width(text):
    return text.translate(ZERO_WIDTH) if isinstance(text, str) else text


def first_control_character(text):
    """The first zero-width, bidi override or other control character in `text`, or None."""
    for char in text or "":
        if char in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in ("Cc", "Cf"):
            return char
    return None


def control_character_message(char):
    name = unicodedata.name(char, "控制字符")
    return f"含有不可见的控制字符 U+{ord(char):04X}（{name}），会让文字显示得与实际内容不同，请删除后再提交。"


def validate_no_control_characters(value):
    char = first_control_character(value)
    if char is not None:
        raise ValidationError(control_character_message(char), code="control_character")


LINE_BREAKS = re.compile(r"\r\n?")


def normalise_line_endings(text):
    """CRLF (Windows, browsers) and lone CR (old Mac) as LF."""
    return LINE_BREAKS.sub("\n", text) if isinstance(text, str) else text


class LineEndingsField(forms.CharField):
    def to_python(self, value):
        return super().to_python(normalise_line_endings(value))


def use_lf_in_admin_forms():
    """Make `LineEndingsField` the admin form field of `models.TextField` (exactly that class, as Wagtail's own
    override is, so rich text keeps its editor), keeping Wagtail's auto-height textarea."""
    from django.db import models

    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import AdminAutoHeightTextInput

    register_form_field_override(
        models.TextField,
        override={"form_class": LineEndingsField, "widget": AdminAutoHeightTextInput},
        exact_class=True,
    )
