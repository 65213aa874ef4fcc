#!/usr/bin/env bash
# Checks README.md's Quickstart on a fresh clone: clones the current branch (committed work
# only) into a temporary folder and runs the README's two commands there. Not part of mvn test.
#
#   scripts/check-quickstart.sh            # uses your ~/.m2
#   FRESH_M2=1 scripts/check-quickstart.sh # an empty Maven repository: downloads ~350 MB
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_cmd='scripts/infospark jobs/profile-birdstrikes.properties'
test_cmd='mvn -B test'
for cmd in "$run_cmd" "$test_cmd"; do
  grep -qF -- "$cmd" "$root/README.md" || { echo "check-quickstart: README.md no longer shows '$cmd'" >&2; exit 1; }
done
if [[ -n "$(git -C "$root" status --porcelain)" ]]; then
  echo "check-quickstart: note: uncommitted changes are not part of the check" >&2
fi

branch="$(git -C "$root" rev-parse --abbrev-ref HEAD)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q --branch "$branch" "$root" "$tmp/infospark"
if [[ "${FRESH_M2:-0}" == 1 ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$tmp/m2"
fi

cd "$tmp/infospark"
echo "== $run_cmd" >&2
scripts/infospark jobs/profile-birdstrikes.properties
test -s out/profile-birdstrikes-summary.json
echo "== $test_cmd" >&2
mvn -B test
echo "check-quickstart: ok" >&2
