#!/usr/bin/env bash
# Lints template.yaml with the real cfn-lint, which runs the AWS SAM transform first (as `sam validate --lint`).
# Uses `cfn-lint` from PATH, else the bundled copy at ../shared/tools/cfn-lint (installing the Debian Python
# packages it names when they are missing). Without either it says so and exits 0 ("skipped").
#
# cfn-lint's SAM transform reads parameter *defaults*, not --parameters (those only steer the checks after the
# transform), so each variant lints a copy whose defaults are the variant's values (same line numbers), with the
# same values passed as --parameters.
#
# Last line: "cfn-lint: N errors, N warnings" or "cfn-lint: skipped (...)". Exit 1 on any error or warning.
set -uo pipefail
cd "$(dirname "$0")/.."

bundled=../shared/tools/cfn-lint/cfn-lint
if command -v cfn-lint >/dev/null 2>&1; then
  lint=(cfn-lint)
elif [ -x "$bundled" ]; then
  lint=("$bundled")
else
  echo "cfn-lint: skipped (no cfn-lint on PATH and no $bundled; pip install cfn-lint)"
  exit 0
fi

if ! version=$("${lint[@]}" --version 2>&1); then
  # The bundled copy names the packages it lacks: "... run: apt-get install -y pkg pkg".
  packages=$(printf '%s\n' "$version" | sed -n 's/.*apt-get install -y \(.*\)$/\1/p')
  if [ -z "$packages" ]; then
    printf '%s\n' "$version"
    echo "cfn-lint: 1 errors, 0 warnings (it does not start)"
    exit 1
  fi
  echo "installing for cfn-lint: $packages"
  # shellcheck disable=SC2086 # the list is space-separated package names
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y -q $packages >/dev/null; then
    echo "cfn-lint: 1 errors, 0 warnings (could not install: $packages)"
    exit 1
  fi
  version=$("${lint[@]}" --version 2>&1) || { printf '%s\n' "$version"; echo "cfn-lint: 1 errors, 0 warnings (it does not start)"; exit 1; }
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# with_defaults OUT NAME=VALUE...: template.yaml with those parameters' Default lines replaced.
with_defaults() {
  local out=$1
  shift
  awk -v assignments="$*" '
    BEGIN { n = split(assignments, pairs, " "); for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); want[kv[1]] = kv[2] } }
    /^[A-Za-z]/ { inParameters = ($0 == "Parameters:") }
    inParameters && /^  [A-Za-z0-9]+:$/ { name = substr($1, 1, length($1) - 1) }
    inParameters && /^    Default:/ && (name in want) { print "    Default: \"" want[name] "\""; seen[name] = 1; next }
    { print }
    END { for (p in want) if (!(p in seen)) { print "no Default line for parameter " p > "/dev/stderr"; exit 2 } }
  ' template.yaml >"$out"
}

variants=(
  ""
  "UseNativeAuthorizer=true"
  "UseNativeAuthorizer=true NativeArchitecture=arm64 UsagePlans=true CorsAllowOrigin=https://app.example.com"
)

errors=0
warnings=0
for variant in "${variants[@]}"; do
  file=template.yaml
  args=()
  if [ -n "$variant" ]; then
    file="$scratch/template.yaml"
    if ! with_defaults "$file" $variant; then
      errors=$((errors + 1))
      continue
    fi
    # shellcheck disable=SC2206 # NAME=VALUE words
    args=(--parameters $variant)
  fi
  output=$("${lint[@]}" --format parseable "${args[@]}" -- "$file" 2>&1)
  rc=$?
  e=$(printf '%s\n' "$output" | grep -c ':E[0-9]\{4\}:' || true)
  w=$(printf '%s\n' "$output" | grep -c ':W[0-9]\{4\}:' || true)
  if [ "$rc" -ne 0 ] && [ "$e" -eq 0 ] && [ "$w" -eq 0 ]; then
    e=1 # it failed without a finding we can count (crash, bad arguments)
  fi
  [ -n "$output" ] && printf '%s\n' "$output" | sed "s|$scratch/||"
  echo "  ${variant:-defaults}: $e errors, $w warnings"
  errors=$((errors + e))
  warnings=$((warnings + w))
done

echo "cfn-lint: $errors errors, $warnings warnings ($version; ${#variants[@]} parameter sets)"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
