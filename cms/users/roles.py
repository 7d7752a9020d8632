"""The roles of the system as Django groups, created idempotently after every migrate.

Object scope (which categories a committee member may touch, which organisation a publisher acts for) is data
on the user and on the category; the groups carry only model-level permissions.
"""

from django.contrib.auth.models import Group, Permission

ADMINISTRATORS = "管理员"
COMMITTEE_MEMBERS = "教学指导委员会委员"
REVIEWERS = "评审专家"
PUBLISHERS = "出版社用户"
PROGRAM_GROUP_MEMBERS = "专业组成员"  # drafts training standards of its programs (standards.ProgramGroup)

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
}


def ensure_roles():
    """Create or top up every role group; never removes permissions an administrator added by hand."""
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
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


def has_role(user, role):
    return user.is_authenticated and user.groups.filter(name=role).exists()


def is_administrator(user):
    return user.is_active and (user.is_superuser or has_role(user, ADMINISTRATORS))
