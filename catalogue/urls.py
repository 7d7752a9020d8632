from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<str:code>/", views.program_detail, name="program"),
    path("editions/", views.edition_list, name="editions"),
    path("compare/", views.compare, name="compare"),
]
