from django.urls import path

from os2gov.authority import views

app_name = "authority"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("mine/", views.my_mandates, name="mine"),
    path("produkt/<slug:slug>/", views.product_mandates, name="product"),
]
