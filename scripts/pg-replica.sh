#!/usr/bin/env bash
# A throw-away streaming replica of a local PostgreSQL cluster, for the replica tests.
# See docs/scale.md, "Testing with a real replica".
#
#   scripts/pg-replica.sh start postgres://postgres@127.0.0.1:5432/test   → prints "PORT FOLDER"
#   scripts/pg-replica.sh stop FOLDER
#   scripts/pg-replica.sh down FOLDER | up FOLDER     (stop the server and start it again, keeping its copy)
#
# start: lets the cluster accept replication connections from 127.0.0.1 (one line added to its pg_hba.conf,
# once, and the configuration reloaded), copies the whole cluster with pg_basebackup into a new folder under
# /tmp, and starts it with pg_ctl on a free port as a hot standby streaming from the cluster. The server runs
# as the user postgres when this runs as root (root cannot run PostgreSQL). stop: stops it and removes the
# folder. The URL names a superuser of the cluster on this machine (its database part is not used).
set -euo pipefail

HBA_LINE="host replication all 127.0.0.1/32 trust"
PREFIX=/tmp/doanvu-replica.

die() { echo "pg-replica: $*" >&2; exit 1; }

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() { # the server programs of the cluster's major version
  local major="$1"
  for dir in "/usr/lib/postgresql/$major/bin" "$(pg_config --bindir 2>/dev/null || true)"; do
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  dirname "$(command -v pg_ctl || die "pg_ctl not found (apt-get install postgresql-$major)")"
}

sql() { psql "$PRIMARY" -XAtqc "$1"; }

can_replicate() { # a replication connection from 127.0.0.1 is accepted
  psql "host=127.0.0.1 port=$PORT user=$USER_NAME dbname=postgres replication=true connect_timeout=3" \
    -XAtqc "IDENTIFY_SYSTEM" >/dev/null 2>&1
}

allow_replication() {
  can_replicate && return 0
  local hba
  hba="$(sql "SHOW hba_file")"
  [ -w "$hba" ] || die "cannot write $hba: add the line '$HBA_LINE' to it and reload PostgreSQL"
  (
    flock 9
    if ! grep -qxF "$HBA_LINE" "$hba"; then
      # First in the file: the first line that matches a connection decides.
      { echo "# doanvu tests: streaming replicas started by scripts/pg-replica.sh"; echo "$HBA_LINE";
        cat "$hba"; } >"$hba.doanvu-new"
      cat "$hba.doanvu-new" >"$hba" && rm -f "$hba.doanvu-new"
    fi
  ) 9>"$hba.doanvu-lock"
  rm -f "$hba.doanvu-lock"
  sql "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 50); do can_replicate && return 0; sleep 0.1; done
  die "the cluster still refuses replication connections from 127.0.0.1 (see $hba)"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  PRIMARY="$1"
  command -v psql >/dev/null && command -v pg_basebackup >/dev/null ||
    die "psql and pg_basebackup are needed (apt-get install postgresql-client)"
  local info
  info="$(sql "SELECT current_user, current_setting('port'), current_setting('server_version_num')")" ||
    die "cannot reach $PRIMARY"
  IFS='|' read -r USER_NAME PORT VERSION <<<"$info"
  BIN="$(bin_dir "$((VERSION / 10000))")"
  allow_replication

  local port
  FOLDER="$(mktemp -d "${PREFIX}XXXXXX")"
  DATA="$FOLDER/data"
  [ "$(id -u)" = 0 ] && chown postgres: "$FOLDER"
  chmod 700 "$FOLDER"
  # Whatever fails from here leaves nothing running and nothing behind.
  trap 'as_server_user "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$FOLDER"' EXIT
  # A fast checkpoint: the copy starts at once instead of waiting for the cluster's next one.
  as_server_user pg_basebackup -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -D "$DATA" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast --no-sync
  port="$(free_port)"
  # A hot standby must allow at least as many connections, workers and locks as its primary.
  local limits
  limits="$(sql "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings WHERE name IN
    ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
     'max_locks_per_transaction')")"
  # Appended last, so these win over whatever the copied postgresql.auto.conf says.
  as_server_user tee -a "$DATA/postgresql.auto.conf" >/dev/null <<CONF
$limits
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$FOLDER'
hot_standby = on
shared_buffers = 32MB
fsync = off
hba_file = '$DATA/pg_hba.conf'
ident_file = '$DATA/pg_ident.conf'
CONF
  as_server_user tee "$DATA/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
  # Debian keeps the configuration outside the data folder: the copy has none of its own.
  as_server_user touch "$DATA/pg_ident.conf" "$DATA/postgresql.conf"
  as_server_user "$BIN/pg_ctl" -D "$DATA" -l "$FOLDER/server.log" -w -t 60 start >/dev/null ||
    { cat "$FOLDER/server.log" >&2; false; }
  for _ in $(seq 100); do
    streaming="$(psql "host=127.0.0.1 port=$port user=$USER_NAME dbname=postgres" -XAtqc \
      "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null || true)"
    [ "$streaming" = 1 ] && { trap - EXIT; echo "$port $FOLDER"; return 0; }
    sleep 0.1
  done
  cat "$FOLDER/server.log" >&2
  die "the replica started but does not stream from the cluster"
}

replica_bin() { # FOLDER: pg_ctl's folder for the version of that copy
  case "$1" in "$PREFIX"*) ;; *) die "not a replica folder of this script: $1" ;; esac
  bin_dir "$(cut -d. -f1 "$1/data/PG_VERSION" 2>/dev/null || echo 0)"
}

stop() {
  local bin
  bin="$(replica_bin "$1")"
  [ -d "$1" ] || return 0
  as_server_user "$bin/pg_ctl" -D "$1/data" -m fast -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$1"
}

down() {
  local bin
  bin="$(replica_bin "$1")"
  as_server_user "$bin/pg_ctl" -D "$1/data" -m fast -t 30 stop >/dev/null
}

up() {
  local bin
  bin="$(replica_bin "$1")"
  as_server_user "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 start >/dev/null
}

case "${1:-}" in
  start) [ $# = 2 ] || die "usage: $0 start POSTGRES_URL"; start "$2" ;;
  stop | down | up) [ $# = 2 ] || die "usage: $0 $1 FOLDER"; "$1" "$2" ;;
  *) die "usage: $0 start POSTGRES_URL | stop FOLDER | down FOLDER | up FOLDER" ;;
esac
