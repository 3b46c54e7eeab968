#!/usr/bin/env bash
# Debian's Chromium (driven by playwright-core in the browser tests) and a CJK font so the map's
# Chinese labels render. Safe to run repeatedly: apt runs only when something is missing.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-browser: chromium and fonts-noto-cjk already installed; nothing to do"
  exit 0
fi
echo "install-browser: apt-get install ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
chromium --version
