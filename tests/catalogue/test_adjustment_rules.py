"""Each kind of dynamic adjustment, valid and invalid, applied through `approve` against the demo baseline."""

import datetime

import pytest

from catalogue.adjustments import AdjustmentError, approve
from catalogue.factories import AdjustmentFactory
from catalogue.models import Adjustment, Edition, Level, Program, Sector, Succession
from catalogue.versioning import programs_as_of

pytestmark = pytest.mark.django_db
Kind = Adjustment.Kind


def proposal(kind, old=(), new=(), **kwargs):
    return AdjustmentFactory(
        kind=kind,
        old_programs=list(Program.objects.filter(code__in=old)),
        targets=list(new),
        **kwargs,
    )


def problems_of(adjustment):
    with pytest.raises(AdjustmentError) as caught:
        approve([adjustment], edition_name="2026")
    return " ".join(p.message for p in caught.value.problems)


def register_snapshot():
    return list(Program.objects.order_by("code").values_list("code", "name", "status"))


def test_add_creates_program_in_its_category_and_closes_the_edition(baseline):
    edition = approve([proposal(Kind.ADD, new=[("0199", "智能制造装备运维")])], edition_name="2026")
    program = Program.objects.get(code="0199")
    assert program.category.code == "01" and program.name == "智能制造装备运维"
    assert edition.name == "2026" and edition.programs.count() == 168
    assert edition.effective_date == datetime.date(2025, 9, 1)


def test_add_refuses_a_code_in_use_even_by_a_retired_program(baseline):
    assert "0101" in problems_of(proposal(Kind.ADD, new=[("0101", "重复代码")]))


def test_add_refuses_unknown_category_and_old_codes(baseline):
    assert "前两位 99 不是已有的专业大类" in problems_of(proposal(Kind.ADD, new=[("9901", "无大类")]))
    assert "新增不应填写原专业代码" in problems_of(proposal(Kind.ADD, old=["0101"], new=[("0199", "新专业")]))


def test_rename_keeps_code_and_the_old_edition_keeps_the_old_name(baseline):
    approve([proposal(Kind.RENAME, old=["0117"], new=[("0117", "铸造技术")])], edition_name="2026")
    assert Program.objects.get(code="0117").name == "铸造技术"
    assert programs_as_of(Edition.objects.get(name="2018"))["0117"]["name"] == "铸造"
    assert programs_as_of(Edition.objects.get(name="2026"))["0117"]["name"] == "铸造技术"


def test_rename_refuses_a_new_code_or_the_same_name(baseline):
    assert "代码不变" in problems_of(proposal(Kind.RENAME, old=["0117"], new=[("0198", "铸造技术")]))
    assert "相同" in problems_of(proposal(Kind.RENAME, old=["0117"], new=[("0117", "铸造")]))


def test_upgrade_in_place_marks_the_sector(baseline):
    approve([proposal(Kind.UPGRADE, old=["1403"], new=[("1403", "数字印刷技术")])], edition_name="2026")
    program = Program.objects.get(code="1403")
    assert (program.name, program.sector, program.status) == ("数字印刷技术", Sector.UPGRADED, "in_force")


def test_upgrade_to_a_new_code_retires_the_old_with_a_successor(baseline):
    approve([proposal(Kind.UPGRADE, old=["1403"], new=[("1499", "数字印刷技术")])], edition_name="2026")
    old = Program.objects.get(code="1403")
    assert old.is_retired and [p.code for p in old.successors()] == ["1499"]
    assert Program.objects.get(code="1499").levels == old.levels


def test_merge_into_a_surviving_code(baseline):
    approve([proposal(Kind.MERGE, old=["0405", "0401"], new=[("0401", "汽车维修")])], edition_name="2026")
    assert Program.objects.get(code="0401").status == "in_force"
    merged = Program.objects.get(code="0405")
    assert merged.is_retired and [p.code for p in merged.successors()] == ["0401"]
    assert not Succession.objects.get(predecessor=merged).equivalent


