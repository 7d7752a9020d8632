"""Signal receivers of the standards section, connected in StandardsConfig.ready().

Every way a page goes live ends in Wagtail's `page_published`: the editor's 发布 button, the workflow's final
approval, scheduled publishing (`manage.py publish_scheduled`) and `revision.publish()` (the importer, the demo).
Numbering the version here records it once per publication, whichever path published it.
"""

from django.dispatch import receiver

from wagtail.signals import page_published

from .curriculum import standard_version_published, sync_program_courses
from .models import TrainingStandardPage, VersionedStandardPage
from .versions import record_version


@receiver(page_published, dispatch_uid="standards-record-version")
def record_published_version(sender, instance, revision, **kwargs):
    """Number the revision that just went live.

    Wagtail also sends `page_published` when a page that was never live is only scheduled (it stays not live,
    without a live revision): that revision is numbered when `publish_scheduled` makes it live.
    A training standard's version also updates the program's course register and tells the textbooks.
    """
    if (
        isinstance(instance, VersionedStandardPage)
        and instance.live
        and instance.live_revision_id == revision.pk
    ):
        version = record_version(instance)
        if version is not None and isinstance(instance, TrainingStandardPage):
            changes = sync_program_courses(instance, version)
            standard_version_published.send(
                sender=TrainingStandardPage, page=instance, version=version, changes=changes
            )
