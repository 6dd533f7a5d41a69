from django.urls import path

from . import picker_views, views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    # Two segments, so that no unit code can shadow it.
    path("chon/tim/", picker_views.unit_search, name="unit_search"),
    path("<str:code>/", views.unit_detail, name="unit"),
    path("<str:code>/con/", views.children, name="children"),
    path("<str:code>/lich-su/", views.history, name="history"),
    path("<str:code>/thanh-lap/", views.create, name="create"),
    path("<str:code>/doi-ten/", views.rename, name="rename"),
    path("<str:code>/chuyen/", views.move, name="move"),
    path("<str:code>/sap-nhap/", views.merge, name="merge"),
    path("<str:code>/chia-tach/", views.split, name="split"),
    path("<str:code>/giai-the/", views.dissolve, name="dissolve"),
]
