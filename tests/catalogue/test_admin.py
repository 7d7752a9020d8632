"""The catalogue admin: listing, export, edits through reversion, history and revert, scope, decisions."""

import csv
import io

from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

import pytest
from reversion.models import Version

from catalogue.factories import AdjustmentFactory, UserFactory
from catalogue.models import Adjustment, Category, Edition, Program
from catalogue.permissions import edition_policy, program_policy
from catalogue.versioning import program_versions
from catalogue.wagtail_hooks import (
    adjustment_viewset,
    category_viewset,
    edition_viewset,
    flags_viewset,
    organisation_viewset,
    program_viewset,
)
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS

pytestmark = pytest.mark.django_db
Kind = Adjustment.Kind


def url(viewset, view, *args):
    return reverse(viewset.get_url_name(view), args=args)


def program(code):
    return Program.objects.get(code=code)


def login(client, user):
    client.force_login(user)
    return client


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard (or a bare 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def edit_form_data(client, edit_url, **changes):
    """The edit form as the browser would submit it, with `changes` applied."""
    response = client.get(edit_url)
    assert response.status_code == 200
    html = response.content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    form = WagtailTestUtils.get_soup(html).find("form", id="w-editor-form")
    for box in form.find_all("input", type="checkbox", checked=True):
        if "value" not in box.attrs:  # a browser sends "on" for a ticked box without a value
            data[box["name"]] = "on"
    for name, value in changes.items():
        data[name] = value
    return data


@pytest.fixture
def admin(db):
    return UserFactory(username="catalogue-admin", groups=[ADMINISTRATORS])


@pytest.fixture
def admin_client(client, admin):
    return login(client, admin)


@pytest.fixture
def mechanics_member(baseline):
    """A committee member sitting on 01 机械类 only."""
    user = UserFactory(username="mechanics", groups=[COMMITTEE_MEMBERS])
    Category.objects.get(code="01").committee_members.add(user)
    return user


@pytest.fixture
def member_client(client, mechanics_member):
    return login(client, mechanics_member)


# --- listing, inspect, export ---------------------------------------------------------------------------------


def test_admin_lists_searches_and_filters_programs(admin_client, baseline):
    index = url(program_viewset, "index")
    response = admin_client.get(index)
    assert response.status_code == 200
    assert "0101" in response.content.decode() and "机床切削加工（车工）" in response.content.decode()

    found = admin_client.get(index, {"q": "车工"}).content.decode()
    assert "0101" in found and "电气自动化设备安装与维修" not in found

    electrical = Category.objects.get(code="02")
    filtered = admin_client.get(index, {"category": electrical.pk}).content.decode()
    assert "电气自动化设备安装与维修" in filtered and "机床切削加工（车工）" not in filtered

    technician = admin_client.get(index, {"offers_technician": "true", "q": "01"}).content.decode()
    assert "机床切削加工（磨工）" not in technician  # 0103 stops at 高级技能


def test_admin_inspects_a_program_with_its_successors(admin_client, catalogue_2025):
    response = admin_client.get(url(program_viewset, "inspect", program("0405").pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "承继专业" in text and "0401 汽车维修（2025-11 合并）" in text
    assert url(program_viewset, "history", program("0405").pk) in text


def test_csv_export_parses_and_lists_the_program_codes(admin_client, baseline):
    response = admin_client.get(url(program_viewset, "index"), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == Program.objects.count()
    first = next(row for row in rows if row["专业代码"] == "0101")
    assert first["专业名称"] == "机床切削加工（车工）" and first["专业大类"] == "机械类"
    assert "预备技师（技师）" in first["培养层级"]


def test_xlsx_export_is_a_workbook(admin_client, baseline):
    response = admin_client.get(url(program_viewset, "index"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_every_catalogue_listing_opens_for_an_administrator(admin_client, catalogue_2025):
    for viewset in (
        category_viewset,
        edition_viewset,
        adjustment_viewset,
        organisation_viewset,
        flags_viewset,
    ):
        assert admin_client.get(url(viewset, "index")).status_code == 200, viewset.name
    edition = Edition.objects.get(name="2025")
    response = admin_client.get(url(edition_viewset, "inspect", edition.pk))
    assert response.status_code == 200 and "2025-14" in response.content.decode()


# --- edits through reversion, history, revert ------------------------------------------------------------------


def test_edit_with_a_comment_records_a_version_with_that_comment_and_user(admin_client, admin, baseline):
    turning = program("0101")
    edit = url(program_viewset, "edit", turning.pk)
    data = edit_form_data(admin_client, edit, name="机床切削加工（数控车工）", change_comment="更正名称")
    response = admin_client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    turning.refresh_from_db()
    assert turning.name == "机床切削加工（数控车工）" and turning.code == "0101"
    assert turning.level_labels == ["中级技能", "高级技能", "预备技师（技师）"]  # untouched fields stay
    assert turning.occupations == ["车工"] and turning.enrolment_records.count() == 1
    latest = program_versions(turning).first()
    assert latest.revision.comment == "更正名称" and latest.revision.user == admin
    assert latest.field_dict["name"] == "机床切削加工（数控车工）"


def test_edit_without_a_comment_is_refused(admin_client, baseline):
    turning = program("0101")
    edit = url(program_viewset, "edit", turning.pk)
    before = program_versions(turning).count()
    response = admin_client.post(edit, edit_form_data(admin_client, edit, name="改名", change_comment=""))
    assert response.status_code == 200 and "请填写修改说明" in response.content.decode()
    assert program("0101").name == "机床切削加工（车工）"
    assert program_versions(turning).count() == before


def test_history_lists_versions_and_revert_restores_the_old_name(admin_client, admin, baseline):
    turning = program("0101")
    edit = url(program_viewset, "edit", turning.pk)
    admin_client.post(edit, edit_form_data(admin_client, edit, name="车削加工", change_comment="试改名称"))
    history = admin_client.get(url(program_viewset, "history", turning.pk))
    text = history.content.decode()
    assert history.status_code == 200
    assert "试改名称" in text and "机床切削加工（车工） → 车削加工" in text and "恢复到此版本" in text

    original = list(program_versions(turning))[-1]
    revert = url(program_viewset, "revert", turning.pk, original.pk)
    response = admin_client.post(revert, {"reason": "撤回试改"})
    assert response.status_code == 302
    turning.refresh_from_db()
    assert turning.name == "机床切削加工（车工）" and turning.code == "0101"
    latest = program_versions(turning).first()
    assert latest.revision.comment.startswith("恢复到 ") and latest.revision.comment.endswith(
        " 的版本：撤回试改"
    )
    assert latest.revision.user == admin


def test_revert_never_changes_the_code(admin_client, baseline):
    turning = program("0101")
    version = program_versions(turning).first()
    Program.objects.filter(pk=turning.pk).update(
        code="0199"
    )  # as if the code had been changed behind our back
    admin_client.post(url(program_viewset, "revert", turning.pk, version.pk), {"reason": "恢复"})
    assert Program.objects.get(pk=turning.pk).code == "0199"


def test_only_administrators_revert(member_client, baseline):
    turning = program("0101")
    version = program_versions(turning).first()
    history = member_client.get(url(program_viewset, "history", turning.pk))
    assert history.status_code == 200 and "恢复到此版本" not in history.content.decode()
    response = member_client.post(url(program_viewset, "revert", turning.pk, version.pk))
    assert refused(response)
    assert program_versions(turning).count() == 1


def test_admin_creates_a_program_whose_code_matches_its_category(admin_client, admin, baseline):
    add = url(program_viewset, "add")
    mechanics = Category.objects.get(code="01")
    data = edit_form_data(admin_client, add, code="0299", name="增材制造技术应用", category=str(mechanics.pk))
    data["occupations"] = "增材制造设备操作员\n3D 打印工"
    response = admin_client.post(add, data)
    assert response.status_code == 200 and "前两位应为所属专业大类的代码 01" in response.content.decode()

    data["code"] = "0199"
    assert admin_client.post(add, data).status_code == 302
    created = program("0199")
    assert created.occupations == ["增材制造设备操作员", "3D 打印工"]
    version = program_versions(created).get()
    assert version.revision.comment == "新建专业" and version.revision.user == admin


def test_edition_edit_is_recorded_and_editions_are_not_made_by_hand(admin_client, admin, baseline):
    edition = Edition.objects.get(name="2018")
    edit = url(edition_viewset, "edit", edition.pk)
    assert (
        admin_client.post(edit, edit_form_data(admin_client, edit, notes="2018 年版基线")).status_code == 302
    )
    edition.refresh_from_db()
    assert edition.notes == "2018 年版基线" and edition.programs.count() == 167
    assert Version.objects.get_for_object(edition).first().revision.user == admin
    assert refused(admin_client.get(url(edition_viewset, "add")))


def test_category_edit_sets_committee_members_in_a_revision(admin_client, admin, baseline):
    member = UserFactory(username="electrical", groups=[COMMITTEE_MEMBERS])
    electrical = Category.objects.get(code="02")
    edit = url(category_viewset, "edit", electrical.pk)
    data = edit_form_data(admin_client, edit)
    data.setlist("committee_members", [str(member.pk)])
    assert admin_client.post(edit, data).status_code == 302
    assert list(electrical.committee_members.all()) == [member]
    assert Version.objects.get_for_object(electrical).first().revision.user == admin


# --- scope ----------------------------------------------------------------------------------------------------


def test_committee_member_edits_programs_of_their_category(member_client, mechanics_member, baseline):
    turning = program("0101")
    edit = url(program_viewset, "edit", turning.pk)
    response = member_client.post(
        edit, edit_form_data(member_client, edit, description="新的简介", change_comment="补充简介")
    )
    assert response.status_code == 302
    assert program("0101").description == "新的简介"
    assert program_versions(turning).first().revision.user == mechanics_member


def test_committee_member_is_refused_another_categorys_program(member_client, baseline):
    electrical = program("0201")
    edit = url(program_viewset, "edit", electrical.pk)
    assert refused(member_client.get(edit))
    response = member_client.post(edit, {"name": "改名", "change_comment": "越权修改"})
    assert refused(response)
    assert program("0201").name == "电气自动化设备安装与维修"

    mine = member_client.get(url(program_viewset, "index"), {"q": "0101"}).content.decode()
    assert url(program_viewset, "edit", program("0101").pk) in mine
    theirs = member_client.get(url(program_viewset, "index"), {"q": "0201"}).content.decode()
    assert url(program_viewset, "inspect", electrical.pk) in theirs and edit not in theirs
    assert member_client.get(url(program_viewset, "inspect", electrical.pk)).status_code == 200


def test_committee_member_proposes_only_for_their_categories(member_client, mechanics_member, baseline):
    add = url(adjustment_viewset, "add")
    form = edit_form_data(member_client, add)
    common = {
        "kind": Kind.RETIRE,
        "effective_date": "2026-09-01",
        "rationale": "就业率持续偏低",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    form.update({**common, "reference": "2026-A"})
    form.setlist("old_programs", [str(program("0201").pk)])
    response = member_client.post(add, form)
    assert response.status_code == 200
    assert "不在您负责的专业大类" in response.content.decode()
    assert not Adjustment.objects.filter(reference="2026-A").exists()

    form.update({"reference": "2026-B"})
    form.setlist("old_programs", [str(program("0103").pk)])
    assert member_client.post(add, form).status_code == 302
    proposal = Adjustment.objects.get(reference="2026-B")
    assert proposal.proposed_by == mechanics_member and proposal.status == Adjustment.Status.SUBMITTED
    assert proposal.old_codes == ["0103"]
    recorded = Version.objects.get_for_object(proposal).get()
    assert recorded.revision.user == mechanics_member
    assert recorded.field_dict["old_programs"] == [program("0103").pk]


def test_committee_member_cannot_add_a_program_in_another_category(member_client, baseline):
    add = url(adjustment_viewset, "add")
    form = edit_form_data(member_client, add)
    form.update(
        {
            "reference": "2026-C",
            "kind": Kind.ADD,
            "effective_date": "2026-09-01",
            "rationale": "新职业",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-code": "0299",
            "targets-0-name": "智能电网运维",
        }
    )
    response = member_client.post(add, form)
    assert response.status_code == 200 and "新专业代码 0299 属于 02 大类" in response.content.decode()


def test_committee_member_cannot_approve(member_client, baseline):
    proposal = AdjustmentFactory(kind=Kind.ADD, targets=[("0199", "智能制造装备运维")])
    approve_url = url(adjustment_viewset, "approve", proposal.pk)
    assert refused(member_client.get(approve_url))
    assert refused(member_client.post(approve_url, {"edition_name": "2026"}))
    assert not Program.objects.filter(code="0199").exists()
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.SUBMITTED


def test_the_policies_scope_committee_members_and_never_delete(mechanics_member, baseline):
    root = UserFactory(username="root", is_superuser=True)
    assert program_policy.user_has_permission_for_instance(root, "change", program("0201"))
    assert not program_policy.user_has_permission(root, "delete")
    assert not program_policy.users_with_permission("delete").exists()
    assert not edition_policy.user_has_permission(root, "add")
    editable = program_policy.instances_user_has_permission_for(mechanics_member, "change")
    assert set(editable) == set(Program.objects.filter(category__code="01"))
    assert (
        program_policy.instances_user_has_permission_for(mechanics_member, "view").count()
        == Program.objects.count()
    )
    users = program_policy.users_with_permission_for_instance("change", program("0101"))
    assert (
        mechanics_member in users
        and mechanics_member
        not in program_policy.users_with_permission_for_instance("change", program("0201"))
    )


@pytest.mark.parametrize("role", [PUBLISHERS, REVIEWERS])
def test_publishers_and_reviewers_cannot_see_the_catalogue_admin(client, role, baseline):
    login(client, UserFactory(groups=[role]))
    turning = program("0101")
    for address in [
        url(program_viewset, "index"),
        url(program_viewset, "inspect", turning.pk),
        url(program_viewset, "edit", turning.pk),
        url(program_viewset, "history", turning.pk),
        url(adjustment_viewset, "index"),
        url(adjustment_viewset, "add"),
        url(edition_viewset, "index"),
        url(category_viewset, "index"),
        url(organisation_viewset, "index"),
        url(flags_viewset, "index"),
    ]:
        assert refused(client.get(address)), address
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url(program_viewset, "index") not in dashboard  # the 专业目录 menu is not offered


def test_the_catalogue_menu_is_offered_to_administrators_and_committee_members(
    client, admin, mechanics_member
):
    for user in (admin, mechanics_member):
        login(client, user)
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert url(program_viewset, "index") in dashboard and url(flags_viewset, "index") in dashboard


# --- approve and reject ---------------------------------------------------------------------------------------


def test_approving_a_valid_addition_queues_it_for_the_next_edition_without_changing_the_register(
    admin_client, admin, catalogue_2025
):
    proposal = AdjustmentFactory(kind=Kind.ADD, targets=[("0199", "智能制造装备运维")])
    approve_url = url(adjustment_viewset, "approve", proposal.pk)
    page = admin_client.get(approve_url)
    assert page.status_code == 200 and "批准并列入待发布版本" in page.content.decode()

    response = admin_client.post(approve_url, {})
    assert response.status_code == 302
    assert not Program.objects.filter(code="0199").exists()  # in force only once the edition is published
    assert Edition.objects.get(name="2025").programs.count() == 169
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.APPROVED and proposal.decided_by == admin
    assert proposal.edition.status == Edition.Status.DRAFT

    assert refused(admin_client.get(url(adjustment_viewset, "edit", proposal.pk)))
    again = admin_client.post(approve_url, {})
    assert again.status_code == 302 and proposal.edition.adjustments.count() == 1


def register_snapshot():
    return list(Program.objects.order_by("code").values_list("code", "name", "status"))


def test_approving_an_invalid_merge_shows_the_problem_and_changes_nothing(admin_client, catalogue_2025):
    assert program("0306").is_retired
    proposal = AdjustmentFactory(
        kind=Kind.MERGE,
        old_programs=[program("0306"), program("0305")],
        targets=[("0305", "计算机广告与速录")],
    )
    before, editions = register_snapshot(), {e.name: e.programs.count() for e in Edition.objects.all()}
    response = admin_client.post(url(adjustment_viewset, "approve", proposal.pk), {"edition_name": "2026"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "合并所列专业 0306（计算机速录）已撤销" in text and "目录未作任何改动" in text
    assert register_snapshot() == before
    assert {e.name: e.programs.count() for e in Edition.objects.all()} == editions
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.SUBMITTED


def test_reject_requires_a_reason(admin_client, admin, baseline):
    proposal = AdjustmentFactory(kind=Kind.ADD, targets=[("0199", "智能制造装备运维")])
    reject_url = url(adjustment_viewset, "reject", proposal.pk)
    response = admin_client.post(reject_url, {"decision_note": ""})
    assert response.status_code == 200 and "请填写退回理由" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.SUBMITTED

    assert admin_client.post(reject_url, {"decision_note": "佐证材料不足"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.REJECTED and proposal.decision_note == "佐证材料不足"
    assert proposal.decided_by == admin and proposal.decided_at is not None


def test_adjustment_inspect_shows_programs_targets_and_the_precheck(admin_client, catalogue_2025):
    proposal = AdjustmentFactory(
        kind=Kind.MERGE,
        old_programs=[program("0306"), program("0305")],
        targets=[("0305", "计算机广告与速录")],
        rationale="课程重叠",
    )
    text = admin_client.get(url(adjustment_viewset, "inspect", proposal.pk)).content.decode()
    assert "0305 计算机广告制作；0306 计算机速录" in text and "0305 计算机广告与速录" in text
    assert "课程重叠" in text and "已撤销" in text
    assert url(adjustment_viewset, "approve", proposal.pk) in text


def test_flags_report_lists_low_employment_and_sector_counts(admin_client, baseline):
    text = admin_client.get(url(flags_viewset, "index")).content.decode()
    assert "计算机速录" in text and "就业率 71.4%（" in text
    assert "机床切削加工（车工）" not in text.split("各专业大类")[0]
    assert "01 机械类" in text.split("各专业大类")[1]
