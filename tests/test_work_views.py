"""The work pages with the personas: the branch's own officer, the officer above, the sibling (404), the
read-only viewer (403 on writes); and evidence files reachable only through a scope-checked view."""

import datetime

import pytest
from django.urls import reverse

from doanvu.work import services
from doanvu.work.models import Activity, Attachment, DirectValue, Indicator, Movement, Target

from .test_work_factories import DAY, catalogue, lock, media, pdf, png, record, upload  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue", "media")

NEW = {
    "unit": "CA1",
    "title": "Hiến máu nhân đạo đợt 1",
    "work_area": "movements",
    "movement": "hien-mau",
    "start_on": "2025-03-10",
    "end_on": "",
    "place": "Nhà văn hóa ấp",
    "description": "",
    "co_organisers": "",
    "fig_blood_donors": "200",
    "fig_blood_units": "114",
    "fig_activities": "1",
    "fig_participations": "",
}


def test_a_branch_secretary_records_an_activity_with_a_photo_from_the_phone_form(tree, people, login):
    client = login(people.own)
    page = client.get(reverse("work:activity_new") + "?unit=CA1&work_area=movements")
    assert page.status_code == 200
    html = page.content.decode()
    # The chosen work area's indicators come first in the figures.
    assert html.index("fig_blood_donors") < html.index("fig_activities")
    response = client.post(reverse("work:activity_new"), {**NEW, "files": [png()]})
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == reverse("work:activity", args=[activity.pk])
    assert {f.indicator.code: int(f.value) for f in activity.figures.all()} == {
        "blood_donors": 200,
        "blood_units": 114,
        "activities": 1,
    }
    assert activity.attachments.get().caption == "anh-hoat-dong.png"
    detail = client.get(response.url).content.decode()
    assert "Đã ghi nhận hoạt động «Hiến máu nhân đạo đợt 1»." in detail
    assert "Đơn vị máu hiến được" in detail and "114 đơn vị máu" in detail


def test_the_form_shows_each_rule_broken_next_to_what_was_typed(tree, people, login):
    client = login(people.own)
    bad = {**NEW, "end_on": "2025-03-01", "fig_activities": "5", "fig_participations": "2"}
    html = client.post(reverse("work:activity_new"), bad).content.decode()
    assert "Ngày kết thúc (01/03/2025) phải từ ngày bắt đầu (10/03/2025) trở đi." in html
    assert Activity.objects.count() == 0
    bad = {**NEW, "fig_activities": "5", "fig_participations": "2"}
    html = client.post(reverse("work:activity_new"), bad).content.decode()
    assert "Số lượt tham gia (2) phải lớn hơn hoặc bằng số cuộc (5)" in html
    assert 'value="200"' in html  # what was typed stays
    html = client.post(
        reverse("work:activity_new"), {**NEW, "files": [upload("virus.exe", b"MZ")]}
    ).content.decode()
    assert "Tệp «virus.exe» không đúng loại" in html
    assert Activity.objects.count() == 0


def test_a_warning_is_shown_but_the_activity_is_kept(tree, people, login):
    client = login(people.own)
    response = client.post(reverse("work:activity_new"), {**NEW, "fig_blood_units": "500"}, follow=True)
    assert Activity.objects.count() == 1
    assert "nhiều hơn gấp đôi số lượt hiến máu" in response.content.decode()


def test_the_figures_block_reorders_for_the_chosen_work_area(tree, people, login):
    html = (
        login(people.own)
        .get(reverse("work:activity_figures") + "?unit=CA1&work_area=children&fig_gifts=3")
        .content.decode()
    )
    assert html.index("fig_children_reached") < html.index("fig_activities")
    assert 'name="fig_gifts" value="3"' in html


