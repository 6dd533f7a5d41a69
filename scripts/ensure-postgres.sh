#!/usr/bin/env bash
# Exit 0 when the PostgreSQL server behind $1 answers; try to start a local cluster once if it does not.
set -u
url="$1"
probe() { .venv/bin/python - "$url" <<'PY'
import sys
import psycopg
from psycopg import sql
url = sys.argv[1].replace("postgres://", "postgresql://", 1)
try:
    psycopg.connect(url, connect_timeout=3).close()
except psycopg.OperationalError as exc:
    # The server answers but the database is not there yet: create it from the maintenance database.
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.get("dbname")
    if not name or "does not exist" not in str(exc):
        print(f"PostgreSQL: {exc}", file=sys.stderr)
        sys.exit(1)
    try:
        with psycopg.connect(**{**info, "dbname": "postgres"}, connect_timeout=3, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"PostgreSQL: created the database {name}.", file=sys.stderr)
    except Exception as exc2:  # noqa: BLE001
        print(f"PostgreSQL: {exc2}", file=sys.stderr)
        sys.exit(1)
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}
probe 2>/dev/null && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "Starting the local PostgreSQL cluster…"
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do probe 2>/dev/null && exit 0; sleep 1; done
fi
probe
