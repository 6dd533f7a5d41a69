"""The public pages of member accounts: activation with a one-time code, and the password reset by e-mail
(Django's views, in the site's layout and in Vietnamese)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from doanvu.accounts import member_accounts
from doanvu.accounts.backends import PATH as OFFICER_BACKEND
from doanvu.members.validation import errors_of
from doanvu.portal.forms import ActivationForm, MemberPasswordResetForm


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def activate(request):
    form = ActivationForm(request.POST or None, initial={"code": request.GET.get("ma", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user = member_accounts.activate(
                code=form.cleaned_data["code"],
                second=form.cleaned_data["second"],
                password=form.cleaned_data["password"],
                address=_address(request),
            )
        except ValidationError as error:
            for field, message in errors_of(error):
                form.add_error(field if field in form.fields else None, message)
        else:
            login(request, user, backend=OFFICER_BACKEND)
            messages.success(
                request,
                _("Đã đặt mật khẩu. Lần sau hãy đăng nhập bằng tên “%(user)s” và mật khẩu vừa đặt.")
                % {"user": user.get_username()},
            )
            return redirect("portal:home")
    status = (
        429 if form.errors and member_accounts.throttled(_address(request)) else (422 if form.errors else 200)
    )
    return render(request, "portal/activate.html", {"form": form}, status=status)


class PasswordReset(auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if not member_accounts.reset_asked(_address(self.request)):
            form.add_error(
                None,
                _("Đã có quá nhiều yêu cầu đặt lại mật khẩu từ máy này. Hãy thử lại sau %(n)s phút.")
                % {"n": member_accounts.THROTTLE_WINDOW_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        member_accounts.password_reset_logged(user=form.user)
        return response


def password_reset_done(request):
    return render(request, "registration/password_reset_done.html")


def password_reset_complete(request):
    return render(request, "registration/password_reset_complete.html")
