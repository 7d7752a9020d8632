"""Admin helpers shared by the standards tests: URLs from reverse(), the edit form as a browser posts it, and the
workflow steps as the reviewers take them."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def editor_data(client, page):
    """The edit form as the browser would post it (StreamFields are drawn by JavaScript, so added here)."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    draft = page.get_latest_revision_as_object()
    for number, course in enumerate(draft.courses.all()):
        items = [
            ("task", {"name": name, "hours": hours, "description": text})
            for name, hours, text in course.learning_task_list
        ]
        for key, value in nested_form_data({f"courses-{number}-learning_tasks": streamfield(items)}).items():
            data[key] = value
    return data


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def submit(client, user, page, **changes):
    """What a committee member does: open the editor, change what they like, press 提交审核."""
    client.force_login(user)
    data = editor_data(client, page)
    for key, value in changes.items():
        data[key] = value
    data["action-submit"] = "1"
    return client.post(edit_url(page), data)


def act(client, user, page, action, **data):
    """A reviewer's action (approve, reject) on the current task, posted from the moderation dialog."""
    client.force_login(user)
    state = Page.objects.get(pk=page.pk).current_workflow_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
    return client.post(url, data)
