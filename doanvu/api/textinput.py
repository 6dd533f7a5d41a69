"""The base of every request schema of the API: each string it receives, at any depth (in lists and in
dicts too), is cleaned by doanvu.lib.cleantext, the same rules as the forms (docs/architecture.md,
"Clean text"). A refused character gives the API's 422 answer, {"errors": {field: [message]}}, naming the
field, the character and its position.

Fields are one line unless typed `MultiLine` (notes, comments, reasons, descriptions), where line breaks
and tabs are kept. Response schemas do not derive from it: what is stored is shown as it is.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from doanvu.lib import cleantext


class _MultiLineMarker:
    """Marks a string field where line breaks are allowed."""


MultiLine = Annotated[str, _MultiLineMarker()]


def _is_multiline(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Annotated:
        if any(isinstance(item, _MultiLineMarker) for item in annotation.__metadata__):
            return True
    return any(_is_multiline(arg) for arg in typing.get_args(annotation))


def _clean(value: Any, *, multiline: bool, field: str) -> Any:
    if isinstance(value, str):
        return cleantext.clean(value, multiline=multiline, field=field)
    if isinstance(value, list):
        return [_clean(item, multiline=multiline, field=field) for item in value]
    if isinstance(value, dict):
        return {
            _clean(key, multiline=False, field=field): _clean(item, multiline=multiline, field=field)
            for key, item in value.items()
        }
    return value  # numbers, dates, and nested schemas (cleaned by their own validator)


class InSchema(Schema):
    """A request schema: every string cleaned, or a 422 naming the field."""

    @field_validator("*", mode="after")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or isinstance(value, int | float | BaseModel):
            return value
        field = cls.model_fields[info.field_name]
        multiline = any(isinstance(item, _MultiLineMarker) for item in field.metadata) or _is_multiline(
            field.annotation
        )
        try:
            return _clean(value, multiline=multiline, field=info.field_name)
        except cleantext.UncleanText as error:
            raise PydanticCustomError("unclean_text", str(error)) from None
