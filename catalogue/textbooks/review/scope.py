"""Who sees which applications, files and reviews: one queryset per role, unioned for people with several.

- staff (管理员, `textbooks.review_textbook`): everything;
- publishers (出版社用户 with an organisation): their organisation's applications, at every stage;
- reviewers: the titles they hold a live assignment for (invited, accepted or submitted), nothing else;
- committee members (`textbooks.decide_textbook`): titles from the committee stage on, in their categories
  (public-course titles without programs go to every committee member).
Reviewers see other reviewers' scores only once the committee has decided that round.

Separation of duties: the submitting side (`is_party`: the publisher's people and whoever submitted the title)
never acts on an approval step of that title, whatever other roles they hold (`can_act`, `can_decide`).
"""

from django.db.models import Exists, OuterRef, Q

from cms.users.roles import PUBLISHERS, has_role, is_administrator

from ..models import CommitteeDecision, ReviewAction, ReviewAssignment, ReviewStage, Textbook

COMMITTEE_STAGES = (ReviewStage.COMMITTEE, ReviewStage.NOTICE, ReviewStage.LISTED, ReviewStage.REJECTED)
PUBLISHER_EDITABLE = (ReviewStage.DRAFT, ReviewStage.RETURNED, ReviewStage.WITHDRAWN)


def is_staff(user):
    """Review staff are the administrators (`cms.users.roles.is_administrator`, the one definition)."""
    return is_administrator(user)


def is_committee(user):
    return user.is_authenticated and user.is_active and user.has_perm("textbooks.decide_textbook")


def publisher_organisation_id(user):
    if user.is_authenticated and user.organisation_id and has_role(user, PUBLISHERS):
        return user.organisation_id
    return None


def visible_textbooks(user):
    if not user.is_authenticated or not user.is_active:
        return Textbook.objects.none()
    if is_staff(user):
        return Textbook.objects.all()
    condition = Q(
        Exists(
            ReviewAssignment.objects.filter(
                textbook=OuterRef("pk"), reviewer=user, status__in=ReviewAssignment.ACTIVE
            )
        )
    )
    organisation = publisher_organisation_id(user)
    if organisation:
        condition |= Q(publisher_id=organisation)
    if is_committee(user):
        in_scope = Q(programs__isnull=True) | Q(programs__category__committee_members=user)
        condition |= Q(review_stage__in=COMMITTEE_STAGES) & in_scope
    return Textbook.objects.filter(condition).distinct()


def can_view(user, textbook):
    return visible_textbooks(user).filter(pk=textbook.pk).exists()


def is_own_publisher(user, textbook):
    organisation = publisher_organisation_id(user)
    return organisation is not None and organisation == textbook.publisher_id


def can_edit(user, textbook):
    if is_staff(user):
        return True
    return is_own_publisher(user, textbook) and textbook.review_stage in PUBLISHER_EDITABLE


def is_party(user, textbook):
    """Whether the user is on the submitting side of this title: its publisher's people or its submitter."""
    if not user.is_authenticated:
        return False
    if user.organisation_id and user.organisation_id == textbook.publisher_id:
        return True
    return textbook.review_events.filter(action=ReviewAction.SUBMIT, actor=user).exists()


def can_act(user, textbook):
    """Staff's approval steps (format check, assigning, notices, objections): staff not on the submitting side."""
    return is_staff(user) and not is_party(user, textbook)


def can_decide(user, textbook):
    if textbook.review_stage != ReviewStage.COMMITTEE or is_party(user, textbook):
        return False
    if is_staff(user) and is_committee(user):
        return True
    return is_committee(user) and can_view(user, textbook)


def can_see_all_reviews(user, textbook, round_number):
    """Staff and committee always; a reviewer of that round only once it is decided; the submitting side never."""
    if is_party(user, textbook):
        return False
    if is_staff(user) or (is_committee(user) and can_view(user, textbook)):
        return True
    decided = CommitteeDecision.objects.filter(textbook=textbook, round=round_number).exists()
    reviewed = textbook.assignments.filter(
        round=round_number, reviewer=user, status=ReviewAssignment.Status.SUBMITTED
    ).exists()
    return decided and reviewed


def my_assignment(user, textbook):
    if not user.is_authenticated:
        return None
    return (
        textbook.assignments.filter(reviewer=user, status__in=ReviewAssignment.ACTIVE)
        .order_by("-round")
        .first()
    )
