"""Version numbering of published standards.

A publication of either kind of standard (VersionedStandardPage: training standards and course standards) is
numbered when it goes live (the `page_published` receiver in signals.py): the approver's decision recorded on
the approval task state wins, then the page's own "本次发布性质" field; an importer may pin an explicit number.
"""

import contextlib
import contextvars
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ApprovalTaskState, StandardVersion

_explicit_release = contextvars.ContextVar("explicit_release", default=None)
VERSION_PATTERN = re.compile(r"^(\d{1,3})\.(\d{1,3})$")


@contextlib.contextmanager
def explicit_release(number, effective_date=None):
    """Publish inside this block to give the version a set number (imports carry their own numbering)."""
    token = _explicit_release.set((number, effective_date))
    try:
        yield
    finally:
        _explicit_release.reset(token)


def parse_number(number):
    match = VERSION_PATTERN.match(str(number))
    if not match:
        raise ValidationError(f"版本号「{number}」格式应为 主版本.次版本，如 1.0。")
    return int(match.group(1)), int(match.group(2))


def next_number(last, change_kind):
    if last is None:
        return 1, 0
    if change_kind == "minor":
        return last.major, last.minor + 1
    return last.major + 1, 0


def pending_approval(page, since):
    """The administrators' approval that led to this publication, if the workflow published it."""
    states = ApprovalTaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=ApprovalTaskState.STATUS_APPROVED
    ).order_by("-finished_at")
    if since is not None:
        states = states.filter(finished_at__gt=since)
    return states.first()


def record_version(page):
    """Create the StandardVersion for the revision that just went live (once per revision)."""
    revision = page.live_revision
    if page.versions.filter(revision=revision).exists():
        return None
    last = page.versions.order_by("-major", "-minor").first()
    approval = pending_approval(page, last.published_at if last else None)
    change_kind = (approval and approval.change_kind) or page.change_kind
    effective_date = (approval and approval.effective_date) or page.effective_date or timezone.localdate()
    major, minor = next_number(last, change_kind)
    if explicit := _explicit_release.get():
        (major, minor), effective_date = parse_number(explicit[0]), explicit[1] or effective_date
        if last and (major, minor) <= (last.major, last.minor):
            raise ValidationError(f"版本号 {major}.{minor} 必须大于已发布的版本 {last.number}。")
    return StandardVersion.objects.create(
        page=page,
        number=f"{major}.{minor}",
        major=major,
        minor=minor,
        change_kind=change_kind,
        effective_date=effective_date,
        revision=revision,
        published_at=timezone.now(),
        published_by=(approval.finished_by if approval else revision.user),
    )


def release_note(page, version, previous):
    """本版主要变化: the note written for the version, else the parts the comparison with the previous one found."""
    if previous is None:
        return "首次发布"
    if version.note:
        return version.note
    from .compare import changed_parts

    diff = page.version_diff(previous.revision.as_object(), version.revision.as_object())
    parts = changed_parts(diff)
    return f"修改了：{'；'.join(parts)}" if parts else "正文无变化"
