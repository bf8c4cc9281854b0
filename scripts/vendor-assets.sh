#!/usr/bin/env bash
# Rebuild the vendored front-end assets from the npm registry (needs Node/npm).
# `make run` never needs this: the result is committed under middenveld/static/vendor/.
set -euo pipefail
STYLEGUIDE_VERSION="${STYLEGUIDE_VERSION:-5.1.6}"
HTMX_VERSION="${HTMX_VERSION:-2.0.4}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "gent_styleguide@${STYLEGUIDE_VERSION}" >/dev/null
npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null
mkdir gs htmx
tar xzf gent_styleguide-*.tgz -C gs
tar xzf htmx.org-*.tgz -C htmx

dest="$root/middenveld/static/vendor/gent_styleguide"
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/styleguide"
cp gs/package/build/css/main.css "$dest/css/main.css"
for dir in fonts googlefonts img; do
  cp -r "gs/package/build/styleguide/$dir" "$dest/styleguide/$dir"
done
cp gs/package/LICENSE "$dest/LICENSE"
cat > "$dest/NOTICE" <<NOTICE
gent_styleguide ${STYLEGUIDE_VERSION} — Styleguide Stad.Gent
Copyright (c) Stad Gent (Digipolis Gent). Licensed under the GNU GPL version 2 (see LICENSE).
Source: the npm package gent_styleguide, built CSS, fonts and images copied unchanged
by scripts/vendor-assets.sh. Fira Sans is licensed under the SIL Open Font License 1.1.
NOTICE

hdest="$root/middenveld/static/vendor/htmx"
rm -rf "$hdest"
mkdir -p "$hdest"
cp htmx/package/dist/htmx.min.js "$hdest/htmx.min.js"
cp htmx/package/LICENSE "$hdest/LICENSE"
echo "Vendored gent_styleguide ${STYLEGUIDE_VERSION} and htmx ${HTMX_VERSION}."
