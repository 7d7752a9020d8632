"""The textbook admin: 教材申报 (the snippet), 评审工作台 (the review path), 评审指标 and the inbox.

The permission policies are registered before the snippet, so Wagtail never creates a fallback policy.
"""

from django.urls import reverse

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from catalogue.impact import HOOK as CHANGE_IMPACT_HOOK

from .curriculum.impact import textbook_impact
from .curriculum.pages import program_section
from .curriculum.views import FlagMenuItem
from .models import CriteriaSet, Textbook
from .review.admin import InboxMenuItem, SubmitApplicationMenuItem, TextbookReviewViewSet, TextbookViewSet
from .review.criteria import CriteriaSetViewSet, criteria_policy
from .review.permissions import textbook_policy

register_permission_policy(Textbook, textbook_policy, exact_class=True)
register_permission_policy(CriteriaSet, criteria_policy, exact_class=True)
register_snippet(TextbookViewSet)


@hooks.register("register_admin_viewset")
def register_textbook_review_admin():
    return TextbookReviewViewSet()


@hooks.register("register_admin_viewset")
def register_review_criteria_admin():
    return CriteriaSetViewSet()


@hooks.register("register_snippet_action_menu_item")
def register_submit_application_action(model):
    return SubmitApplicationMenuItem() if model is Textbook else None


@hooks.register("register_admin_menu_item")
def register_review_inbox_menu_item():
    return InboxMenuItem("我的通知", reverse("textbook_review:inbox"), icon_name="mail", order=162)


@hooks.register("register_admin_menu_item")
def register_curriculum_flags_menu_item():
    return FlagMenuItem("复核提示", reverse("textbook_review:flags"), icon_name="warning", order=163)


hooks.register(CHANGE_IMPACT_HOOK, textbook_impact)


@hooks.register("program_page_sections")
def program_curriculum_section(request, program):
    """The program page's 培养标准与教材 section (see curriculum/pages.py)."""
    return program_section(request, program)
