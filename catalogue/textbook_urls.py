from django.urls import path

from . import textbook_views

app_name = "textbooks"
urlpatterns = [
    path("", textbook_views.textbook_list, name="list"),
    path("progress/", textbook_views.textbook_progress, name="progress"),
    path("notices/", textbook_views.notice_list, name="notices"),
    path("notices/<int:pk>/objection/", textbook_views.objection_form, name="objection"),
    path("<str:isbn>/", textbook_views.textbook_detail, name="detail"),
]
