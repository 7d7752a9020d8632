"""Public uploads (Wagtail documents and images): checked by content, named safely, served so nothing runs.

Three layers, each enough on its own for the common case:

- Upload: `DocumentForm` (WAGTAILDOCS_DOCUMENT_FORM_BASE) refuses a file whose bytes do not match its extension,
  anything executable or containing HTML/script markup, and renames the file (`safe_filename`). Wagtail's own
  field enforces WAGTAILDOCS_MAX_UPLOAD_SIZE; images are decoded by Willow and limited by WAGTAILIMAGES_*.
- Serving: `serve_document` wraps Wagtail's document view and `serve_media` Django's DEBUG media view, so every
  file response carries nosniff, a CSP with no sources (and `sandbox` for everything but PDF, whose viewer
  Chrome and Safari refuse to start in a sandbox) and `attachment` unless it is PDF or plain text.
- Production: Django serves no /media/; the web server must send `nosniff` there and refuse /media/documents/
  outright, so documents are reached only through /documents/ (these headers, collection privacy).

The review path's private PDFs (textbooks/review/forms.py) use `check_pdf_bytes` from here.
"""

import codecs
import os
import re
import unicodedata
import zipfile

from django import forms
from django.conf import settings
from django.http import FileResponse, HttpResponseNotModified
from django.urls import re_path
from django.views.static import serve as django_static_serve

from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views.serve import serve as wagtail_document_serve

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 4096
MAX_NAME_LENGTH = 80  # "documents/" + name + Django's "_abc1234" collision suffix stays under max_length=100
EXECUTABLE_MAGICS = (b"\x7fELF", b"MZ", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MACRO_PART = re.compile(r"(^|/)vbaProject\.bin$|\.(exe|dll|js|vbs|bat|cmd|ps1|scr|html?|svg)$", re.IGNORECASE)
MARKUP = re.compile(
    r"<\s*/?\s*(!doctype|\?xml|html|head|body|script|iframe|frame|svg|object|embed|meta|link|style|base|form|img)\b"
    r"|javascript\s*:",
    re.IGNORECASE,
)
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
INLINE_TYPES = ("application/pdf", "text/plain")
DOCUMENT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"


def read_head(upload, size=HEAD_BYTES):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_pdf_bytes(head, name):
    """The first bytes (after a stray BOM or blank line) must be the PDF signature."""
    if not head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(PDF_MAGIC):
        raise forms.ValidationError(
            f"文件“{name}”的内容不是 PDF（扩展名与内容不符），请上传真正的 PDF 文件。"
        )


def check_not_executable(head, name):
    if head.startswith(EXECUTABLE_MAGICS):
        raise forms.ValidationError(f"文件“{name}”是可执行程序或脚本，不允许上传。")


def check_ooxml(upload, extension, name):
    """A real .docx/.xlsx is a ZIP holding the OOXML content types and its main part, and no macros or programs."""
    wrong = forms.ValidationError(
        f"文件“{name}”的内容不是 .{extension} 文档（扩展名与内容不符），请上传用 Office/WPS 保存的文件。"
    )
    if not read_head(upload, 4).startswith(ZIP_MAGIC):
        raise wrong
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as error:
        raise wrong from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or OOXML_MAIN_PART[extension] not in names:
        raise wrong
    if any(MACRO_PART.search(part) for part in names):
        raise forms.ValidationError(f"文件“{name}”含有宏或可执行内容，不允许上传。")


def decode_text(data):
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def check_text(upload, extension, name):
    """Plain text or CSV: UTF-8 or GB18030, no binary control characters, no HTML or script markup."""
    upload.seek(0)
    text = decode_text(upload.read())
    upload.seek(0)
    if text is None or TEXT_CONTROL.search(text):
        raise forms.ValidationError(
            f"文件“{name}”不是 UTF-8 或 GB18030 编码的 .{extension} 文本文件，请另存为文本后再上传。"
        )
    if MARKUP.search(text):
        raise forms.ValidationError(
            f"文件“{name}”含有网页（HTML）或脚本代码，不允许作为 .{extension} 文件上传。"
        )


def check_document(upload):
    """Refuse an upload whose extension is not allowed or whose bytes do not match its extension."""
    name = upload.name
    extension = os.path.splitext(name)[1][1:].lower()
    allowed = [ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", [])]
    if extension not in allowed:
        raise forms.ValidationError(
            f"不允许上传 .{extension or '（无扩展名）'} 文件“{name}”；允许的格式：{'、'.join(allowed)}。"
        )
    head = read_head(upload)
    check_not_executable(head, name)
    if extension == "pdf":
        check_pdf_bytes(head, name)
    elif extension in OOXML_MAIN_PART:
        check_ooxml(upload, extension, name)
    elif extension in ("csv", "txt"):
        check_text(upload, extension, name)
    else:
        raise forms.ValidationError(f"无法核验 .{extension} 文件的内容，不允许上传。")


def safe_filename(name, default="document"):
    """The last path component, without control characters or leading dots, readable (Chinese kept), bounded."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    stem, _, extension = name.rpartition(".") if "." in name else (name, "", "")
    extension = re.sub(r"[^0-9a-z]", "", extension.lower())[:10]
    extension = f".{extension}" if extension else ""
    stem = re.sub(r"[^\w.\-]+", "_", stem).strip("._- ") or default
    return stem[: MAX_NAME_LENGTH - len(extension)] + extension


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with content checks and a safe stored name (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Long names are shortened by `safe_filename`, not refused by the model field's max_length.
            self.fields["file"].max_length = None
            allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", [])
            self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in allowed)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_document(upload)
            upload.name = safe_filename(upload.name)
        return upload

    def _post_clean(self):
        # The model's own extension check would repeat, in English, an error the file field already reports.
        if "file" in self.errors:
            return
        super()._post_clean()


def text_charset(response):
    """The charset of a served text file, read from its first bytes (GB18030 unless it is UTF-8)."""
    stream = getattr(response, "file_to_stream", None)
    if stream is None:
        return "utf-8"
    position = stream.tell()
    head = stream.read(HEAD_BYTES)
    stream.seek(position)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def harden_file_response(response):
    """Headers that keep a served file inert in our origin, whatever its bytes turn out to be."""
    if not isinstance(response, (FileResponse, HttpResponseNotModified)):
        return response
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "application/octet-stream").split(";")[0].strip().lower()
    response["Content-Security-Policy"] = DOCUMENT_CSP + (
        "" if content_type == "application/pdf" else "; sandbox"
    )
    if isinstance(response, HttpResponseNotModified):
        return response
    if content_type == "text/plain":
        response["Content-Type"] = f"text/plain; charset={text_charset(response)}"
    disposition = response.get("Content-Disposition", "")
    parameters = disposition.split(";", 1)[1] if ";" in disposition else ""
    kind = "inline" if content_type in INLINE_TYPES else "attachment"
    response["Content-Disposition"] = kind + (f";{parameters}" if parameters else "")
    return response


def serve_document(request, document_id, document_filename):
    return harden_file_response(wagtail_document_serve(request, document_id, document_filename))


def serve_media(request, path, document_root=None, show_indexes=False):
    """Django's DEBUG-only media view with the same headers; production serves /media/ from the web server."""
    return harden_file_response(django_static_serve(request, path, document_root, show_indexes))


# Wagtail's document URLs with the serve view wrapped (same name and pattern, so `Document.url` is unchanged).
document_urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    *(pattern for pattern in wagtaildocs_urls.urlpatterns if pattern.name != "wagtaildocs_serve"),
]
