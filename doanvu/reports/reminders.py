"""Reminders to subunits that have not sent a report: the write (docs/domain.md, "Submission and approval").

An officer with EDIT at the upper unit reminds one unit under it that a form asks for the period's report
and that has not sent it (missing, not yet due, or returned and not sent again). The unit's officers
(editors and approvers) get an e-mail when they have an address — through Django's e-mail backend: the
console unless an SMTP server is configured (settings.EMAIL_HOST). Each reminder is written to the audit
log; a unit is reminded of a period's report at most once a day.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.accounts.models import AuditEntry
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit

from .completeness import REMIND, completeness
from .models import ReportForm

ACTION = "report.remind"


def reminded_today(*, unit: OrgUnit, period: Period, today: datetime.date) -> AuditEntry | None:
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return (
        AuditEntry.objects.filter(action=ACTION, unit=unit, data__period=period.code, at__gte=start)
        .order_by("-at")
        .first()
    )


def report_remind(*, upper: OrgUnit, unit: OrgUnit, form: ReportForm, period: Period, by) -> int:
    """Remind `unit` (under `upper`) to send its report of `period` on `form`; returns how many e-mails
    went out (0 when none of its officers has an address: the reminder is still logged, and the page
    shows it). Refused when the unit has sent the report or was reminded today."""
    scope.check(by, upper, scope.EDIT)
    today = timezone.localdate()
    result = completeness(unit=upper, form=form, period=period, today=today)
    row = next((r for r in result.rows if r.unit.pk == unit.pk), None)
    if row is None:
        raise Http404  # not a unit this form asks under `upper`
    if row.status not in REMIND:
        raise ValidationError(
            _("%(unit)s đã gửi báo cáo %(period)s («%(status)s»); không cần nhắc.")
            % {"unit": unit.name, "period": period.label, "status": row.label}
        )
    earlier = reminded_today(unit=unit, period=period, today=today)
    if earlier is not None:
        raise ValidationError(
            _("Hôm nay đã nhắc %(unit)s gửi báo cáo %(period)s lúc %(time)s; mỗi ngày chỉ nhắc một lần.")
            % {
                "unit": unit.name,
                "period": period.label,
                "time": timezone.localtime(earlier.at).strftime("%H:%M"),
            }
        )
    emails = sorted({o["email"] for o in row.officers if o["email"]})
    if emails:
        link = settings.SITE_URL.rstrip("/") + reverse("reports:submission", args=[unit.code])
        send_mail(
            _("Nhắc gửi báo cáo %(period)s") % {"period": period.label},
            _(
                "%(upper)s đề nghị %(unit)s gửi báo cáo %(period)s theo biểu mẫu «%(form)s», hạn nộp "
                "%(deadline)s. Tình trạng hiện tại: %(status)s.\n\nGửi báo cáo tại: %(link)s?period=%(code)s"
            )
            % {
                "upper": upper.name,
                "unit": unit.name,
                "period": period.label,
                "form": form.name,
                "deadline": result.deadline.strftime("%d/%m/%Y"),
                "status": row.label.lower(),
                "link": link,
                "code": period.code,
            },
            None,
            emails,
        )
    audit_log(
        actor=by,
        action="report.remind",
        unit=unit,
        summary=_("%(upper)s nhắc gửi báo cáo %(period)s") % {"upper": upper.name, "period": period.label},
        data={"period": period.code, "form": form.pk, "upper": upper.code, "emails": emails},
    )
    return len(emails)
