from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from doanvu.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("doanvu.accounts.urls")),
    path("tai-khoan/", include("doanvu.portal.password_urls")),
    # Members' own pages and the officer's pages about them (/kich-hoat/, /toi/, /doan-vien/…/tai-khoan/).
    path("", include("doanvu.portal.urls")),
    path("don-vi/", include("doanvu.org.urls")),
    path("doan-vien/", include("doanvu.members.urls")),
    path("cong-viec-nen/", include("doanvu.members.download_urls")),
    path("cong-tac/", include("doanvu.work.urls")),
    path("diem-danh/", include("doanvu.work.checkin_urls")),
    path("the/", include("doanvu.members.card_urls")),
    path("bao-cao/", include("doanvu.reports.urls")),
    path("danh-gia/", include("doanvu.evaluation.urls")),
    path("api/", include("doanvu.api.urls")),
    path("quan-tri/", admin.site.urls),
]

# Error pages in the site's layout, JSON under /api/ (doanvu/errors.py; docs/architecture.md, "Error pages
# and headers").
handler400 = "doanvu.errors.bad_request"
handler403 = "doanvu.errors.permission_denied"
handler404 = "doanvu.errors.page_not_found"
handler500 = "doanvu.errors.server_error"
