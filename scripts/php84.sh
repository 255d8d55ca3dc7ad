#!/usr/bin/env bash
# PHP 8.4 beside the host's PHP 8.2: a Debian 13 (trixie) root made with debootstrap, with PHP 8.4 and what
# building the extension and running Magento need. The host's packages are not touched.
#
#   scripts/php84.sh setup        make the root (first time ~3 min; afterwards it is checked in a second)
#   scripts/php84.sh run CMD...   run CMD in it, in the current directory, with the host's environment
#   scripts/php84.sh build DIR    setup, then the extension built against PHP 8.4 into the cargo target DIR
#                                 (DIR/release/libaco_connector.so), with PHP and PHP_CONFIG as ext/'s phpize
#                                 build gives them to ext-php-rs, so the two share one cache
#
# The root lives in $ACO_PHP84_ROOT (default ~/.cache/aco-connector/php8.4-trixie), kept between runs. CMD sees
# the host's /tmp (private MariaDB sockets), /dev, this project, the Rust toolchain (CARGO_HOME, RUSTUP_HOME)
# and the Magento cache (ACO_MAGENTO_CACHE) at their host paths, bound into a private mount namespace that
# ends with CMD. Inside, `php` is PHP 8.4 and `phpunit` trixie's PHPUnit 11. Needs root.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "php84: $*" >&2; exit 1; }
cache=${XDG_CACHE_HOME:-$HOME/.cache}/aco-connector
root=${ACO_PHP84_ROOT:-$cache/php8.4-trixie}

packages=(
  php8.4-cli php8.4-dev php8.4-mysql php8.4-curl php8.4-xml php8.4-mbstring
  php8.4-bcmath php8.4-gd php8.4-intl php8.4-soap php8.4-xsl php8.4-zip phpunit
  # bin/aco's console (Symfony Console 6.4, as Magento 2.4.7+ ships)
  php-symfony-console
  # a private MariaDB (scripts/mariadb.sh) in the root, for the PHP suite: its crash suite restarts the database
  mariadb-server
  # building the extension against PHP 8.4's headers (bindgen needs libclang; rustc links with cc)
  gcc libc6-dev libclang-dev
  # the phpize path (ext/: phpize && ./configure && make && make install; scripts/test-install.sh)
  make
  # the real-Magento suite's admin pages in a browser
  chromium chromium-driver
)

# The Debian mirror the host's apt uses.
mirror() {
  local uri
  uri=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | grep -oE 'https?://[^ ]+' | head -n 1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

setup() {
  [ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot)"
  local stamp=$root/.aco-packages want
  want=$(printf '%s\n' "${packages[@]}")
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (make deps installs it)"
  local m; m=$(mirror)
  mkdir -p "$cache" "$(dirname "$root")"
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "php84: debootstrap trixie into $root (from $m)" >&2
    rm -rf "$root.tmp"
    debootstrap --variant=minbase trixie "$root.tmp" "$m" >"$cache/php84-debootstrap.log" 2>&1 \
      || die "debootstrap failed: $(tail -n 2 "$cache/php84-debootstrap.log" | tr '\n' ' ')"
    rm -rf "$root"; mv "$root.tmp" "$root"
  fi
  local security=${m%/debian*}/debian-security
  printf 'deb %s trixie main\ndeb %s trixie-updates main\ndeb %s trixie-security main\n' "$m" "$m" "$security" >"$root/etc/apt/sources.list"
  echo "php84: installing PHP 8.4 into $root" >&2
  # package scripts must not start services in the root
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
  (in_root env DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages[*]}" \
    >"$cache/php84-apt.log" 2>&1) || die "apt-get in the root failed: $(tail -n 2 "$cache/php84-apt.log" | tr '\n' ' ')"
  (in_root php8.4 -v >/dev/null) || die "php8.4 does not run in $root"
  echo "$want" >"$stamp"
}

# One setup or build at a time (parallel test lanes): the lock is held until the command ends.
locked() { exec 9>"$root.lock"; flock 9; "$@"; }

build() {
  setup
  (in_root sh -c 'PHP=$(php-config --php-binary) PHP_CONFIG=$(command -v php-config) exec "$@"' sh \
    env CARGO_TARGET_DIR="$1" cargo build --release -q --locked -p aco-connector --features php)
}

# CMD in the root, in a private mount namespace (the binds end with it); the working directory is kept.
in_root() { exec unshare --mount --propagation private -- "$0" _enter "$PWD" "$@"; }

# Inside that namespace: bind what CMD needs at the host's paths, then enter the root.
enter() {
  local dir=$1 b; shift
  local binds=("$here" /tmp "${CARGO_HOME:-$HOME/.cargo}" "${RUSTUP_HOME:-$HOME/.rustup}" "${ACO_MAGENTO_CACHE:-$cache/magento}")
  cp /etc/resolv.conf /etc/hosts "$root/etc/"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  for b in "${binds[@]}"; do
    [ -d "$b" ] || continue
    mkdir -p "$root$b"
    mount --bind "$b" "$root$b"
  done
  exec chroot "$root" /bin/sh -c 'cd "$1" 2>/dev/null || cd /; shift; exec "$@"' sh "$dir" "$@"
}

case "${1:-}" in
  setup) mkdir -p "$(dirname "$root")"; locked setup ;;
  build) [ $# -eq 2 ] || die "usage: scripts/php84.sh build TARGET_DIR"
    mkdir -p "$(dirname "$root")"; locked build "$2" ;;
  _enter) shift; enter "$@" ;;
  run) shift; [ $# -gt 0 ] || die "usage: scripts/php84.sh run CMD..."
    [ -f "$root/.aco-packages" ] || die "no PHP 8.4 root at $root: scripts/php84.sh setup"
    in_root "$@" ;;
  *) die "usage: scripts/php84.sh setup | build TARGET_DIR | run CMD..." ;;
esac