def test_personas_on_the_activity_pages(tree, people, login):
    activity = record(tree.branch_a1, people.own, title="Tọa đàm 26/3")
    detail = reverse("work:activity", args=[activity.pk])
    edit = reverse("work:activity_edit", args=[activity.pk])
    delete = reverse("work:activity_delete", args=[activity.pk])
    listing = reverse("work:activities")
    for user in (people.own, people.above, people.viewer, people.admin):
        client = login(user)
        assert client.get(detail).status_code == 200
        assert "Tọa đàm 26/3" in client.get(listing + "?unit=CA1").content.decode()
    client = login(people.sibling)
    assert client.get(detail).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    assert client.get(listing + "?unit=CA1").status_code == 404
    assert "Tọa đàm 26/3" not in client.get(listing).content.decode()
    client = login(people.viewer)
    assert client.get(edit).status_code == 403
    assert client.post(delete).status_code == 403
    assert client.get(reverse("work:activity_new") + "?unit=CA1").status_code == 403
    assert login(people.nobody).get(listing).status_code == 403
    assert login(people.above).get(edit).status_code == 200
    assert Activity.objects.count() == 1


def test_an_officer_above_sees_the_joint_activity_once_and_the_co_organiser_cannot_edit_it(
    tree, people, login
):
    activity = record(
        tree.grassroots_a, people.above, title="Ngày chủ nhật xanh", co_organisers=["CA1", "CA2"]
    )
    html = login(people.above).get(reverse("work:activities") + "?unit=HA").content.decode()
    assert html.count(">Ngày chủ nhật xanh</a>") == 1
    assert "1 hoạt động" in html
    client = login(people.own)
    assert client.get(reverse("work:activity", args=[activity.pk])).status_code == 200
    assert client.get(reverse("work:activity_edit", args=[activity.pk])).status_code == 403


def test_editing_and_deleting_through_the_pages(tree, people, login):
    activity = record(tree.branch_a1, people.own, figures={"activities": 2, "participations": 30})
    client = login(people.own)
    form = client.get(reverse("work:activity_edit", args=[activity.pk])).content.decode()
    assert 'name="fig_participations" value="30"' in form
    data = {**NEW, "title": "Đã sửa", "work_area": "education", "movement": "", "fig_participations": "45"}
    assert client.post(reverse("work:activity_edit", args=[activity.pk]), data).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Đã sửa" and activity.figures.get(indicator__code="participations").value == 45
    response = client.post(reverse("work:activity_delete", args=[activity.pk]))
    assert response.status_code == 302 and Activity.objects.count() == 0


def test_a_locked_period_is_explained_on_the_page_and_the_write_refused(tree, people, login):
    activity = record(tree.branch_a1, people.own)
    lock(tree.branch_a1, "2025Q1")
    client = login(people.own)
    html = client.get(reverse("work:activity", args=[activity.pk])).content.decode()
    assert "Báo cáo kỳ quý I/2025 của Chi đoàn A1 đã gửi; dữ liệu kỳ này đã khóa." in html
    html = client.post(reverse("work:activity_delete", args=[activity.pk]), follow=True).content.decode()
    assert "dữ liệu kỳ này đã khóa" in html
    assert Activity.objects.count() == 1


# --- evidence files ---------------------------------------------------------------------------------------


def test_evidence_is_served_only_to_users_who_see_the_activity(tree, people, login, settings):
    activity = record(tree.branch_a1, people.own)
    attachment = services.attachment_add(activity=activity, upload=pdf(), caption="Kế hoạch", by=people.own)
    assert (settings.MEDIA_ROOT / attachment.file.name).exists()  # stored under MEDIA_ROOT
    url = reverse("work:attachment", args=[attachment.pk])
    response = login(people.above).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(people.sibling).get(url).status_code == 404
    assert login(people.other_district).get(url).status_code == 404
    # No public media URL serves it.
    assert login(people.own).get("/media/" + attachment.file.name).status_code == 404


