"""PDF export under load: one render per version whatever the query string, and a bound on renders at once."""

import io
from pathlib import Path

from django.conf import settings as django_settings

import pytest
from pypdf import PdfReader

from tests.standards.test_pages import publish_revision

pytestmark = pytest.mark.django_db


def cached_files():
    """The rendered PDFs kept (the render slots' lock files beside them are not renders)."""
    root = Path(django_settings.STANDARDS_PDF_CACHE_DIR)
    return sorted(root.rglob("*.pdf")) if root.exists() else []


def text_of(response):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_junk_parameters_share_one_render(client, published):
    first = client.get(published.url + "export/pdf/?v=1.0&x=1")
    assert first.status_code == 200 and len(cached_files()) == 1

    from standards import pdf_cache

    renders = pdf_cache.renders
    second = client.get(published.url + "export/pdf/?y=2&v=1.0&utm_source=spam")
    bare = client.get(published.url + "export/pdf/")
    assert second.status_code == bare.status_code == 200
    assert second.content == first.content == bare.content
    assert pdf_cache.renders == renders and len(cached_files()) == 1


def test_a_new_version_gets_its_own_pdf_and_the_old_one_stays(client, published):
    old = client.get(published.url + "export/pdf/")
    page = publish_revision(published, info="第二版的专业信息")
    assert page.current_version.number == "2.0"
    new = client.get(page.url + "export/pdf/?x=1")
    assert new.status_code == 200 and new.content != old.content and "2.0" in text_of(new)
    assert len(cached_files()) == 2
    assert client.get(page.url + "export/pdf/?v=1.0").content == old.content


def test_an_unknown_version_is_404(client, published):
    assert client.get(published.url + "export/pdf/?v=9.9&x=1").status_code == 404
    assert not cached_files()


HOLD_SLOTS = """
import fcntl, sys
handles = [open(path, "a+b") for path in sys.argv[1:]]
for handle in handles:
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


def test_renders_beyond_the_bound_answer_503_while_cached_pdfs_are_still_served(client, published, settings):
    """Another process (as another gunicorn worker would) holds every render slot: this one may not render."""
    import subprocess
    import sys

    from standards import pdf_cache

    settings.STANDARDS_PDF_RENDER_WAIT_SECONDS = 0
    cached = client.get(published.url + "export/pdf/")
    page = publish_revision(published, info="第二版的专业信息")
    paths = [str(path) for path in pdf_cache.slot_paths()]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SLOTS, *paths], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = client.get(page.url + "export/pdf/")
        still_served = client.get(page.url + "export/pdf/?v=1.0&x=1")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert busy.status_code == 503 and int(busy["Retry-After"]) > 0
    assert "请约" in busy.content.decode() and "秒后再试" in busy.content.decode()
    assert still_served.status_code == 200 and still_served.content == cached.content
    assert client.get(page.url + "export/pdf/").status_code == 200  # the holder is gone, and so are its locks


def test_pdf_variants_do_not_fill_the_public_page_cache(client, published, settings):
    response = client.get(published.url + "export/pdf/?junk=1")
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert response.get("X-Cache") != "hit"
    assert client.get(published.url + "export/pdf/?junk=1").get("X-Cache") != "hit"


def test_the_benchmark_prints_cold_and_cached_figures_for_each_standard(published):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("benchmark_pdf", "--repeat", "2", stdout=out)
    text = out.getvalue()
    assert f"{published.program.code} v1.0：" in text and "首次生成" in text and "缓存命中" in text
    assert "共 1 个标准" in text


def test_every_demo_standard_exports_as_pdf(client):
    """A bold label falling on a page break made fpdf2 restore the font with a TextEmphasis: 500 for 0105."""
    from io import StringIO

    from django.core.management import call_command

    from standards.demo import load_demo_standards
    from standards.models import TrainingStandardPage

    demo = Path(django_settings.BASE_DIR) / "demo"
    call_command("import_programs", str(demo / "programs.csv"), "--no-progress", stdout=StringIO())
    load_demo_standards()
    pages = TrainingStandardPage.objects.live()
    assert pages.count() == 16
    for page in pages:
        response = client.get(page.url + "export/pdf/")
        assert response.status_code == 200, page.program.code
        assert PdfReader(io.BytesIO(response.content)).pages
