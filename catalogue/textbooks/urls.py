from django.urls import path

from . import views

app_name = "textbooks"
urlpatterns = [
    path("", views.textbook_list, name="list"),
    path("progress/", views.textbook_progress, name="progress"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/objection/", views.objection_form, name="objection"),
    path("<str:isbn>/", views.textbook_detail, name="detail"),
]
