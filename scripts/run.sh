#!/usr/bin/env bash
# `make run`: migrate the embedded database, load the demo province once, serve on http://HOST:PORT.
set -euo pipefail
host="${1:-127.0.0.1}"
port="${2:-8000}"
export DOANVU_DATA_DIR="${DOANVU_DATA_DIR:-$PWD/var}"
mkdir -p "$DOANVU_DATA_DIR"
if [ -z "${SECRET_KEY:-}" ] && [ ! -s "$DOANVU_DATA_DIR/secret_key" ]; then
  .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$DOANVU_DATA_DIR/secret_key"
  chmod 600 "$DOANVU_DATA_DIR/secret_key"
fi
# A laptop demo is served over plain http: no https redirect, cookies not limited to https.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-False}"
export SECURE_COOKIES="${SECURE_COOKIES:-False}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,$host}"

.venv/bin/doanvu migrate --no-input -v 0
.venv/bin/doanvu seed_demo --if-empty
.venv/bin/doanvu collectstatic --no-input -v 0

cat <<TXT

  doanvu đang chạy tại / is running at:  http://$host:$port/

  Tài khoản demo (mật khẩu: doanvu-demo)
    tinhdoan   Cập nhật  · Tỉnh đoàn Trà Vinh
    huyendoan  Cập nhật  · Huyện đoàn Càng Long
    doankhoi   Phê duyệt · Đoàn Khối các cơ quan và doanh nghiệp tỉnh
    chidoan    Cập nhật  · Chi đoàn Sở Khoa học và Công nghệ
    xem        Chỉ xem   · Tỉnh đoàn Trà Vinh
    admin      Quản trị hệ thống

TXT
exec .venv/bin/waitress-serve --host="$host" --port="$port" --threads=8 doanvu.wsgi:application