def test_documents_download_and_their_type_is_the_checked_one(tree, people, login):
    from .test_work_factories import docx, xlsx

    activity = record(tree.branch_a1, people.own)
    word = services.attachment_add(activity=activity, upload=docx(), by=people.own)
    services.attachment_add(activity=activity, upload=xlsx(), by=people.own)
    response = login(people.own).get(reverse("work:attachment", args=[word.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "wordprocessingml" in response["Content-Type"]


def test_uploads_are_checked_by_kind_content_and_size(tree, people, settings):
    activity = record(tree.branch_a1, people.own)

    def refused(file):
        with pytest.raises(Exception) as error:
            services.attachment_add(activity=activity, upload=file, by=people.own)
        return error.value.messages[0]

    assert refused(upload("run.sh", b"#!/bin/sh")).startswith("Tệp «run.sh» không đúng loại")
    assert refused(upload("anh.jpg", b"<script>")) == "Nội dung tệp «anh.jpg» không phải là tệp JPG hợp lệ."
    assert refused(upload("bao-cao.docx", b"PK\x03\x04garbage")) == (
        "Nội dung tệp «bao-cao.docx» không phải là tệp DOCX hợp lệ."
    )
    settings.UPLOAD_MAX_MB = 1
    big = upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024))
    assert refused(big) == "Tệp «anh.png» quá lớn: tối đa 1 MB."
    assert Attachment.objects.count() == 0


def test_adding_and_removing_evidence_through_the_pages(tree, people, login):
    activity = record(tree.branch_a1, people.own)
    client = login(people.own)
    client.post(
        reverse("work:attachment_add", args=[activity.pk]), {"file": png("Ảnh đẹp.png"), "caption": ""}
    )
    attachment = Attachment.objects.get()
    assert attachment.caption == "Ảnh đẹp.png" and attachment.file.name.endswith("anh-dep.png")
    assert (
        login(people.sibling).post(reverse("work:attachment_remove", args=[attachment.pk])).status_code == 404
    )
    assert (
        login(people.viewer).post(reverse("work:attachment_remove", args=[attachment.pk])).status_code == 403
    )
    login(people.own).post(reverse("work:attachment_remove", args=[attachment.pk]))
    assert Attachment.objects.count() == 0


# --- direct values, targets, catalogues -------------------------------------------------------------------


def test_the_direct_value_grid_saves_for_the_unit_and_period(tree, people, login):
    url = reverse("work:direct_values")
    client = login(people.own)
    page = client.get(url + "?unit=CA1&period=2025Q1").content.decode()
    assert "Tin, bài tuyên truyền được đăng" in page and "quý I/2025" in page
    response = client.post(
        url, {"unit": "CA1", "period": "2025Q1", "val_news_articles": "6", "val_initiatives": ""}
    )
    assert response.status_code == 302
    assert DirectValue.objects.get().value == 6
    html = client.post(url, {"unit": "CA1", "period": "2025Q1", "val_news_articles": "-1"}).content.decode()
    box = html[html.index('name="val_news_articles"') :]
    assert box.index('value="-1"') < box.index("Không được âm.") < box.index("</td>")
    assert "Kỳ báo cáo «Q5» không hợp lệ" in client.get(url + "?unit=CA1&period=Q5").content.decode()


def test_personas_on_the_direct_value_and_target_pages(tree, people, login):
    for name in ("work:direct_values", "work:targets"):
        url = reverse(name)
        assert login(people.above).get(url + "?unit=CA1").status_code == 200
        assert login(people.viewer).get(url + "?unit=CA1").status_code == 200
        assert login(people.sibling).get(url + "?unit=CA1").status_code == 404
        assert login(people.viewer).post(url, {"unit": "CA1", "period": "2025"}).status_code == 403
        assert login(people.sibling).post(url, {"unit": "CA1", "period": "2025"}).status_code == 404
    assert (
        'name="val_'
        not in login(people.viewer).get(reverse("work:direct_values") + "?unit=CA1").content.decode()
    )


def test_an_officer_above_hands_targets_down_to_each_child_in_one_form(tree, people, login):
    client = login(people.above)
    url = reverse("work:targets")
    page = client.get(url + "?unit=XA&period=2025").content.decode()
    assert "Giao chỉ tiêu cho đơn vị trực thuộc" in page and "Chi đoàn A2" in page
    response = client.post(
        url,
        {
            "unit": "XA",
            "period": "2025",
            "action": "hand_down",
            "indicator": "outstanding_introduced",
            "child_CA1": "2",
            "child_CA2": "3",
        },
    )
    assert response.status_code == 302
    assert sorted(Target.objects.values_list("unit__code", "value", "set_by_unit__code")) == [
        ("CA1", 2, "XA"),
        ("CA2", 3, "XA"),
    ]
    html = (
        login(people.own)
        .post(
            url,
            {
                "unit": "CA1",
                "period": "2025",
                "action": "set",
                "indicator": "outstanding_introduced",
                "value": "1",
            },
        )
        .content.decode()
    )
    assert "không được hạ thấp hay bỏ chỉ tiêu cấp trên giao" in html
    page = login(people.own).get(url + "?unit=CA1&period=2025").content.decode()
    assert "Đoàn xã A" in page  # who handed it down


def test_the_indicator_catalogue_page_lets_an_upper_officer_add_an_indicator(tree, people, login):
    url = reverse("work:indicators")
    response = login(people.above).post(
        url,
        {
            "unit": "HA",
            "code": "hanh_trinh_do",
            "name": "Lượt tham gia Hành trình đỏ",
            "unit_label": "lượt",
            "kind": "flow",
            "source": "activity",
            "work_area": "movements",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(code="hanh_trinh_do").owner_unit == tree.district_a
    assert "hanh_trinh_do" in login(people.own).get(url + "?unit=CA1").content.decode()
    assert "hanh_trinh_do" not in login(people.other_district).get(url).content.decode()
    assert "Thêm chỉ số riêng" not in login(people.own).get(url).content.decode()  # a branch does not add
    assert login(people.viewer).post(url, {"unit": "HA", "code": "x_y"}).status_code == 403
    assert login(people.sibling).get(url + "?unit=HA").status_code == 404


def test_the_movement_page_lists_the_catalogue_and_takes_a_new_campaign(tree, people, login):
    url = reverse("work:movements")
    assert "Chiến dịch Thanh niên tình nguyện hè" in login(people.own).get(url).content.decode()
    response = login(people.above).post(
        url, {"unit": "HA", "code": "mua-he-xanh", "name": "Mùa hè xanh huyện A"}
    )
    assert response.status_code == 302
    assert Movement.objects.get(code="mua-he-xanh").owner_unit == tree.district_a
    assert login(people.viewer).post(url, {"unit": "HA", "code": "a", "name": "b"}).status_code == 403


def test_pages_open_for_a_site_admin_without_a_unit(tree, people, login):
    client = login(people.admin)
    for name in ("work:activities", "work:indicators", "work:movements"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("work:targets") + "?unit=TV").status_code == 200
    assert (
        client.get(
            reverse("work:direct_values") + "?unit=TV&period=" + str(datetime.date.today().year)
        ).status_code
        == 200
    )


def test_personas_on_the_figures_block_and_the_evidence_upload(tree, people, login):
    figures = reverse("work:activity_figures") + "?unit=CA1&work_area=education"
    assert login(people.own).get(figures).status_code == 200
    assert login(people.above).get(figures).status_code == 200
    assert login(people.sibling).get(figures).status_code == 404
    assert login(people.viewer).get(figures).status_code == 403
    activity = record(tree.branch_a1, people.own)
    url = reverse("work:attachment_add", args=[activity.pk])
    assert login(people.sibling).post(url, {"file": png()}).status_code == 404
    assert login(people.viewer).post(url, {"file": png()}).status_code == 403
    assert login(people.above).post(url, {"file": png()}).status_code == 302
    assert Attachment.objects.count() == 1
