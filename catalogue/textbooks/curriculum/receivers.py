"""Where the curriculum's changes reach the textbooks; connected in TextbooksConfig.ready()."""

from django.dispatch import receiver

from wagtail.signals import page_published

from catalogue.adjustments import adjustments_applied
from standards.curriculum import standard_version_published
from standards.models import CourseStandardPage

from .flags import flag_adjustment, flag_standard_version
from .links import link_unlinked_textbooks


@receiver(standard_version_published, dispatch_uid="textbooks-standard-version-published")
def follow_standard_version(sender, page, version, changes, **kwargs):
    link_unlinked_textbooks([page.program_id])
    flag_standard_version(page, version, changes)


@receiver(page_published, dispatch_uid="textbooks-course-standard-published")
def follow_course_standard(sender, instance, **kwargs):
    if isinstance(instance, CourseStandardPage) and instance.live:
        link_unlinked_textbooks()


@receiver(adjustments_applied, dispatch_uid="textbooks-adjustments-applied")
def follow_adjustments(sender, adjustments, **kwargs):
    for adjustment in adjustments:
        flag_adjustment(adjustment)
