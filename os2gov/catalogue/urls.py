from django.urls import path

from os2gov.catalogue import views

# The namespace "products" is what the main menu and the front page look for.
app_name = "products"
urlpatterns = [
    path("", views.product_list, name="list"),
    path("<slug:slug>/", views.product_detail, name="detail"),
]
