#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium through Playwright. Install it if missing and we may.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "${CI:-}" = "true" ]; then echo "chromium is required under CI=true" >&2; exit 1; fi
  echo "NOTICE: /usr/bin/chromium missing — browser tests will be SKIPPED."
fi
exit 0
