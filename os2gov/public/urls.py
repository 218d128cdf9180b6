from django.urls import path

from os2gov.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
]
