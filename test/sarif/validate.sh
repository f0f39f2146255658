#!/usr/bin/env bash
#===- validate.sh - Validate SARIF logs with the official tools -----------===#
#
# Usage: test/sarif/validate.sh FILE.sarif...
#
# Checks every FILE twice:
#   1. with the SARIF multitool's `validate` (@microsoft/sarif-multitool),
#      which checks the schema and the SARIF rules (SARIF1xxx, SARIF2xxx);
#      any result of level "error" in its output log fails the file;
#   2. against the JSON schema shipped with the multitool, with ajv-cli
#      (--spec=draft2020 and ajv-formats).
#
# The npm packages are installed once into $ARMOR_NPM_DIR (default:
# <repo>/build/npm) and reused. The multitool runs without network access
# (unshare -n) where the system allows it. Exit status: 0 if every file
# passed both validators, 1 if any failed, 2 on bad usage or a failed
# install.
#
#===----------------------------------------------------------------------===#

set -u -o pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
npm_dir=${ARMOR_NPM_DIR:-$repo_root/build/npm}

multitool_version=5.7.0
modules=$npm_dir/node_modules
multitool=$modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
schema=$modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
ajv=$modules/.bin/ajv

installed_version() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch (e) {}' \
    "$modules/@microsoft/sarif-multitool/package.json" 2>/dev/null
}

# Install only what is missing, so repeated runs are quick and offline.
if [ ! -x "$multitool" ] || [ ! -x "$ajv" ] ||
   [ ! -d "$modules/ajv-formats" ] ||
   [ "$(installed_version)" != "$multitool_version" ]; then
  mkdir -p "$npm_dir" || exit 2
  if ! log=$(npm install --prefix "$npm_dir" --no-audit --no-fund --save-exact \
               --loglevel=error \
               "@microsoft/sarif-multitool@$multitool_version" \
               "ajv-cli@5" "ajv-formats@2" 2>&1); then
    echo "$log" >&2
    echo "error: npm install into '$npm_dir' failed" >&2
    exit 2
  fi
fi
for f in "$multitool" "$schema" "$ajv"; do
  if [ ! -e "$f" ]; then
    echo "error: '$f' is missing after the install" >&2
    exit 2
  fi
done

# The multitool must never reach the network; unshare -n needs privileges
# that containers do not always grant.
run_offline=()
if unshare -n true 2>/dev/null; then
  run_offline=(unshare -n)
fi

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT

status=0
for input in "$@"; do
  if [ ! -f "$input" ]; then
    echo "$input: error: no such file" >&2
    status=1
    continue
  fi
  ok=1

  # 1. The multitool. Its exit code is 0 even when it finds errors, so
  # read the log it writes.
  out=$work/multitool.sarif
  rm -f "$out"
  # .NET wants a writable home and no telemetry.
  if ! mt_log=$(HOME=$work DOTNET_CLI_TELEMETRY_OPTOUT=1 \
                  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
                  "${run_offline[@]}" "$multitool" validate \
                  "$input" --output "$out" 2>&1) ||
     [ ! -s "$out" ]; then
    echo "$mt_log" >&2
    echo "$input: error: Sarif.Multitool validate did not run" >&2
    ok=0
  elif ! errors=$(node -e '
      const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      let n = 0;
      for (const run of log.runs || [])
        for (const r of run.results || []) {
          if ((r.level || "warning") !== "error") continue;
          ++n;
          const loc = (((r.locations || [])[0] || {}).physicalLocation || {});
          const region = loc.region || {};
          const text = (r.message && (r.message.text ||
              (r.message.arguments || []).join(", "))) || "";
          console.log(`  ${r.ruleId}: line ${region.startLine || "?"}: ${text}`);
        }
      process.exit(n ? 1 : 0);' "$out"); then
    echo "$input: error: Sarif.Multitool validate reported errors:" >&2
    echo "$errors" >&2
    ok=0
  fi

  # 2. The JSON schema with ajv; ajv wants the data file to end in .json.
  data=$work/data.json
  cp "$input" "$data" || exit 2
  if ! ajv_log=$(cd "$work" && "$ajv" validate --spec=draft2020 \
                   -c ajv-formats --strict=false -s "$schema" -d "$data" 2>&1)
  then
    echo "${ajv_log//$data/$input}" >&2
    echo "$input: error: the SARIF 2.1.0 JSON schema rejects it (ajv)" >&2
    ok=0
  fi

  if [ $ok -eq 1 ]; then
    echo "$input: ok"
  else
    status=1
  fi
done
exit $status
