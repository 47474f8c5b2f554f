#!/usr/bin/env bash
# Converts the shared corpus and the example estate, synthesizes the example app, and compares everything with a
# baseline taken the same way (a behaviour-preserving change must leave every byte as it was).
#   scripts/same-output.sh record <dir>    take the baseline (run it on the commit before the change)
#   scripts/same-output.sh compare <dir>   compare the working tree's output with it; exit 1 on any difference
set -euo pipefail
mode=${1:?record or compare}
base=${2:?directory of the baseline}
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(realpath "${CORPUS:-$here/../shared/corpus/marathon}")
out=$(mktemp -d /tmp/same-output.XXXXXX)
[ "$mode" = compare ] && { [ -d "$base" ] || { echo "no baseline at $base" >&2; exit 2; }; }
rm -rf "$out" && mkdir -p "$out"
cd "$here"
# The corpus holds invalid definitions on purpose: convert exits 1 and reports them; its output is compared all the same.
npx tsx bin/marathon-to-eks.ts convert "$corpus" --out "$out/corpus" >"$out/corpus.stdout" 2>"$out/corpus.stderr" || echo "corpus: exit $?" >>"$out/corpus.stdout"
# Once more with every translation option away from its default, so the paths the options switch are compared too.
npx tsx bin/marathon-to-eks.ts convert "$corpus" --out "$out/corpus-options" --namespace-strategy single \
  --default-namespace legacy --storage-class io2 --host-networking --host-ports --drop-cpu-limits \
  --ingress-class internal --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000 \
  --label team=platform --command-image debian:trixie-slim --fetch-image busybox:1.37 --wait-for-dependencies \
  --job-backoff-limit 2 --per-node-instances 3 >"$out/corpus-options.stdout" 2>"$out/corpus-options.stderr" ||
  echo "corpus with options: exit $?" >>"$out/corpus-options.stdout"
npx tsx bin/marathon-to-eks.ts convert examples/estate --out "$out/example" >"$out/example.stdout" 2>"$out/example.stderr"
npx tsx bin/marathon-to-eks.ts plan examples/estate --before m5.xlarge:4 --html "$out/plan.html" >"$out/plan.stdout" 2>"$out/plan.stderr"
npx cdk synth --quiet -o "$out/cdk.out" >"$out/synth.stdout" 2>"$out/synth.stderr"
# The CDK CLI's version and construct stack traces (source line numbers) are not our output; the warnings stay.
rm -f "$out/cdk.out/manifest.json" "$out/cdk.out/tree.json" "$out"/cdk.out/*.metadata.json
sed -i -E '/^[a-z/._-]+\.ts:[0-9]+:[0-9]+$/d' "$out/synth.stderr"
sed -i -E 's#\(/[^()]*\.ts:[0-9]+:[0-9]+\)#(source line)#g' "$out/cdk.out/validation-report.json"
# The CLI prints where it wrote; that place differs from run to run.
sed -i "s#$out#<out>#g" "$out"/*.stdout "$out"/*.stderr
if [ "$mode" = record ]; then
  rm -rf "$base" && mv "$out" "$base" && echo "baseline: $(find "$base" -type f | wc -l) files in $base"
else
  diff -r "$base" "$out" && echo "identical: $(find "$out" -type f | wc -l) files" && rm -rf "$out"
fi
