"""Every form of the site cleans the text it receives (docs/architecture.md, "Clean text"): composed
letters, no invisible characters, a message naming the field, the character and where it is."""

import importlib
import inspect
import pkgutil
import unicodedata

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse

import doanvu
from doanvu.members.forms import MemberAdmitForm, TransferForm
from doanvu.members.models import Member
from doanvu.org.forms import RenameForm
from doanvu.work.forms import ActivityForm

from .test_members_views import form_data

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined under doanvu/ (forms.py, views, *_forms.py, the ones built by a factory)."""
    for module in pkgutil.walk_packages(doanvu.__path__, "doanvu."):
        if ".migrations" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found = []
    pending = [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("doanvu."):
                found.append(subclass)
    return found


def text_fields(form_class) -> list[tuple[str, forms.CharField]]:
    return [
        (name, field)
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.JSONField)
        and not isinstance(field.widget, forms.PasswordInput)
    ]


def test_the_walk_finds_the_forms_of_every_app():
    modules = {form.__module__.split(".")[1] for form in project_forms()}
    assert {"accounts", "org", "members", "work", "reports", "evaluation"} <= modules
    assert len(project_forms()) >= 50


def test_every_text_field_of_every_form_refuses_invisible_characters_and_composes_letters():
    checked = 0
    for form_class in project_forms():
        for name, field in text_fields(form_class):
            where = f"{form_class.__module__}.{form_class.__name__}.{name}"
            for bad in ("A\u202eB", "A\x00B", "A\u200bB"):
                with pytest.raises(ValidationError) as error:
                    field.clean(bad)
                assert error.value.code == "unclean_text", where
                assert "ở vị trí 2; hãy gõ lại." in error.value.messages[0], where
            assert field.to_python(NFD_NAME) == "Nguyễn Thị Hòa", where
            checked += 1
    assert checked >= 60


def test_every_visible_text_field_has_a_label_so_that_a_refusal_names_it():
    unnamed = [
        f"{form_class.__name__}.{name}"
        for form_class in project_forms()
        for name, field in text_fields(form_class)
        if not field.label and not field.widget.is_hidden
    ]
    assert unnamed == []


def test_a_refusal_is_shown_against_the_field_and_names_it(db):
    form = MemberAdmitForm({"full_name": "Nguy\u202eễn An", "hometown": "Hà\x00 Nội", "gender": "male"})
    assert not form.is_valid()
    assert form.errors["full_name"] == [
        "Trường «Họ và tên» chứa ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5; hãy gõ lại."
    ]
    assert form.errors["hometown"] == [
        "Trường «Quê quán» chứa ký tự điều khiển vô hình (U+0000) ở vị trí 3; hãy gõ lại."
    ]


def test_a_decomposed_name_arrives_composed_in_real_forms(db):
    member = MemberAdmitForm({"full_name": NFD_NAME, "gender": "female"})
    assert member.is_valid(), member.errors
    assert member.cleaned_data["full_name"] == "Nguyễn Thị Hòa"
    rename = RenameForm({"on": "2025-01-01", "name": NFD_NAME, "reason": "Quyết định số 5"})
    assert rename.is_valid(), rename.errors
    assert rename.cleaned_data["name"] == "Nguyễn Thị Hòa"


def test_a_multi_line_field_keeps_its_lines_and_a_one_line_field_refuses_them(db):
    rename = RenameForm({"on": "2025-01-01", "name": "Chi đoàn\u200b A1", "reason": "Dòng 1\r\nDòng 2"})
    assert not rename.is_valid()
    assert rename.errors["name"] == [
        "Trường «Tên mới» chứa ký tự vô hình không có độ rộng (U+200B) ở vị trí 9; hãy gõ lại."
    ]
    assert "reason" not in rename.errors and rename.cleaned_data["reason"] == "Dòng 1\r\nDòng 2"
    transfer = TransferForm({"to_unit": "CA2", "requested_on": "2025-01-01", "reason": "Đi làm\n\u202exa"})
    assert not transfer.is_valid()
    assert "Trường «Lý do chuyển» chứa ký tự đảo hướng chữ vô hình (U+202E)" in transfer.errors["reason"][0]
    activity = ActivityForm({"title": "Ra quân\nhè", "description": "Nội dung\n\tchi tiết"})
    assert not activity.is_valid()
    assert activity.errors["title"] == [
        "Trường «Tên hoạt động» chứa dấu xuống dòng (U+000A) ở vị trí 8; trường này chỉ nhận một dòng."
    ]
    assert "description" not in activity.errors


def test_the_member_page_refuses_a_hidden_character_in_a_name_and_writes_nothing(tree, people, login):
    response = login(people.own).post(
        reverse("members:create") + "?unit=CA1", form_data(full_name="Phạm\u202e Thị Mới")
    )
    assert response.status_code == 200 and not Member.objects.exists()
    assert "Trường «Họ và tên» chứa ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5" in response.text


def test_the_member_page_stores_a_decomposed_name_composed(tree, people, login):
    login(people.own).post(reverse("members:create") + "?unit=CA1", form_data(full_name=NFD_NAME))
    assert Member.objects.get().full_name == "Nguyễn Thị Hòa"


def test_the_login_form_answers_a_nul_byte_with_a_message_not_a_crash(client, people):
    response = client.post(reverse("login"), {"username": "own\x00", "password": "x\x00y"})
    assert response.status_code == 200
    assert "chứa ký tự điều khiển vô hình (U+0000) ở vị trí 4" in response.text
    assert not AuthenticationForm(None, {"username": "own\x00", "password": "x"}).is_valid()


def test_passwords_are_left_as_typed(db):
    password = AuthenticationForm.base_fields["password"]
    assert password.clean(NFD_NAME) == NFD_NAME


def test_the_walk_includes_the_member_forms_built_by_a_factory_and_the_model_forms(db):
    # The walk looks at classes; a form module the walk could not import would hide its forms.
    names = {f"{form.__module__}.{form.__name__}" for form in project_forms()}
    assert "doanvu.members.forms.MemberForm" in names
    assert any(inspect.isclass(form) and issubclass(form, forms.ModelForm) for form in project_forms())


def test_the_member_service_itself_refuses_an_invisible_character_whatever_the_way_in(tree, people):
    from doanvu.members import services

    with pytest.raises(ValidationError) as error:
        services.member_admit(
            unit=tree.branch_a1,
            data={
                "full_name": "Lê\u202e Văn Tám",
                "gender": "male",
                "date_of_birth": "2000-01-01",
                "joined_on": "2016-03-26",
            },
            by=people.own,
        )
    assert error.value.message_dict["full_name"] == [
        "Trường «Họ và tên» chứa ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 3; hãy gõ lại."
    ]
    assert not Member.objects.exists()
