#!/usr/bin/env bash
# A private MariaDB for tests, the demo and benchmarks: its own datadir, socket and loopback port;
# no system service or config (/etc/mysql) is touched.
#
#   scripts/mariadb.sh start DIR      start (initialising DIR on first use); prints the env to export
#   scripts/mariadb.sh stop DIR       stop the server of DIR
#   scripts/mariadb.sh run CMD...     fresh throw-away instance under /tmp, run CMD with ACO_DB_* set,
#                                     stop and delete it; exits with CMD's status
#
# Env: ACO_DB_PORT (default: first free port from 33061), ACO_DB_BUFFER_POOL (default 256M).
# Clients connect with: mariadb --socket="$ACO_DB_SOCKET" -uroot "$ACO_DB_NAME"
#   or PDO "mysql:unix_socket=$ACO_DB_SOCKET;dbname=$ACO_DB_NAME", user root, empty password.
set -euo pipefail
shopt -s inherit_errexit   # a failing $(...) inside start() must stop start()

die() { echo "mariadb: $*" >&2; exit 1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$1/mariadbd.pid" ] && kill -0 "$(cat "$1/mariadbd.pid")" 2>/dev/null; }

pick_port() {
  if [ -n "${ACO_DB_PORT:-}" ]; then
    port_busy "$ACO_DB_PORT" && die "port $ACO_DB_PORT on 127.0.0.1 is already in use; set ACO_DB_PORT to a free port"
    echo "$ACO_DB_PORT"; return
  fi
  for p in $(seq 33061 33160); do port_busy "$p" || { echo "$p"; return; }; done
  die "no free port in 33061-33160 on 127.0.0.1; set ACO_DB_PORT"
}

start() {
  local dir=$1
  command -v mariadbd >/dev/null 2>&1 || die "mariadbd not found: install mariadb-server (make deps)"
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  alive "$dir" && die "a server is already running on $dir (pid $(cat "$dir/mariadbd.pid")); stop it with: scripts/mariadb.sh stop $dir"
  if [ -e "$dir/mariadbd.pid" ] || [ -e "$dir/sock" ]; then
    echo "mariadb: removing stale pid/socket files left in $dir by a server that is gone" >&2
    rm -f "$dir/mariadbd.pid" "$dir/sock" "$dir/sock.lock"
  fi
  if [ -d "$dir/data" ] && [ ! -d "$dir/data/mysql" ]; then
    die "$dir/data exists but is not a MariaDB datadir (no mysql/ inside); remove it or pick another DIR"
  fi
  if [ ! -d "$dir/data" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db --skip-name-resolve >"$dir/install.log" 2>&1 \
      || die "initialising $dir/data failed: $(tail -n 1 "$dir/install.log")"
  fi
  local port; port=$(pick_port)
  # its own temporary tables' directory: files in a shared /tmp can be swept by another process mid-query
  mkdir -p "$dir/tmp"
  local user_opt=(); [ "$(id -u)" -eq 0 ] && user_opt=(--user=root)
  # setsid: the server must not get the caller's terminal signals (Ctrl-C of a test run stops it via trap).
  setsid mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" --tmpdir="$dir/tmp" \
    --innodb-buffer-pool-size="${ACO_DB_BUFFER_POOL:-256M}" --innodb-flush-log-at-trx-commit=2 \
    --skip-log-bin --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    "${user_opt[@]}" </dev/null >/dev/null 2>&1 &
  local pid=$! i
  for i in $(seq 1 300); do
    mariadb --no-defaults -uroot --socket="$dir/sock" -e 'select 1' >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "server exited during start-up: $(grep -i error "$dir/error.log" | tail -n 1)"
    sleep 0.2
  done
  [ "$i" -lt 300 ] || { kill "$pid" 2>/dev/null; die "server did not become ready within 60 s (see $dir/error.log)"; }
  mariadb --no-defaults -uroot --socket="$dir/sock" -e 'CREATE DATABASE IF NOT EXISTS magento CHARACTER SET utf8mb4'
  cat >"$dir/env" <<ENV
export ACO_DB_SOCKET=$dir/sock
export ACO_DB_PORT=$port
export ACO_DB_HOST=127.0.0.1
export ACO_DB_USER=root
export ACO_DB_PASSWORD=
export ACO_DB_NAME=magento
ENV
  cat "$dir/env"
}

stop() {
  local dir=$1
  alive "$dir" || { echo "mariadb: no server running on $dir" >&2; return 0; }
  local pid; pid=$(cat "$dir/mariadbd.pid")
  mariadb-admin --no-defaults -uroot --socket="$dir/sock" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

run() {
  [ $# -gt 0 ] || die "usage: scripts/mariadb.sh run CMD..."
  # Under /tmp: the socket path must stay short (108 bytes), wherever the checkout lives.
  run_dir=$(mktemp -d "${TMPDIR:-/tmp}/aco-mariadb.XXXXXX")
  trap 'stop "$run_dir" 2>/dev/null; rm -rf "$run_dir"' EXIT
  trap 'exit 130' INT TERM
  local dir=$run_dir
  local env; env=$(start "$dir")
  eval "$env"
  local rc=0
  "$@" || rc=$?
  return $rc
}

case "${1:-}" in
  start) [ $# -eq 2 ] || die "usage: scripts/mariadb.sh start DIR"; start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: scripts/mariadb.sh stop DIR"; stop "$2" ;;
  run) shift; run "$@" ;;
  *) die "usage: scripts/mariadb.sh start DIR | stop DIR | run CMD..." ;;
esac
