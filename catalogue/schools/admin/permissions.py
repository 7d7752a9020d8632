"""Who may do what to the schools register: model permissions from the roles, object scope from `scope`.

A user acts on an object only if it is in their scope (`scope.visible_*`); changing it needs the school to be
their own (`scope.own_schools`), and a report only while the school may still edit it (填报中 or 已退回). Nothing
here is deleted from the admin but a school's adoption records.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.users.roles import is_administrator

from .. import scope
from ..models import Adoption, AnnualReport, Offering, ProvincialDepartment, School


class ScopedPolicy(ModelPermissionPolicy):
    """Reads within `visible(user)`; every other action also needs `may_change`."""

    def visible(self, user):
        raise NotImplementedError

    def may_change(self, user, instance, action):
        return scope.can_edit(user, instance.school)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if not self.visible(user).filter(pk=instance.pk).exists():
            return False
        return action == "view" or self.may_change(user, instance, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model.objects.none()
        return self.visible(user)


class SchoolPolicy(ScopedPolicy):
    def visible(self, user):
        return scope.visible_schools(user)

    def may_change(self, user, instance, action):
        return is_administrator(user)


class OfferingPolicy(ScopedPolicy):
    def visible(self, user):
        return scope.visible_offerings(user)

    def may_change(self, user, instance, action):
        return action != "delete" and scope.can_edit(user, instance.school)


class ReportPolicy(ScopedPolicy):
    """The school edits and submits while it is its turn; the province decides what is waiting for it."""

    def visible(self, user):
        return scope.visible_reports(user)

    def may_change(self, user, instance, action):
        if action == "approve":
            return instance.status == AnnualReport.Status.SUBMITTED and scope.can_approve(user, instance)
        if action == "change":
            return instance.editable and scope.can_edit(user, instance.school)
        return False


class AdoptionPolicy(ScopedPolicy):
    def visible(self, user):
        return scope.visible_adoptions(user)


school_policy = SchoolPolicy(School)
department_policy = ModelPermissionPolicy(ProvincialDepartment)
offering_policy = OfferingPolicy(Offering)
report_policy = ReportPolicy(AnnualReport)
adoption_policy = AdoptionPolicy(Adoption)


def register_policies():
    for policy in (school_policy, department_policy, offering_policy, report_policy, adoption_policy):
        register_permission_policy(policy.model, policy, exact_class=True)
