#!/usr/bin/env bash
# Screenshots of the wave plan page (`marathon-to-eks waves --html`) in headless Chromium, for a person to look at:
# the example estate, and a generated estate of 1,000 workloads (bench/waves-estate.ts).
#
#   scripts/screenshot-waves.sh [OUT_DIR]     writes OUT_DIR/{example,generated-1000}.{html,png} (default out/waves)
#
# Needs Debian's chromium (apt-get install chromium). The CLI runs through tsx, as `npm run cli` does.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/waves}"
mkdir -p "$out"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "screenshot-waves: chromium not found (apt-get install chromium)" >&2
  exit 2
fi
cli() { npx tsx bin/marathon-to-eks.ts "$@"; }

npx tsx bench/waves-estate.ts 1000 "$out/generated-1000"
cli waves examples/estate --html "$out/example.html" >/dev/null
cli waves "$out/generated-1000" --max-wave-size 250 --html "$out/generated-1000.html" >/dev/null

for page in example generated-1000; do
  rm -f "$out/$page.png"
  # Chromium logs D-Bus complaints on a machine without a session bus; they are noise here.
  "$browser" --headless --no-sandbox --disable-gpu --screenshot="$out/$page.png" --window-size=1400,1000 \
    "file://$(realpath "$out/$page.html")" 2>/dev/null
  if [ ! -s "$out/$page.png" ]; then
    echo "screenshot-waves: chromium wrote no $out/$page.png" >&2
    exit 1
  fi
  echo "$out/$page.png"
done
