"""The schools register in the admin (its policies first, so Wagtail makes no fallback; then the 技工院校 menu),
the report upload, the admin home panels, and what it adds to other apps' pages (public_hooks)."""

from wagtail import hooks

from . import (
    export,  # noqa: F401 - registers the report export URL
    public_hooks,  # noqa: F401 - program/textbook page sections, retirement evidence
    upload,  # noqa: F401 - registers its admin URL and menu item
)
from .admin.permissions import register_policies
from .admin.viewsets import SchoolsViewSetGroup
from .home import construct_panels

register_policies()


@hooks.register("register_admin_viewset")
def register_schools_admin():
    return SchoolsViewSetGroup()


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action("schools.report.submit", "提交年报", "提交年报，等待省级审核")
    actions.register_action("schools.report.approve", "审核通过年报", "省级人社部门审核通过年报")
    actions.register_action("schools.report.return", "退回年报", "省级人社部门退回年报")


@hooks.register("construct_homepage_panels")
def show_schools_their_work(request, panels):
    construct_panels(request, panels)
