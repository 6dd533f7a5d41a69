#!/usr/bin/env bash
# `make run`: migrate the embedded database, load the demo province once, then serve on http://HOST:PORT
# with the background worker(s) beside the web server; Ctrl-C stops them all
# (docs/architecture.md, "Background jobs").
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
web_server="${WEB_SERVER:-gunicorn}"
job_workers="${JOB_WORKERS:-1}"

.venv/bin/doanvu migrate --no-input -v 0
.venv/bin/doanvu seed_demo --if-empty
# A database from before the rollups (or restored without them) gets them built once.
.venv/bin/doanvu rollup --if-missing
.venv/bin/doanvu collectstatic --no-input -v 0

cat <<TXT

  doanvu đang chạy tại / is running at:  http://$host:$port/
  ($web_server, $job_workers tiến trình xử lý nền / background worker(s); Ctrl-C để dừng / to stop)

  Tài khoản demo (mật khẩu: doanvu-demo)
    tinhdoan   Cập nhật  · Tỉnh đoàn Trà Vinh
    huyendoan  Cập nhật  · Huyện đoàn Càng Long
    doankhoi   Phê duyệt · Đoàn Khối các cơ quan và doanh nghiệp tỉnh
    chidoan    Cập nhật  · Chi đoàn Sở Khoa học và Công nghệ
    xem        Chỉ xem   · Tỉnh đoàn Trà Vinh
    admin      Quản trị hệ thống

TXT

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT

for _ in $(seq 1 "$job_workers"); do
  .venv/bin/doanvu db_worker --no-reload -v 0 &
  pids+=("$!")
done
if [ "$web_server" = "waitress" ]; then
  .venv/bin/waitress-serve --host="$host" --port="$port" --threads=8 doanvu.wsgi:application &
else
  BIND="$host:$port" .venv/bin/gunicorn -c scripts/gunicorn.conf.py doanvu.wsgi:application &
fi
pids+=("$!")
# Whichever stops first (the server, or a worker) stops the others.
wait -n || true
