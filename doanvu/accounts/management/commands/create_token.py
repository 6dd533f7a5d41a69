"""Issue an API token for a user and print it (the only time it is shown)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from doanvu.accounts import services


class Command(BaseCommand):
    help = _("Tạo mã truy cập API cho một tài khoản và in mã ra (chỉ một lần).")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("Tên đăng nhập của tài khoản"))
        parser.add_argument("--name", required=True, help=_("Tên của mã truy cập, để nhận ra sau này"))

    def handle(self, *args, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("Không có tài khoản “%(user)s”.") % {"user": username}) from None
        try:
            _token, raw = services.token_create(user=user, name=name)
        except PermissionDenied:
            raise CommandError(
                _("Tài khoản “%(user)s” chưa được phân công đơn vị nào: mã truy cập sẽ không thấy gì.")
                % {"user": username}
            ) from None
        except ValidationError as error:
            raise CommandError(" ".join(sum(error.message_dict.values(), []))) from None
        self.stdout.write(raw)
