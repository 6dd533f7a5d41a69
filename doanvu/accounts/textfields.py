"""Every text a form receives is cleaned by doanvu.lib.cleantext, without each form remembering to.

`install()`, called once from AccountsConfig.ready(), wraps `django.forms.CharField.to_python`: every
CharField of every form (ours, the admin's, the login form's; EmailField, SlugField and the other
CharFields too) returns NFC text, and refuses a control, bidirectional or zero-width character with a
Vietnamese message naming the field, the character and its position. A field drawn as a Textarea is
multi-line (line breaks and tabs kept); any other is one line (a tab becomes a space, a line break is
refused). Passwords are left as typed: they are never shown or exported, and normalising them would lock
out a password set before. See docs/architecture.md, "Clean text".
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from doanvu.lib import cleantext

_ORIGINAL = forms.CharField.to_python


def clean_field_text(field: forms.Field, value):
    """The value a form field gives, cleaned (see the module's text); ValidationError if not accepted."""
    if not isinstance(value, str) or not value or isinstance(field.widget, forms.PasswordInput):
        return value
    try:
        return cleantext.clean(
            value, multiline=isinstance(field.widget, forms.Textarea), field=str(field.label or "")
        )
    except cleantext.UncleanText as error:
        raise ValidationError(str(error), code="unclean_text") from None


def _to_python(self, value):
    return clean_field_text(self, _ORIGINAL(self, value))


def install() -> None:
    """Clean the text of every form's CharField from now on (idempotent)."""
    forms.CharField.to_python = _to_python