def test_merge_into_a_new_code_unites_levels_and_occupations(baseline):
    approve(
        [proposal(Kind.MERGE, old=["0211", "0203"], new=[("0214", "电子产品装调与检验")])],
        edition_name="2026",
    )
    new = Program.objects.get(code="0214")
    assert {p.code for p in new.predecessors()} == {"0203", "0211"}
    assert set(new.levels) == {Level.INTERMEDIATE, Level.ADVANCED, Level.TECHNICIAN}
    assert Program.objects.get(code="0203").is_retired and Program.objects.get(code="0211").is_retired


def test_merge_needs_two_programs_in_force(catalogue_2025):
    assert "至少 2 个" in problems_of(proposal(Kind.MERGE, old=["0101"], new=[("0101", "车工")]))
    message = problems_of(proposal(Kind.MERGE, old=["0306", "0301"], new=[("0301", "计算机应用")]))
    assert "0306" in message and "已撤销" in message


def test_split_retires_the_old_program_into_its_parts(baseline):
    approve(
        [proposal(Kind.SPLIT, old=["1202"], new=[("1211", "服装设计"), ("1212", "服装制版与工艺")])],
        edition_name="2026",
    )
    old = Program.objects.get(code="1202")
    assert old.is_retired and [p.code for p in old.successors()] == ["1211", "1212"]
    assert Program.objects.get(code="1212").levels == old.levels


def test_split_needs_two_results(baseline):
    assert "至少 2 个" in problems_of(proposal(Kind.SPLIT, old=["1202"], new=[("1211", "服装设计")]))


def test_retire_keeps_the_program_with_date_and_reason(baseline):
    approve([proposal(Kind.RETIRE, old=["0306"], rationale="职业岗位消失")], edition_name="2026")
    program = Program.objects.get(code="0306")
    assert program.is_retired and program.retirement_reason == "职业岗位消失"
    assert program.retired_on == datetime.date(2025, 9, 1)
    assert not Edition.objects.get(name="2026").programs.filter(code="0306").exists()
    assert Edition.objects.get(name="2018").programs.filter(code="0306").exists()


def test_retire_refuses_new_programs_and_unknown_codes(baseline):
    assert "新专业" in problems_of(proposal(Kind.RETIRE, old=["0306"], new=[("0399", "替代")]))
    adjustment = proposal(Kind.RETIRE, old=["0306"])
    adjustment.old_programs.set([])
    adjustment.save()
    assert "至少 1 个" in problems_of(adjustment)


def test_an_adjustment_is_applied_only_once(baseline):
    adjustment = proposal(Kind.RETIRE, old=["0306"])
    approve([adjustment], edition_name="2026")
    assert "已经批准" in problems_of(Adjustment.objects.get(pk=adjustment.pk))


def test_a_batch_with_one_bad_proposal_writes_nothing(baseline):
    before = register_snapshot()
    good = proposal(Kind.RENAME, old=["0117"], new=[("0117", "铸造技术")])
    retire = proposal(Kind.RETIRE, old=["0306"])
    bad = proposal(Kind.MERGE, old=["0306", "0301"], new=[("0301", "计算机应用")])
    with pytest.raises(AdjustmentError) as caught:
        approve([good, retire, bad], edition_name="2026")
    assert "0306" in str(caught.value)
    assert register_snapshot() == before
    assert not Edition.objects.filter(name="2026").exists()
    assert set(Adjustment.objects.values_list("status", flat=True)) == {Adjustment.Status.SUBMITTED}


def test_approval_is_recorded_with_user_and_comment(baseline, django_user_model):
    from reversion.models import Version

    user = django_user_model.objects.create_user("approver")
    approve([proposal(Kind.RENAME, old=["0117"], new=[("0117", "铸造技术")])], user=user, edition_name="2026")
    revision = Version.objects.get_for_object(Program.objects.get(code="0117")).first().revision
    assert revision.user == user and "批准动态调整" in revision.get_comment()


def test_an_adjustment_can_declare_its_successors_equivalent(baseline):
    adjustment = proposal(
        Kind.UPGRADE, old=["1403"], new=[("1499", "数字印刷技术")], successors_equivalent=True
    )
    approve([adjustment], edition_name="2026")
    assert Succession.objects.get(predecessor__code="1403", successor__code="1499").equivalent
