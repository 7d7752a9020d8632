"""The roles of the system as Django groups, created idempotently after every migrate.

A role is known by its stable key (the constants below); its group carries the label people see and may be
renamed in the admin without effect on who may do what (`Role` links the two). Every question "does this user
hold role X" and "who holds role X" is answered here, and `is_administrator` is the one definition of an
administrator. Object scope (which categories a committee member may touch, which organisation a publisher acts
for) is data on the user and on the category; the groups carry only model-level permissions.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

ADMINISTRATORS = "administrators"
COMMITTEE_MEMBERS = "committee_members"
REVIEWERS = "reviewers"
PUBLISHERS = "publishers"
SCHOOL_STAFF = "school_staff"  # their own school's offerings, reports and adoptions (schools.School.staff)
PROVINCIAL_STAFF = "provincial_staff"  # their province's schools' reports (schools.ProvincialDepartment)
PROGRAM_GROUP_MEMBERS = (
    "program_group_members"  # draft training standards of their programs (standards.ProgramGroup)
)

#: The group name a role gets when it is first created.
ROLE_LABELS = {
    ADMINISTRATORS: "管理员",
    COMMITTEE_MEMBERS: "教学指导委员会委员",
    REVIEWERS: "评审专家",
    PUBLISHERS: "出版社用户",
    PROGRAM_GROUP_MEMBERS: "专业组成员",
    SCHOOL_STAFF: "技工院校用户",
    PROVINCIAL_STAFF: "省级人社部门用户",
}

ROLE_PERMISSIONS = {
    ADMINISTRATORS: [
        ("wagtailadmin", "access_admin"),
        ("catalogue", "add_category"),
        ("catalogue", "change_category"),
        ("catalogue", "view_category"),
        ("catalogue", "add_program"),
        ("catalogue", "change_program"),
        ("catalogue", "view_program"),
        ("catalogue", "add_edition"),
        ("catalogue", "change_edition"),
        ("catalogue", "view_edition"),
        ("catalogue", "add_adjustment"),
        ("catalogue", "change_adjustment"),
        ("catalogue", "view_adjustment"),
        ("catalogue", "approve_adjustment"),
        ("catalogue", "revert_program"),
        ("users", "add_organisation"),
        ("users", "change_organisation"),
        ("users", "view_organisation"),
        ("standards", "view_standardversion"),
        ("standards", "change_standardversion"),
        ("textbooks", "add_textbook"),
        ("textbooks", "change_textbook"),
        ("textbooks", "view_textbook"),
        ("textbooks", "review_textbook"),
        ("textbooks", "decide_textbook"),
        ("schools", "add_school"),
        ("schools", "change_school"),
        ("schools", "view_school"),
        ("schools", "add_provincialdepartment"),
        ("schools", "change_provincialdepartment"),
        ("schools", "view_provincialdepartment"),
        ("schools", "add_offering"),
        ("schools", "change_offering"),
        ("schools", "view_offering"),
        ("schools", "add_annualreport"),
        ("schools", "change_annualreport"),
        ("schools", "view_annualreport"),
        ("schools", "approve_annualreport"),
        ("schools", "view_adoption"),
    ],
    COMMITTEE_MEMBERS: [
        ("wagtailadmin", "access_admin"),
        ("catalogue", "view_category"),
        ("catalogue", "change_program"),
        ("catalogue", "view_program"),
        ("catalogue", "view_edition"),
        ("catalogue", "add_adjustment"),
        ("catalogue", "change_adjustment"),
        ("catalogue", "view_adjustment"),
        ("textbooks", "decide_textbook"),
    ],
    REVIEWERS: [("wagtailadmin", "access_admin")],
    PUBLISHERS: [
        ("wagtailadmin", "access_admin"),
        ("textbooks", "add_textbook"),
        ("textbooks", "change_textbook"),
        ("textbooks", "view_textbook"),
    ],
    PROGRAM_GROUP_MEMBERS: [("wagtailadmin", "access_admin")],
    SCHOOL_STAFF: [
        ("wagtailadmin", "access_admin"),
        ("schools", "view_school"),
        ("schools", "view_offering"),
        ("schools", "add_offering"),
        ("schools", "change_offering"),
        ("schools", "view_annualreport"),
        ("schools", "add_annualreport"),
        ("schools", "change_annualreport"),
        ("schools", "view_adoption"),
        ("schools", "add_adoption"),
        ("schools", "change_adoption"),
        ("schools", "delete_adoption"),
    ],
    PROVINCIAL_STAFF: [
        ("wagtailadmin", "access_admin"),
        ("schools", "view_school"),
        ("schools", "view_offering"),
        ("schools", "view_annualreport"),
        ("schools", "add_annualreport"),  # importing the province's consolidated report
        ("schools", "approve_annualreport"),
        ("schools", "view_adoption"),
    ],
}


def role_group(key):
    """The group of a role, created under its label the first time (or adopted, if a group has that name)."""
    role = Role.objects.select_related("group").filter(key=key).first()
    if role is None:
        group, _ = Group.objects.get_or_create(name=ROLE_LABELS[key])
        role = Role.objects.create(key=key, group=group)
    return role.group


def ensure_roles():
    """Create or top up every role group; never removes permissions an administrator added by hand."""
    for key, perms in ROLE_PERMISSIONS.items():
        group = role_group(key)
        for app_label, codename in perms:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def ensure_roles_after_migrate(using="default", **kwargs):
    """post_migrate runs app by app; make every app's permissions first so the roles can be given them."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_roles()


def in_role(key):
    """A user filter: holds the role (through its group, whatever the group is called now)."""
    return Q(groups__role__key=key)


def has_role(user, key):
    return user.is_authenticated and user.groups.filter(role__key=key).exists()


def is_administrator(user):
    """The one definition: an active superuser, or an active member of the administrators' role."""
    return user.is_authenticated and user.is_active and (user.is_superuser or has_role(user, ADMINISTRATORS))


def administrators():
    """Everyone `is_administrator` says yes to."""
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | in_role(ADMINISTRATORS), is_active=True)
        .distinct()
    )


def holders(key):
    """The active users holding a role."""
    return get_user_model().objects.filter(in_role(key), is_active=True).distinct()
