#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium (for the accessibility run).
# Playwright drives this system browser; we never download a browser build of our own.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "error: $CHROMIUM is missing and this script is not running as root." >&2
  echo "       Install Debian's chromium first: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

echo "chromium: not installed, installing Debian's package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
if [[ ! -x "$CHROMIUM" ]]; then
  echo "error: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo installed)"
