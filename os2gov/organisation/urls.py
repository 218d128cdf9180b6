from django.urls import path

from os2gov.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
