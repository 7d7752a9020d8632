"""Adjustment proposals: a new program's proposal carries what its public page needs, and nobody approves their
own proposal."""

from django.test import Client
from django.urls import reverse

import pytest

from catalogue.factories import AdjustmentFactory, UserFactory
from catalogue.models import Adjustment, AdjustmentTarget, Edition, Program, Sector
from catalogue.wagtail_hooks import adjustment_viewset, edition_viewset
from cms.users.roles import ADMINISTRATORS
from tests.catalogue.test_admin import edit_form_data

pytestmark = pytest.mark.django_db
Kind = Adjustment.Kind


def url(viewset, view, *args):
    return reverse(viewset.get_url_name(view), args=args)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def proposer(db):
    return UserFactory(username="proposer", groups=[ADMINISTRATORS])


@pytest.fixture
def other_admin(db):
    return UserFactory(username="other-admin", groups=[ADMINISTRATORS])


def propose_addition(client, reference, **target):
    """Submit a 新增 proposal through the admin form, with the new program's fields as given."""
    add = url(adjustment_viewset, "add")
    form = edit_form_data(client, add)
    form.update(
        {
            "reference": reference,
            "kind": Kind.ADD,
            "effective_date": "2026-09-01",
            "rationale": "制造业数字化转型急需装备运维人员",
            "evidence": target.pop("evidence", ""),
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-code": "0199",
            "targets-0-name": "智能制造装备运维",
        }
    )
    form.setlist("old_programs", [])  # an addition replaces no program
    for name, value in target.items():
        form[f"targets-0-{name}"] = value
    response = client.post(add, form)
    assert response.status_code == 302, response.content.decode()
    return Adjustment.objects.get(reference=reference)


def test_approving_an_incomplete_addition_names_every_missing_field(proposer, other_admin, baseline):
    proposal = propose_addition(logged_in(proposer), "2026-01")
    approver = logged_in(other_admin)
    approve_url = url(adjustment_viewset, "approve", proposal.pk)
    response = approver.post(approve_url, {})
    text = response.content.decode()
    assert response.status_code == 200 and "未能批准" in text
    for missing in ["培养层次", "对应职业（工种）", "产业类型", "专业简介"]:
        assert f"新专业 0199（智能制造装备运维）缺少{missing}" in text
    assert "新增专业须提供佐证材料" in text
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.SUBMITTED and proposal.edition is None
    assert not Edition.objects.filter(status=Edition.Status.DRAFT).exists()


def test_a_complete_addition_becomes_a_program_page_with_those_fields(
    client, proposer, other_admin, baseline
):
    proposal = propose_addition(
        logged_in(proposer),
        "2026-01",
        evidence="行业企业调研报告",
        offers_intermediate="on",
        offers_advanced="on",
        occupations="智能制造工程技术人员\n设备点检员",
        sector=Sector.EMERGING,
        description="面向智能制造装备的安装调试与运维。",
    )
    target = AdjustmentTarget.objects.get(adjustment=proposal)
    assert target.occupation_list == ["智能制造工程技术人员", "设备点检员"]
    approver = logged_in(other_admin)
    assert approver.post(url(adjustment_viewset, "approve", proposal.pk), {}).status_code == 302
    edition = Edition.objects.get(status=Edition.Status.DRAFT)
    form = {"name": "2026", "effective_date": "2026-09-01", "notes": "新增 1 个专业。"}
    assert approver.post(url(edition_viewset, "publish", edition.pk), form).status_code == 302

    created = Program.objects.get(code="0199")
    assert created.levels == ["intermediate", "advanced"] and created.sector == Sector.EMERGING
    assert created.occupations == ["智能制造工程技术人员", "设备点检员"]
    page = client.get(created.get_absolute_url()).content.decode()
    assert "面向智能制造装备的安装调试与运维。" in page and "设备点检员" in page and "中级技能" in page


def test_the_proposer_is_offered_no_decision_on_their_own_proposal(proposer, other_admin, baseline):
    proposal = AdjustmentFactory(
        reference="2026-01", proposed_by=proposer, targets=[("0199", "智能制造装备运维")]
    )
    approve_url = url(adjustment_viewset, "approve", proposal.pk)
    reject_url = url(adjustment_viewset, "reject", proposal.pk)
    own = logged_in(proposer)
    inspect = own.get(url(adjustment_viewset, "inspect", proposal.pk)).content.decode()
    listing = own.get(url(adjustment_viewset, "index")).content.decode()
    for page in (inspect, listing):
        assert approve_url not in page and reject_url not in page

    theirs = logged_in(other_admin)
    assert approve_url in theirs.get(url(adjustment_viewset, "inspect", proposal.pk)).content.decode()


def test_a_forged_decision_by_the_proposer_is_refused_and_changes_nothing(proposer, other_admin, baseline):
    proposal = AdjustmentFactory(
        reference="2026-01", proposed_by=proposer, targets=[("0199", "智能制造装备运维")]
    )
    own = logged_in(proposer)
    for view, data in [("approve", {}), ("reject", {"decision_note": "自己退回"})]:
        response = own.post(url(adjustment_viewset, view, proposal.pk), data)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.SUBMITTED and proposal.decided_by is None
    assert not Edition.objects.filter(status=Edition.Status.DRAFT).exists()

    assert logged_in(other_admin).post(url(adjustment_viewset, "approve", proposal.pk), {}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.APPROVED and proposal.decided_by == other_admin
