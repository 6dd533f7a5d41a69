from django.urls import path

from doanvu.evaluation.inspection import assessment_views as a
from doanvu.evaluation.inspection import views as i

urlpatterns = [
    # Self-assessment (tự chấm)
    path("tu-cham/", a.assessment_list, name="assessment_list"),
    path("tu-cham/bo-tieu-chi/<int:set_id>/mo/", a.assessment_start, name="assessment_start"),
    path("tu-cham/<int:pk>/", a.assessment_detail, name="assessment_detail"),
    path("tu-cham/<int:pk>/dieu-kien/<int:condition_id>/", a.assessment_score, name="assessment_score"),
    path(
        "tu-cham/<int:pk>/dieu-kien/<int:condition_id>/minh-chung/",
        a.assessment_evidence_add,
        name="assessment_evidence_add",
    ),
    path("tu-cham/<int:pk>/gui/", a.assessment_submit, name="assessment_submit"),
    path("tu-cham/<int:pk>/mo-lai/", a.assessment_reopen, name="assessment_reopen"),
    path("tu-cham/<int:pk>/de-xuat/", a.assessment_refresh, name="assessment_refresh"),
    path("tu-cham/minh-chung/<int:pk>/", a.assessment_evidence_file, name="assessment_evidence_file"),
    path("tu-cham/minh-chung/<int:pk>/xoa/", a.assessment_evidence_remove, name="assessment_evidence_remove"),
    # Inspection (kiểm tra)
    path("kiem-tra/", i.inspection_plan_list, name="inspection_plan_list"),
    path("kiem-tra/them/", i.inspection_plan_create, name="inspection_plan_create"),
    path("kiem-tra/<int:pk>/", i.inspection_plan, name="inspection_plan"),
    path("kiem-tra/<int:pk>/sua/", i.inspection_plan_edit, name="inspection_plan_edit"),
    path("kiem-tra/<int:pk>/xep-hang/", i.inspection_ranking, name="inspection_ranking"),
    path("kiem-tra/<int:pk>/cong-bo/", i.inspection_publish, name="inspection_publish"),
    path("kiem-tra/<int:pk>/ket-luan/", i.inspection_conclusion, name="inspection_conclusion"),
    path(
        "kiem-tra/<int:pk>/ket-luan/tai/<str:fmt>/",
        i.inspection_conclusion_download,
        name="inspection_conclusion_download",
    ),
    path("kiem-tra/don-vi/<int:pk>/", i.inspection_visit, name="inspection_visit"),
    path("kiem-tra/don-vi/<int:pk>/ket-qua/", i.inspection_visit_record, name="inspection_visit_record"),
    path(
        "kiem-tra/don-vi/<int:pk>/dieu-kien/<int:condition_id>/",
        i.inspection_score,
        name="inspection_score",
    ),
    path(
        "kiem-tra/don-vi/<int:pk>/minh-chung/<int:evidence_id>/",
        i.inspection_evidence_review,
        name="inspection_evidence_review",
    ),
]
