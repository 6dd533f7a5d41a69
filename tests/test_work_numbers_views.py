"""Numbers typed the way people write them, in the forms of the work pages (docs/architecture.md,
"Numbers as people type them"): through the real views, as the branch's own officer."""

import pytest
from django.urls import reverse

from doanvu.work.models import Activity

from .test_work_factories import catalogue, media, record  # noqa: F401
from .test_work_views import NEW

pytestmark = pytest.mark.usefixtures("catalogue", "media")


def _figures(activity):
    return {f.indicator.code: f.value for f in activity.figures.all()}


def test_money_typed_the_vietnamese_way_is_saved_in_full(tree, people, login):
    client = login(people.own)
    response = client.post(reverse("work:activity_new"), {**NEW, "fig_funds_vnd": "5.000.000"})
    assert response.status_code == 302
    assert _figures(Activity.objects.get())["funds_vnd"] == 5_000_000


@pytest.mark.parametrize(
    ("typed", "saved"), [("5 triệu", 5_000_000), ("1,5 tỷ", 1_500_000_000), ("500k", 500_000)]
)
def test_money_typed_with_a_scale_word_is_saved_in_dong(tree, people, login, typed, saved):
    client = login(people.own)
    assert client.post(reverse("work:activity_new"), {**NEW, "fig_gifts_value_vnd": typed}).status_code == 302
    assert _figures(Activity.objects.get())["gifts_value_vnd"] == saved


def test_a_count_with_a_decimal_comma_is_refused_next_to_its_box_and_kept_as_typed(tree, people, login):
    client = login(people.own)
    html = client.post(reverse("work:activity_new"), {**NEW, "fig_participations": "1,5"}).content.decode()
    assert Activity.objects.count() == 0
    box = html[html.index('name="fig_participations"') :]
    assert box.index('value="1,5"') < box.index("«1,5» không phải số nguyên") < box.index("</div>")
    assert (
        'aria-invalid="true"'
        in html[html.rindex("<input", 0, html.index('name="fig_participations"')) :][:400]
    )


def test_an_ambiguous_amount_asks_which_was_meant_and_nothing_is_saved(tree, people, login):
    client = login(people.own)
    html = client.post(reverse("work:activity_new"), {**NEW, "fig_funds_vnd": "1,500"}).content.decode()
    assert "«1,500» là 1.500 hay 1,5?" in html
    assert 'value="1,500"' in html
    assert Activity.objects.count() == 0


def test_the_form_reads_a_typed_amount_back_in_words(tree, people, login):
    client = login(people.own)
    html = client.post(
        reverse("work:activity_new"), {**NEW, "title": "", "fig_funds_vnd": "5.000.000"}
    ).content.decode()
    assert Activity.objects.count() == 0  # the title is missing
    assert "5.000.000 đồng – năm triệu đồng" in html
    said = client.get(
        reverse("accounts:number_words"),
        {"kind": "money", "field": "fig_funds_vnd", "fig_funds_vnd": "2,5 tỷ"},
    )
    assert said.content.decode() == '<span class="">2.500.000.000 đồng – hai tỷ năm trăm triệu đồng</span>'
    said = client.get(reverse("accounts:number_words"), {"kind": "count", "field": "n", "n": "1,5"})
    assert "number-words-problem" in said.content.decode() and "không phải số nguyên" in said.content.decode()


def test_the_edit_form_shows_stored_money_grouped_and_saves_it_back_unchanged(tree, people, login):
    activity = record(tree.branch_a1, people.own, figures={"activities": 1, "funds_vnd": 5_000_000})
    client = login(people.own)
    form = client.get(reverse("work:activity_edit", args=[activity.pk])).content.decode()
    assert 'name="fig_funds_vnd" value="5.000.000"' in form
    data = {**NEW, "fig_blood_donors": "", "fig_blood_units": "", "fig_funds_vnd": "5.000.000"}
    assert client.post(reverse("work:activity_edit", args=[activity.pk]), data).status_code == 302
    assert _figures(activity)["funds_vnd"] == 5_000_000
