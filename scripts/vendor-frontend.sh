#!/usr/bin/env bash
# Refreshes the vendored front-end libraries in src/Rapport.Web/wwwroot/lib from the npm registry.
# Running the app needs no Node: the files are committed. Run this only to upgrade them.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=src/Rapport.Web/wwwroot/lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() { # package@version -> extracted into $tmp/<name>
  local spec=$1 name=$2
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null && mkdir -p "$name" && tar -xzf ./*.tgz -C "$name" && rm ./*.tgz)
}

fetch "htmx.org@2.0" htmx
mkdir -p "$lib/htmx"
cp "$tmp/htmx/package/dist/htmx.min.js" "$lib/htmx/"
cp "$tmp/htmx/package/LICENSE" "$lib/htmx/LICENSE"
node -e "console.log(require('$tmp/htmx/package/package.json').version)" > "$lib/htmx/VERSION"

# Sales (issue #5): drag and drop on the deals board, charts on the forecast page.
fetch "sortablejs@1.15" sortablejs
mkdir -p "$lib/sortablejs"
cp "$tmp/sortablejs/package/Sortable.min.js" "$lib/sortablejs/"
cp "$tmp/sortablejs/package/LICENSE" "$lib/sortablejs/LICENSE"
node -e "console.log(require('$tmp/sortablejs/package/package.json').version)" > "$lib/sortablejs/VERSION"

fetch "chart.js@4" chartjs
mkdir -p "$lib/chartjs"
cp "$tmp/chartjs/package/dist/chart.umd.js" "$lib/chartjs/"
cp "$tmp/chartjs/package/LICENSE.md" "$lib/chartjs/LICENSE.md"
node -e "console.log(require('$tmp/chartjs/package/package.json').version)" > "$lib/chartjs/VERSION"

echo "vendored: htmx $(cat "$lib/htmx/VERSION"), sortablejs $(cat "$lib/sortablejs/VERSION"), chart.js $(cat "$lib/chartjs/VERSION")"
