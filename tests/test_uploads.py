"""Public uploads through the real Wagtail admin views, then fetched as served: type by content, size limits,
safe names, and headers that keep any served file inert (cms/uploads.py)."""

import io
import json
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.models import UploadedFile as PendingUpload

import pytest
from PIL import Image

from cms.uploads import safe_filename, serve_media

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
PE = b"MZ\x90\x00\x03" + b"\x00" * 64
TEXT_UTF8 = "专业目录说明\n第一行，第二行。\n".encode()
CSV = "代码,名称\n0101,机床切削加工\n".encode()
Document = get_document_model()


def ooxml(main_part, *extra):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", main_part, *extra):
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = ooxml("word/document.xml")
XLSX = ooxml("xl/workbook.xml")


def png(size=(8, 8), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, image_format)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def multipart(fields, file_field, filename, data, content_type="application/octet-stream"):
    """A raw multipart body, so the file name reaches the server exactly as a hostile client would send it."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload_document(client, filename, data, title="上传测试"):
    fields = {"title": title, "collection": Collection.get_first_root_node().pk}
    body, content_type = multipart(fields, "file", filename, data)
    return client.post(reverse("wagtaildocs:add"), data=body, content_type=content_type)


def file_errors(response):
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


def served(client, document):
    response = client.get(document.url)
    assert response.status_code == 200, response.status_code
    return response, b"".join(response.streaming_content)


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


# --- type by content -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("课程标准.pdf", PDF),
        ("教材编写说明.docx", DOCX),
        ("专业目录.xlsx", XLSX),
        ("专业目录.csv", CSV),
        ("说明.txt", TEXT_UTF8),
        ("说明-gbk.txt", "国家技工院校专业目录".encode("gb18030")),
    ],
)
def test_real_documents_are_accepted_and_served_byte_for_byte(admin, media, filename, data):
    response = upload_document(admin, filename, data)
    assert response.status_code == 302, file_errors(response)
    document = Document.objects.get()
    assert document.filename == filename  # Chinese names stay readable
    assert served(admin, document)[1] == data


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("page.html", HTML, "不允许上传 .html"),
        ("logo.svg", SVG, "不允许上传 .svg"),
        ("setup.exe", PE, "不允许上传 .exe"),
        ("report.pdf", HTML, "内容不是 PDF"),
        ("notes.txt", HTML, "网页（HTML）或脚本"),
        ("data.csv", b"name\n<script>alert(1)</script>\n", "网页（HTML）或脚本"),
        ("notes.txt", b'<svg onload="alert(1)">', "网页（HTML）或脚本"),
        ("report.pdf", ELF, "可执行程序"),
        ("readme.txt", PE, "可执行程序"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n", "可执行程序"),
        ("binary.txt", b"abc\x00\x01\x02def", "不是 UTF-8 或 GB18030"),
        ("letter.docx", PDF, "内容不是 .docx"),
        ("sheet.xlsx", ooxml("word/document.xml"), "内容不是 .xlsx"),
        ("macro.docx", ooxml("word/document.xml", "word/vbaProject.bin"), "宏或可执行"),
        ("noext", PDF, "不允许上传"),
    ],
)
def test_wrong_or_dangerous_documents_are_refused_in_chinese_and_nothing_is_saved(
    admin, media, filename, data, message
):
    response = upload_document(admin, filename, data)
    assert message in file_errors(response)
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_the_multiple_uploader_refuses_by_content_too(admin, media):
    body, content_type = multipart(
        {"collection": Collection.get_first_root_node().pk}, "files[]", "report.pdf", HTML
    )
    response = admin.post(reverse("wagtaildocs:add_multiple"), data=body, content_type=content_type)
    result = json.loads(response.content)
    assert result["success"] is False and "内容不是 PDF" in result["error_message"]
    assert not Document.objects.exists() and not PendingUpload.objects.exists()
    assert stored_files(media) == []


def test_replacing_a_document_file_is_checked_as_well(admin, media):
    assert upload_document(admin, "规范.pdf", PDF).status_code == 302
    document = Document.objects.get()
    fields = {"title": document.title, "collection": document.collection_id}
    body, content_type = multipart(fields, "file", "规范.pdf", HTML)
    response = admin.post(
        reverse("wagtaildocs:edit", args=[document.pk]), data=body, content_type=content_type
    )
    assert "内容不是 PDF" in file_errors(response)
    document.refresh_from_db()
    assert served(admin, document)[1] == PDF


# --- size limits -----------------------------------------------------------------------------------------------


def test_documents_over_the_size_limit_are_refused(admin, media, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(admin, "big.pdf", PDF + b"0" * 2048)
    assert "文件过大" in file_errors(response)
    assert not Document.objects.exists() and stored_files(media) == []


def test_the_document_limit_is_the_configured_setting(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == settings.DOCUMENT_MAX_UPLOAD_SIZE > 0


# --- names -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\报告.pdf", "报告.pdf"),
        ("报告\x00.pdf", "报告.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("年度 报告\t(终稿).pdf", "年度_报告_终稿.pdf"),
    ],
)
def test_stored_names_have_no_paths_controls_or_leading_dots(admin, media, sent, stored):
    response = upload_document(admin, sent, PDF)
    assert response.status_code == 302, file_errors(response)
    document = Document.objects.get()
    assert document.filename == stored
    assert document.file.name == f"documents/{stored}"
    assert stored_files(media) == [media / "documents" / stored]


def test_a_300_character_name_is_shortened_not_refused(admin, media):
    response = upload_document(admin, "教" * 300 + ".pdf", PDF)
    assert response.status_code == 302, file_errors(response)
    document = Document.objects.get()
    assert document.filename.endswith(".pdf") and document.filename.startswith("教")
    assert len(document.filename) <= 80 and len(document.file.name) <= 100


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\a\\文件.PDF", "文件.pdf"),
        ("\u202etxt.pdf", "txt.pdf"),  # right-to-left override: a format (Cf) character
        ("....pdf", "document.pdf"),
        ("...", "document"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


# --- serving -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "disposition", "content_type"),
    [
        ("标准.pdf", PDF, "inline", "application/pdf"),
        ("说明.txt", TEXT_UTF8, "inline", "text/plain; charset=utf-8"),
        ("旧说明.txt", "国家技工院校".encode("gb18030"), "inline", "text/plain; charset=gb18030"),
        ("目录.csv", CSV, "attachment", "text/csv"),
        (
            "说明.docx",
            DOCX,
            "attachment",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "目录.xlsx",
            XLSX,
            "attachment",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_served_documents_carry_protective_headers(
    admin, client, media, filename, data, disposition, content_type
):
    assert upload_document(admin, filename, data).status_code == 302
    admin.logout()
    response, _ = served(client, Document.objects.get())
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].split(";")[0] == disposition
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    # Chrome and Safari refuse to open a PDF in a sandboxed document; 'none' already forbids every script.
    assert ("sandbox" in policy) == (content_type != "application/pdf")


def test_an_html_file_that_slipped_in_is_served_inert(client, media):
    """A document saved around the form (an old import, a shell): attachment, sandboxed, never sniffed as HTML."""
    document = Document.objects.create(title="旧文件", file=ContentFile(HTML, name="old.html"))
    response, body = served(client, document)
    assert body == HTML
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_html_inside_a_txt_document_is_not_inline_html(client, media):
    document = Document.objects.create(title="伪装", file=ContentFile(HTML, name="fake.txt"))
    response, _ = served(client, document)
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_debug_media_view_adds_the_same_headers(media):
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "x.html").write_bytes(HTML)
    response = serve_media(RequestFactory().get("/media/documents/x.html"), "documents/x.html", str(media))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


# --- images ------------------------------------------------------------------------------------------------------


def upload_image(client, filename, data):
    fields = {"title": "封面", "collection": Collection.get_first_root_node().pk}
    body, content_type = multipart(fields, "file", filename, data)
    return client.post(reverse("wagtailimages:add"), data=body, content_type=content_type)


def test_a_real_image_is_accepted_with_a_safe_name(admin, media):
    response = upload_image(admin, "../封面\x00.png", png())
    assert response.status_code == 302, file_errors(response)
    image = get_image_model().objects.get()
    assert image.file.name.startswith("original_images/") and ".." not in image.file.name
    assert "\x00" not in image.file.name and image.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("cover.png", HTML, "不是有效的 .png 图像"),
        ("cover.svg", SVG, "不支持的图片格式"),
        ("cover.png", png(image_format="GIF"), "扩展名与文件格式不匹配"),
    ],
    ids=["html-renamed-png", "svg", "mismatched-format"],
)
def test_fake_or_svg_images_are_refused_in_chinese(admin, media, filename, data, message):
    response = upload_image(admin, filename, data)
    assert message in file_errors(response)
    assert not get_image_model().objects.exists() and stored_files(media) == []


def test_images_over_the_size_limit_are_refused(admin, media, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = upload_image(admin, "cover.png", png((64, 64)))
    assert "文件过大" in file_errors(response)
    assert not get_image_model().objects.exists()
