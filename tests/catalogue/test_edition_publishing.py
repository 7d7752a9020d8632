"""Editions are published as batches: approvals wait in the next, unpublished edition, and only publishing it
changes the register, the public site, the API and the statistics."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, Site

import pytest
from reversion.models import Revision

from catalogue.factories import AdjustmentFactory, CategoryFactory, ProgramFactory, UserFactory
from catalogue.models import Adjustment, Edition, Program
from catalogue.schools.factories import OfferingFactory, SchoolFactory
from catalogue.schools.provinces import Province
from catalogue.textbooks.models import Notification
from catalogue.wagtail_hooks import adjustment_viewset, edition_viewset
from cms.home.models import HomePage
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, SCHOOL_STAFF
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db
Kind = Adjustment.Kind


def url(viewset, view, *args):
    return reverse(viewset.get_url_name(view), args=args)


@pytest.fixture
def approver(client):
    client.force_login(UserFactory(username="approver", groups=[ADMINISTRATORS]))
    return client


@pytest.fixture
def home(db):
    home = Page.get_first_root_node().add_child(instance=HomePage(title="首页", slug="home-editions"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def approve_in_admin(client, adjustment):
    response = client.post(url(adjustment_viewset, "approve", adjustment.pk), {}, follow=True)
    assert response.status_code == 200
    return response


def publish_in_admin(client, edition, **data):
    form = {"name": "2026", "effective_date": "2026-09-01", "notes": "新增智能制造装备运维专业。", **data}
    return client.post(url(edition_viewset, "publish", edition.pk), form, follow=True)


def draft():
    return Edition.objects.get(status=Edition.Status.DRAFT)


def public_edition_names(client):
    return [row["name"] for row in client.get("/api/v1/editions").json()]


def test_an_approval_waits_in_the_draft_edition_and_nothing_public_changes(approver, catalogue_2025, home):
    client = Client()  # the public, not logged in
    proposal = AdjustmentFactory(reference="2026-01", targets=[("0199", "智能制造装备运维")])
    response = approve_in_admin(approver, proposal)
    assert "已列入待发布的目录版本" in response.content.decode()

    assert not Program.objects.filter(code="0199").exists()
    assert draft().adjustments.get() == proposal
    assert public_edition_names(client) == ["2018", "2025"]
    assert "现行 2025 版目录，共 169 个专业" in client.get("/").content.decode()
    editions_page = client.get(reverse("catalogue:editions")).content.decode()
    assert "待发布" not in editions_page and "下一版" not in editions_page
    assert client.get(reverse("catalogue:index"), {"edition": draft().name}).status_code == 404


def test_publishing_applies_the_batch_and_puts_the_edition_in_force(approver, catalogue_2025, home):
    client = Client()  # the public, not logged in
    first = AdjustmentFactory(reference="2026-01", targets=[("0199", "智能制造装备运维")])
    second = AdjustmentFactory(reference="2026-02", targets=[("0198", "工业机器人运维")])
    approve_in_admin(approver, first)
    approve_in_admin(approver, second)
    edition = draft()
    revisions = Revision.objects.count()

    response = publish_in_admin(approver, edition)
    assert "已发布目录版本“2026”，自 2026-09-01 起施行，现有 171 个现行专业" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED and edition.name == "2026"
    assert edition.published_by.username == "approver" and edition.published_at is not None
    assert edition.programs.filter(code__in=["0199", "0198"]).count() == 2
    assert Revision.objects.count() - revisions == 1  # the whole batch is one change of the register
    assert edition.revision.comment == "发布目录版本 2026"

    assert public_edition_names(client) == ["2018", "2025", "2026"]
    assert "现行 2026 版目录，共 171 个专业" in client.get("/").content.decode()
    assert "新增智能制造装备运维专业。" in client.get(reverse("catalogue:editions")).content.decode()


def test_the_publish_form_requires_an_effective_date_and_a_release_note(approver, catalogue_2025):
    approve_in_admin(approver, AdjustmentFactory(reference="2026-01", targets=[("0199", "智能制造装备运维")]))
    edition = draft()
    response = publish_in_admin(approver, edition, effective_date="", notes="  ")
    text = response.content.decode()
    assert "请填写施行日期。" in text and "请填写发布说明。" in text
    response = publish_in_admin(approver, edition, name="2025")
    assert "版本名称“2025”已被其他目录版本使用。" in response.content.decode()
    response = publish_in_admin(approver, edition, effective_date="2024-01-01")
    assert "施行日期不能早于现行版本“2025”的施行日期" in response.content.decode()
    assert draft() == edition and not Program.objects.filter(code="0199").exists()


def test_only_administrators_may_publish_and_a_published_edition_not_again(approver, catalogue_2025):
    approve_in_admin(approver, AdjustmentFactory(reference="2026-01", targets=[("0199", "智能制造装备运维")]))
    edition = draft()
    inspect = approver.get(url(edition_viewset, "inspect", edition.pk)).content.decode()
    assert "发布版本" in inspect and "2026-01" in inspect
    index = approver.get(url(edition_viewset, "index")).content.decode()
    assert "待发布" in index and "已发布" in index

    client = Client()
    client.force_login(UserFactory(username="member", groups=[COMMITTEE_MEMBERS]))
    assert "发布版本" not in client.get(url(edition_viewset, "inspect", edition.pk)).content.decode()
    refused = publish_in_admin(client, edition)
    assert refused.redirect_chain and draft() == edition

    publish_in_admin(approver, edition)
    again = publish_in_admin(approver, edition, name="2027")
    assert "目录版本“2026”已经发布，不能重复发布。" in again.content.decode()
    assert not Edition.objects.filter(name="2027").exists()


def test_a_new_approval_is_judged_against_the_register_plus_the_pending_ones(approver, catalogue_2025):
    retire = AdjustmentFactory(
        reference="2026-01", kind=Kind.RETIRE, old_programs=[Program.objects.get(code="0305")]
    )
    approve_in_admin(approver, retire)
    rename = AdjustmentFactory(
        reference="2026-02",
        kind=Kind.RENAME,
        old_programs=[Program.objects.get(code="0305")],
        targets=[("0305", "计算机广告设计")],
    )
    response = approve_in_admin(approver, rename)
    assert "更名所列专业 0305" in response.content.decode() and "已撤销" in response.content.decode()
    rename.refresh_from_db()
    assert rename.status == Adjustment.Status.SUBMITTED and rename.edition is None
    assert not Program.objects.get(code="0305").is_retired  # the retirement itself waits for publishing


def test_the_schools_hear_of_a_change_when_it_is_published_not_when_approved(approver):
    category = CategoryFactory(code="01")
    old_a = ProgramFactory(category=category, code="0110", name="钳工")
    old_b = ProgramFactory(category=category, code="0111", name="装配钳工")
    staff = UserFactory(username="gz-staff", groups=[SCHOOL_STAFF])
    school = SchoolFactory(name="广州市机电技师学院", province=Province.GUANGDONG, staff=[staff])
    OfferingFactory(school=school, program=old_a)
    merge = AdjustmentFactory(
        reference="M-1", kind=Kind.MERGE, old_programs=[old_a, old_b], targets=[("0112", "钳加工")]
    )
    approve_in_admin(approver, merge)
    assert not Notification.objects.filter(recipient=staff).exists()
    publish_in_admin(approver, draft(), effective_date="2026-09-01")
    assert Notification.objects.get(recipient=staff).subject == "专业 0110 钳工 已合并"


def test_the_import_command_still_publishes_its_batch_directly(catalogue_2025):
    edition = Edition.objects.get(name="2025")
    assert edition.status == Edition.Status.PUBLISHED and edition.published_at is not None
    assert edition.programs.count() == 169


def test_the_import_command_will_not_write_into_the_draft_edition(approver, baseline):
    approve_in_admin(approver, AdjustmentFactory(reference="2026-01", targets=[("0199", "智能制造装备运维")]))
    name = draft().name
    with pytest.raises(CommandError, match="尚未发布"):
        call_command(
            "import_adjustments",
            str(DEMO_DATA / "adjustments-2025.csv"),
            "--edition",
            name,
            "--approve",
            "--no-progress",
            stdout=StringIO(),
        )
    assert not Program.objects.filter(code="0316").exists()
