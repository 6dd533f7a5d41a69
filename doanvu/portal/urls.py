from django.urls import path

from .views import member, officer, public

app_name = "portal"
urlpatterns = [
    path("kich-hoat/", public.activate, name="activate"),
    path("toi/", member.home, name="home"),
    path("toi/lich-su/", member.history, name="history"),
    path("toi/tai-ve/", member.download, name="download"),
    path("toi/sua-thong-tin/", member.propose, name="propose"),
    path("toi/sua-thong-tin/<int:pk>/rut/", member.withdraw, name="withdraw"),
    path("toi/ren-luyen/", member.training, name="training"),
    path("toi/tu-danh-gia/", member.self_assessment, name="self_assessment"),
    path("doan-vien/<int:pk>/tai-khoan/", officer.account, name="account"),
    path("doan-vien/<int:pk>/tai-khoan/ma/", officer.account_code, name="account_code"),
    path("doan-vien/<int:pk>/tai-khoan/moi/", officer.account_invite, name="account_invite"),
    path("doan-vien/<int:pk>/tai-khoan/khoa/", officer.account_revoke, name="account_revoke"),
    path("doan-vien/de-nghi-sua/", officer.proposals, name="proposals"),
    path("doan-vien/de-nghi-sua/<int:pk>/", officer.proposal, name="proposal"),
]
