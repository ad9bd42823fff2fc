#!/usr/bin/env bash
# Vendor axe-core (the accessibility engine the browser tests inject into each page).
#   bash scripts/vendor_axe.sh            # the pinned version below
#   AXE_VERSION=4.15.0 bash scripts/vendor_axe.sh   # to upgrade: then update tests/vendor/README.md
# Uses only the npm registry (`npm pack`); nothing is installed globally or into node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION="${AXE_VERSION:-4.14.1}"
DEST=tests/vendor
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "==> npm pack axe-core@${AXE_VERSION}"
( cd "$work" && npm pack --silent "axe-core@${AXE_VERSION}" >/dev/null )
tar -xzf "$work/axe-core-${AXE_VERSION}.tgz" -C "$work"
got="$(node -p "require('$work/package/package.json').version")"
licence="$(node -p "require('$work/package/package.json').license")"
[ "$got" = "$AXE_VERSION" ] || { echo "expected axe-core $AXE_VERSION, got $got" >&2; exit 1; }
[ "$licence" = "MPL-2.0" ] || { echo "axe-core licence changed to $licence: review before vendoring" >&2; exit 1; }

mkdir -p "$DEST"
cp "$work/package/axe.min.js" "$DEST/axe.min.js"
cp "$work/package/LICENSE" "$DEST/axe-core.LICENSE"
printf '%s\n' "$AXE_VERSION" > "$DEST/axe-core.VERSION"
sha="$(sha256sum "$DEST/axe.min.js" | cut -d' ' -f1)"
echo "==> $DEST/axe.min.js: axe-core $AXE_VERSION ($licence), sha256 $sha"
echo "    Record the version and sha256 in $DEST/README.md."
