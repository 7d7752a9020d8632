"""A process that dies after an import commits but before the index is updated: the next run finishes the job.

Needs PostgreSQL: the crashing import runs in a second process, which must see the test database.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from catalogue.textbooks.factories import isbn_for
from catalogue.textbooks.models import Textbook
from cms.users.roles import ensure_roles_after_migrate
from search.models import PendingUpdate

REPO = Path(__file__).resolve().parents[2]
TITLE = "崩溃后补建索引测试教材"
CRASH_AFTER_COMMIT = """
import os, sys
import django
django.setup()
from django.core.management import call_command
from django.db import transaction
with transaction.atomic():
    # Registered first, so it runs first on commit: the data is committed, the index update never starts.
    transaction.on_commit(lambda: os._exit(3))
    call_command("import_textbooks", sys.argv[1], "--no-progress")
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="需要 PostgreSQL：崩溃的导入在另一个进程中运行")
@pytest.mark.django_db(transaction=True, available_apps=[config.name for config in apps.get_app_configs()])
def test_an_import_that_crashed_after_commit_is_indexed_by_the_next_run(client, tmp_path):
    ensure_roles_after_migrate()
    ProgramFactory(category=CategoryFactory(code="01"), code="0106")
    isbn = isbn_for(4242)
    path = tmp_path / "list.csv"
    path.write_text(
        "isbn,title,series,publisher,editors,edition,year,type,level,program_codes,course,batch,status,worldskills,"
        f"description\n{isbn},{TITLE},,测试出版社,张三,1,2024,工学一体化教材,通用,0106,焊接,第一批,已出版,,\n",
        encoding="utf-8",
    )
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_COMMIT, str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=300,
    )

    assert crashed.returncode == 3, crashed.stderr.decode()[-2000:]
    book = Textbook.objects.get(isbn=isbn)  # the data committed ...
    assert PendingUpdate.objects.filter(
        doc_type="textbook", object_id=str(book.pk)
    ).exists()  # ... and the debt
    found = f"/textbooks/{isbn}/"  # a result links to the title's page
    assert found not in client.get(reverse("search:page"), {"q": TITLE}).content.decode()

    out = StringIO()
    call_command("import_textbooks", str(path), "--no-progress", stdout=out)  # the operator runs it again

    assert "无变化 1 种" in out.getvalue()
    assert not PendingUpdate.objects.exists()
    assert found in client.get(reverse("search:page"), {"q": TITLE}).content.decode()
