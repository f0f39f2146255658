#!/usr/bin/env bash
# Validates the SARIF of the examples and of a corpus sample with the
# official multitool and the 2.1.0 JSON schema (see validate.sh).
# usage: run_sarif_tests.sh ARMOR SOURCE_DIR CORPUS_DIR WORK_DIR
set -euo pipefail
armor=$1 src=$2 corpus=$3 work=$4
mkdir -p "$work"
cd "$src"
status=0
"$armor" check -f sarif -o "$work/examples.sarif" --fail-on none examples || status=$?
[ "$status" -le 1 ] || { echo "armor failed on examples: $status"; exit 1; }
status=0
"$armor" check -f sarif -o "$work/corpus-sample.sarif" --fail-on none \
  --require-tag owner "$corpus/quickstart/quickstarts/microsoft.network" || status=$?
[ "$status" -le 3 ] || { echo "armor crashed on the corpus sample: $status"; exit 1; }
bash "$src/test/sarif/validate.sh" "$work/examples.sarif" "$work/corpus-sample.sarif"
