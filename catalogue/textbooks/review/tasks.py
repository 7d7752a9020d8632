"""Background work of the review path (django-tasks: immediate in dev and tests, the database queue in production).

A public objection must not make the anonymous request that filed it write a notification per administrator
and send their mail: the request only enqueues this task. The database queue stores the task in the same
transaction as the objection, so a notification is queued exactly when the objection is stored.
"""

from django_tasks import task

from ..models import Objection
from . import notifications


@task()
def notify_staff_of_objection(objection_id):
    objection = Objection.objects.select_related("notice__textbook").filter(pk=objection_id).first()
    if objection is None:  # deleted before the worker got to it
        return 0
    textbook = objection.notice.textbook
    sent = notifications.to_staff(textbook, f"《{textbook.title}》收到公示异议，请处理", objection.content)
    return len(sent)
