"""The API cleans every string a request sends, like the forms (docs/architecture.md, "Clean text"): a
refused character is a 422 naming the field; decomposed letters are stored composed."""

import typing
import unicodedata

import pytest
from django.test import Client
from pydantic import BaseModel

from doanvu.accounts.models import ApiToken
from doanvu.api.main import api as ninja_api
from doanvu.api.textinput import InSchema
from doanvu.members.models import Member, Transfer
from doanvu.work.models import Activity

from .test_api_members import NEW_MEMBER, add_member
from .test_work_api import NEW as NEW_ACTIVITY
from .test_work_factories import catalogue, media  # noqa: F401

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def send(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, content_type="application/json")


def refused(response, field: str) -> str:
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert list(errors) == [field], errors
    return errors[field][0]


def test_creating_a_member_with_a_right_to_left_override_is_refused_naming_the_field(tree, people, api):
    response = send(
        api(people.own), "post", "/api/members/", {**NEW_MEMBER, "full_name": "Đặng\u202e Thị Hoa"}
    )
    assert refused(response, "full_name") == (
        "Trường «full_name» chứa ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5; hãy gõ lại."
    )
    assert not Member.objects.exists()


def test_creating_a_member_with_a_nul_byte_in_the_hometown_is_refused(tree, people, api):
    response = send(api(people.own), "post", "/api/members/", {**NEW_MEMBER, "hometown": "Huế\x00"})
    assert "ký tự điều khiển vô hình (U+0000) ở vị trí 4" in refused(response, "hometown")


def test_a_member_created_with_a_decomposed_name_is_stored_composed(tree, people, api):
    response = send(api(people.own), "post", "/api/members/", {**NEW_MEMBER, "full_name": NFD_NAME})
    assert response.status_code == 201, response.content
    assert Member.objects.get().full_name == "Nguyễn Thị Hòa"
    assert response.json()["full_name"] == "Nguyễn Thị Hòa"


def test_updating_a_member_refuses_a_zero_width_space_and_a_line_break_in_a_name(tree, people, api):
    member = add_member(tree.branch_a1, "Nguyễn Văn An")
    client = api(people.own)
    url = f"/api/members/{member.pk}/"
    assert "(U+200B) ở vị trí 7" in refused(
        send(client, "patch", url, {"full_name": "Nguyễn\u200b An"}), "full_name"
    )
    message = refused(send(client, "patch", url, {"residence": "Số 5\nHà Nội"}), "residence")
    assert (
        message == "Trường «residence» chứa dấu xuống dòng (U+000A) ở vị trí 5; trường này chỉ nhận một dòng."
    )
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn An"
    assert send(client, "patch", url, {"full_name": NFD_NAME}).status_code == 200
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Thị Hòa"


def test_a_transfer_request_refuses_an_invisible_character_but_keeps_the_lines_of_its_reason(
    tree, people, api
):
    an = add_member(tree.branch_a1, "Nguyễn Thị An")
    client = api(people.own)
    bad = send(
        client, "post", "/api/transfers/", {"member": an.pk, "to_unit": "CA2", "reason": "Đi\u2066 làm"}
    )
    assert "(U+2066) ở vị trí 3" in refused(bad, "reason")
    good = send(
        client, "post", "/api/transfers/", {"member": an.pk, "to_unit": "CA2", "reason": "Đi làm\nở xa"}
    )
    assert good.status_code == 201, good.content
    assert Transfer.objects.get().reason == "Đi làm\nở xa"


@pytest.mark.usefixtures("catalogue", "media")
def test_an_activity_refuses_a_control_character_in_its_title_and_a_co_organiser_code(tree, people, api):
    client = api(people.own)
    title = refused(
        send(client, "post", "/api/activities/", {**NEW_ACTIVITY, "title": "Ra quân\x1b"}), "title"
    )
    assert "(U+001B) ở vị trí 8" in title
    codes = send(client, "post", "/api/activities/", {**NEW_ACTIVITY, "co_organisers": ["CA2", "\ufeffXA"]})
    assert "(U+FEFF) ở vị trí 1" in refused(codes, "co_organisers")
    assert not Activity.objects.exists()
    created = send(
        client, "post", "/api/activities/", {**NEW_ACTIVITY, "title": NFD_NAME, "description": "a\n\tb"}
    )
    assert created.status_code == 201, created.content
    activity = Activity.objects.get()
    assert (activity.title, activity.description) == ("Nguyễn Thị Hòa", "a\n\tb")


def _schemas(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in typing.get_args(annotation) for found in _schemas(arg)]


def test_every_request_body_and_form_of_the_api_derives_from_the_cleaning_schema():
    checked = []
    for _prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                if operation.methods == ["GET"]:
                    continue
                for model in operation.signature.models:
                    if model.__ninja_param_source__ in ("path", "file"):
                        continue
                    for name, field in model.model_fields.items():
                        schemas = _schemas(field.annotation)
                        assert schemas, f"{operation.methods} {path}: {name} is not a schema"
                        pending = list(schemas)
                        while pending:  # the schemas inside a schema (a criteria set's criteria…) too
                            schema = pending.pop()
                            assert issubclass(schema, InSchema), f"{path}: {schema.__name__}"
                            checked.append(schema)
                            pending += [
                                s for f in schema.model_fields.values() for s in _schemas(f.annotation)
                            ]
    assert len(set(checked)) >= 28
