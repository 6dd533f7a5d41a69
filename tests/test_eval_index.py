"""The evaluation area's landing page and its place in the main navigation."""

import pytest
from django.test import Client
from django.urls import reverse

INDEX = "/danh-gia/"


@pytest.mark.parametrize("persona", ["own", "above", "viewer", "province_officer"])
def test_every_officer_finds_each_part_of_the_year_end_work(tree, people, login, persona):
    page = login(getattr(people, persona)).get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    for name in (
        "member_sheet",
        "member_decisions",
        "training_list",
        "criteria_list",
        "assessment_list",
        "inspection_plan_list",
        "classification_list",
        "pipeline_funnel",
        "pipeline_due",
    ):
        assert f'href="{reverse(f"evaluation:{name}")}"' in html
    assert "Phát triển Đảng" in html


def test_the_main_navigation_links_to_it(tree, people, login):
    html = login(people.own).get(reverse("members:list")).content.decode()
    assert f'href="{INDEX}"' in html and ">Đánh giá<" in html


def test_an_account_without_a_unit_is_told_so_and_a_visitor_must_log_in(tree, people, login):
    assert login(people.nobody).get(INDEX).status_code == 403
    response = Client().get(INDEX)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
