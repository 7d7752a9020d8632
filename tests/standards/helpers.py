"""Admin helpers shared by the standards tests: URLs from reverse(), the edit form as a browser posts it."""

from django.urls import reverse

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
