"""One error shape for the whole API, in Vietnamese.

422 {"errors": {field: [messages]}} for bad input (from the services' ValidationError or from parsing the
request), 403/404/401 {"detail": message}.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


def _django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


def _parse_message(error: dict) -> str:
    """Pydantic's message for one field, said in Vietnamese for the cases a caller meets."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("Thiếu trường này.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Ngày không hợp lệ; hãy viết dạng YYYY-MM-DD (ví dụ 2020-12-15).")
    if kind == "enum" or kind == "literal_error":
        return _("Giá trị không hợp lệ; chọn một trong: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("int"):
        return _("Phải là một số nguyên.")
    if kind.startswith("bool"):
        return _("Phải là true hoặc false.")
    if kind.startswith("string_type"):
        return _("Phải là chuỗi ký tự.")
    if kind == "string_too_long":
        return _("Dài tối đa %(n)s ký tự.") % {"n": ctx.get("max_length")}
    if kind == "greater_than_equal":
        return _("Phải lớn hơn hoặc bằng %(n)s.") % {"n": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Phải nhỏ hơn hoặc bằng %(n)s.") % {"n": ctx.get("le")}
    if kind == "json_invalid":
        return _("Nội dung gửi lên không phải JSON hợp lệ.")
    return error.get("msg", _("Giá trị không hợp lệ."))


def _parse_errors(error: NinjaValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in error.errors:
        # loc is ("body", "payload", "full_name") or ("query", "status"): the field is the last name in it.
        names = [str(part) for part in item.get("loc", ()) if isinstance(part, str)]
        field = names[-1] if len(names) > 1 and names[-1] != "payload" else NON_FIELD_ERRORS
        out.setdefault(field, []).append(_parse_message(item))
    return out


def install(api) -> None:
    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return api.create_response(request, {"errors": _django_errors(exc)}, status=422)

    @api.exception_handler(NinjaValidationError)
    def unparsable(request, exc):
        return api.create_response(request, {"errors": _parse_errors(exc)}, status=422)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(
            request, {"detail": _("Bạn không có quyền thực hiện thao tác này.")}, status=403
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # ninja raises 400 for a body it cannot read; our own HttpErrors carry a Vietnamese message.
        message = _("Không đọc được nội dung gửi lên; hãy gửi JSON.") if exc.status_code == 400 else str(exc)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = api.create_response(
            request,
            {"detail": _("Cần mã truy cập hợp lệ trong tiêu đề “Authorization: Bearer <mã>”.")},
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response


# What the API answers when Django, not the API, ends a request under /api/ (an unknown path, a request the
# site refuses before the API sees it, an unexpected failure): the same {"detail": message} shape.
SITE_ERRORS = {
    400: gettext_lazy("Yêu cầu không hợp lệ."),
    403: gettext_lazy("Bạn không có quyền thực hiện thao tác này."),
    404: gettext_lazy("Không tìm thấy."),
    500: gettext_lazy("Lỗi máy chủ; thao tác chưa được thực hiện."),
}


def site_error(status: int, reference: str = "") -> JsonResponse:
    """The API's answer for an error Django handles: {"detail": …}, with the error's reference for a 500."""
    body = {"detail": str(SITE_ERRORS[status])}
    if reference:
        body["detail"] += " " + _("Mã lỗi: %(ref)s — hãy báo mã này cho quản trị viên.") % {"ref": reference}
        body["reference"] = reference
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
