"""Two different adjustments of one program, approved at once by two processes; a baseline import over them.

The race needs PostgreSQL: two server connections with real row locks. SQLite serialises writers on the whole
database, so the conflict cannot arise there the way it does in production.
"""

import json
import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

import pytest

from catalogue.factories import AdjustmentFactory, CategoryFactory, ProgramFactory, UserFactory
from catalogue.models import Adjustment, Edition, Program
from cms.users.roles import ADMINISTRATORS, ensure_roles_after_migrate

REPO = Path(__file__).resolve().parents[2]
live_database = pytest.mark.django_db(
    transaction=True, available_apps=[config.name for config in apps.get_app_configs()]
)
needs_server = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="需要 PostgreSQL：SQLite 没有服务器端连接，也没有行级锁，这类冲突在 SQLite 上无从发生",
)

APPROVER = """
import json, os, sys, time
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from catalogue.adjustments import AdjustmentError, approve
from catalogue.models import Adjustment
adjustment = Adjustment.objects.get(reference=sys.argv[1])
user = get_user_model().objects.get(username=sys.argv[2])
go = Path(sys.argv[3])
Path(str(go) + "." + sys.argv[1]).write_text("ready")
while not go.exists():
    time.sleep(0.005)
try:
    approve([adjustment], user=user, edition_name="2026")
    print(json.dumps({"approved": sys.argv[1]}))
except AdjustmentError as error:
    print(json.dumps({"refused": sys.argv[1], "message": str(error)}, ensure_ascii=False))
"""


def _database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@needs_server
@live_database
def test_a_retirement_and_a_rename_of_one_program_approved_at_once_apply_exactly_one(tmp_path):
    ensure_roles_after_migrate()
    program = ProgramFactory(category=CategoryFactory(code="01"), code="0101", name="机床切削加工（车工）")
    UserFactory(username="approver-1", groups=[ADMINISTRATORS])
    UserFactory(username="approver-2", groups=[ADMINISTRATORS])
    AdjustmentFactory(reference="R-RETIRE", kind=Adjustment.Kind.RETIRE, old_programs=[program])
    AdjustmentFactory(
        reference="R-RENAME",
        kind=Adjustment.Kind.RENAME,
        old_programs=[program],
        targets=[("0101", "车削加工")],
    )
    go = tmp_path / "go"
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", APPROVER, reference, user, str(go)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for reference, user in (("R-RETIRE", "approver-1"), ("R-RENAME", "approver-2"))
    ]
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}.{ref}").exists() for ref in ("R-RETIRE", "R-RENAME")):
        assert time.monotonic() < deadline and all(p.poll() is None for p in processes), [
            p.communicate() for p in processes if p.poll() is not None
        ]
        time.sleep(0.01)
    go.write_text("go")
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    approved = [r["approved"] for r in results if "approved" in r]
    refused = [r for r in results if "refused" in r]
    assert len(approved) == 1 and len(refused) == 1, results
    winner, loser = approved[0], refused[0]
    assert f"已由调整 {winner}" in loser["message"] and "请按现行目录核对并重新提交" in loser["message"]
    program.refresh_from_db()
    if winner == "R-RETIRE":
        assert program.status == Program.Status.RETIRED and program.name == "机床切削加工（车工）"
    else:
        assert program.status == Program.Status.IN_FORCE and program.name == "车削加工"
    assert Adjustment.objects.get(reference=loser["refused"]).status == Adjustment.Status.SUBMITTED


@pytest.mark.django_db
def test_a_proposal_written_again_after_the_other_approval_can_be_approved(django_user_model):
    from catalogue.adjustments import AdjustmentError, approve

    program = ProgramFactory(category=CategoryFactory(code="01"), code="0101", name="车工")
    retire = AdjustmentFactory(reference="R-RETIRE", kind=Adjustment.Kind.RETIRE, old_programs=[program])
    rename = AdjustmentFactory(
        reference="R-RENAME",
        kind=Adjustment.Kind.RENAME,
        old_programs=[program],
        targets=[("0101", "车削加工")],
    )
    approve([rename], edition_name="2026")
    with pytest.raises(AdjustmentError, match="专业 0101 已由调整 R-RENAME（更名）"):
        approve([retire], edition_name="2026")
    assert Program.objects.get(code="0101").status == Program.Status.IN_FORCE

    import reversion

    with reversion.create_revision():  # the proposer checks it against the register and saves it again
        retire.rationale = "更名后仍无学校开设，撤销。"
        retire.save()
    approve([retire], edition_name="2026")
    program.refresh_from_db()
    assert program.status == Program.Status.RETIRED and program.name == "车削加工"


def test_a_later_baseline_import_refuses_to_undo_approved_adjustments(catalogue_2025):
    retired = Program.objects.filter(status=Program.Status.RETIRED).order_by("code").first()
    before = {p.code: (p.name, p.status) for p in Program.objects.all()}
    edition_programs = Edition.objects.get(name="2025").programs.count()

    with pytest.raises(CommandError) as error:
        call_command(
            "import_programs",
            str(REPO / "demo" / "programs.csv"),
            "--edition",
            "2026",
            "--no-progress",
            stdout=StringIO(),
        )

    message = str(error.value)
    assert f"专业 {retired.code}（{retired.name}）已由动态调整" in message and "文件中仍为现行" in message
    assert "由动态调整" in message and "文件中缺少它" in message
    assert "导入基线目录不能撤回已批准的动态调整" in message
    assert {p.code: (p.name, p.status) for p in Program.objects.all()} == before
    assert not Edition.objects.filter(name="2026").exists()
    assert Edition.objects.get(name="2025").programs.count() == edition_programs
