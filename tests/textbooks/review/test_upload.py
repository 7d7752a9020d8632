"""Publishers' applications through the snippet views: own organisation only, PDFs checked by content and size."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from catalogue.textbooks.factories import PDF_BYTES
from catalogue.textbooks.models import ReviewStage, Textbook

from .conftest import refused

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_textbooks_textbook:add"
EDIT = "wagtailsnippets_textbooks_textbook:edit"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def form_data(client, url, **changes):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.update(changes)
    return data


def application(**changes):
    fields = {
        "isbn": "978-7-5045-0001-4",
        "title": "焊接工艺",
        "editors": "张三、李四",
        "edition": "1",
        "kind": "foundation",
        "level": "intermediate",
        "publication_status": "writing",
    }
    fields.update(changes)
    return fields


def files(sample=PDF_BYTES, toc=PDF_BYTES, sample_name="sample.pdf", toc_name="toc.pdf"):
    return {
        "sample_file": SimpleUploadedFile(sample_name, sample, content_type="application/pdf"),
        "toc_file": SimpleUploadedFile(toc_name, toc, content_type="application/pdf"),
    }


@pytest.fixture
def publisher_client(client, publisher_a):
    client.force_login(publisher_a)
    return client


def test_a_publisher_saves_a_draft_for_its_own_organisation(publisher_client, org_a, private_root, settings):
    data = form_data(publisher_client, reverse(ADD), **application())
    assert "publisher" not in data  # the organisation comes from the account
    response = publisher_client.post(reverse(ADD), {**data.dict(), **files()})
    assert response.status_code == 302
    textbook = Textbook.objects.get(isbn="9787504500014")
    assert textbook.publisher == org_a and textbook.editors == ["张三", "李四"]
    assert textbook.review_stage == ReviewStage.DRAFT and not textbook.live
    stored = private_root / textbook.sample_file.name
    assert stored.read_bytes() == PDF_BYTES
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ({"sample": b"PK\x03\x04 not a pdf"}, "内容不是 PDF"),
        ({"sample": HTML}, "内容不是 PDF"),
        ({"toc": PDF_BYTES, "toc_name": "toc.docx"}, "不是 PDF 文件"),
        ({"sample": PDF_BYTES + b"0" * 2048}, "过大"),
    ],
    ids=["zip-named-pdf", "html-disguised-as-pdf", "wrong-extension", "too-large"],
)
def test_bad_uploads_are_refused_in_chinese_and_nothing_is_saved(
    publisher_client, settings, private_root, upload, message
):
    settings.TEXTBOOK_UPLOAD_MAX_BYTES = 1024
    data = form_data(publisher_client, reverse(ADD), **application())
    response = publisher_client.post(reverse(ADD), {**data.dict(), **files(**upload)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Textbook.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_a_bad_isbn_is_reported(publisher_client):
    data = form_data(publisher_client, reverse(ADD), **application(isbn="978-7-5045-0001-5"))
    response = publisher_client.post(reverse(ADD), {**data.dict(), **files()})
    assert response.status_code == 200 and "校验位错误" in response.content.decode()
    assert not Textbook.objects.exists()


def test_a_publisher_cannot_edit_once_submitted_or_edit_another_publishers(
    client, publisher_a, publisher_b, textbook
):
    client.force_login(publisher_b)
    assert refused(client.get(reverse(EDIT, args=[textbook.pk])))
    client.force_login(publisher_a)
    assert client.get(reverse(EDIT, args=[textbook.pk])).status_code == 200
    Textbook.objects.filter(pk=textbook.pk).update(review_stage=ReviewStage.SUBMITTED)
    assert refused(client.get(reverse(EDIT, args=[textbook.pk])))
