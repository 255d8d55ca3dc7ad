#!/usr/bin/env bash
# Installs the Debian 12 packages the build, tests and demo need — only those missing, so it is
# idempotent and fast on a machine that has them. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  php8.2-cli php8.2-dev php8.2-mysql php8.2-curl php8.2-xml php8.2-mbstring
  libclang-dev clang phpunit composer php-symfony-console mariadb-server
  # the limits bench's plots (benches/limits-plot.py)
  python3-matplotlib
  # a real Magento for the real-Magento suite (make test-magento): its PHP extensions and zstd archives
  php8.2-bcmath php8.2-gd php8.2-intl php8.2-soap php8.2-xsl php8.2-zip zstd
  # its admin pages in a real browser
  chromium chromium-driver
  # PHP 8.4 for the test matrix, in a Debian 13 root beside the host's PHP 8.2 (scripts/php84.sh)
  debootstrap
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "install-deps: cargo not found: install Rust with rustup (Debian's own rustc is too old for ext-php-rs)" >&2
  exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
    echo "install-deps: missing packages (${missing[*]}); run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
else
  sudo=
fi

echo "install-deps: installing ${missing[*]}"
# Keep package scripts from starting a system MariaDB: tests run their own private instance.
policy_added=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  policy_added=1
fi
trap '[ -n "$policy_added" ] && $sudo rm -f /usr/sbin/policy-rc.d' EXIT
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
