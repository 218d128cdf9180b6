"""The economy pages (namespace ``economy``): one product's economy at
/produkter/<product>/oekonomi/ and every product's at /oekonomi/ (ECO-03). Mounted at the
site's root, before the product catalogue."""

from django.urls import path

from os2gov.economy import views

app_name = "economy"
urlpatterns = [
    path("oekonomi/", views.overview, name="overview"),
    path("produkter/<slug:product>/oekonomi/", views.product_economy, name="product"),
    path("produkter/<slug:product>/oekonomi/ramme/", views.frame_edit, name="frame"),
]
