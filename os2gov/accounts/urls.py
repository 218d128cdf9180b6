from django.urls import path

from os2gov.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
]
