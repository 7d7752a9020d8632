"""Export file names reach the browser intact, whatever the course code holds (RFC 6266 `filename*` when needed)."""

from urllib.parse import quote

import pytest

from standards.factories import CategoryCourseStandardPageFactory

pytestmark = pytest.mark.django_db


def published_course(index, category, course_code):
    page = CategoryCourseStandardPageFactory(
        parent=index, category=category, title="机械制图", course_code=course_code, objectives="读懂零件图。"
    )
    page.save_revision().publish()
    return page


def test_plain_codes_keep_a_quoted_filename(client, index, category):
    page = published_course(index, category, "D01")
    markdown = client.get(page.url + "export/markdown/")
    assert markdown["Content-Disposition"] == 'attachment; filename="course-standard-D01-1.0.md"'
    pdf = client.get(page.url + "export/pdf/")
    assert pdf["Content-Disposition"] == 'inline; filename="course-standard-D01-1.0.pdf"'


def test_chinese_and_quotes_in_a_code_are_encoded_not_broken(client, index, category):
    page = published_course(index, category, '机电"01')
    markdown = client.get(page.url + "export/markdown/")
    expected = quote('course-standard-机电"01-1.0.md')
    assert markdown["Content-Disposition"] == f"attachment; filename*=utf-8''{expected}"
    pdf = client.get(page.url + "export/pdf/")
    assert pdf["Content-Disposition"].startswith("inline; filename*=utf-8''course-standard-")
