from django.urls import include, path

from . import card_views, lifecycle_views, views

app_name = "members"
urlpatterns: list = [
    path("", views.member_list, name="list"),
    path("xuat-excel/", views.member_export, name="export"),
    path("them/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/sua/", views.member_edit, name="edit"),
    path("<int:pk>/the/", card_views.member_card_page, name="card"),
    path("<int:pk>/chuyen-sinh-hoat/", lifecycle_views.transfer_new, name="transfer_new"),
    path("<int:pk>/xoa-ten/", lifecycle_views.member_remove, name="remove"),
    path("<int:pk>/ky-luat/", lifecycle_views.member_discipline, name="discipline"),
    path("<int:pk>/chuc-vu/", lifecycle_views.position_add, name="position_add"),
    path("<int:pk>/phat-trien-dang/", lifecycle_views.party_stage, name="party_stage"),
    path("chuc-vu/<int:pk>/thoi-giu/", lifecycle_views.position_end, name="position_end"),
    path("chuyen-sinh-hoat/", lifecycle_views.transfers, name="transfers"),
    path("chuyen-sinh-hoat/<int:pk>/tiep-nhan/", lifecycle_views.transfer_accept, name="transfer_accept"),
    path("chuyen-sinh-hoat/<int:pk>/tu-choi/", lifecycle_views.transfer_reject, name="transfer_reject"),
    path("chuyen-sinh-hoat/<int:pk>/huy/", lifecycle_views.transfer_cancel, name="transfer_cancel"),
    path("truong-thanh/", lifecycle_views.coming_of_age, name="coming_of_age"),
    # Import pages live in their own module.
    path("nhap-du-lieu/", include("doanvu.members.import_urls")),
]
