#!/usr/bin/env bash
# Prints the version the CLI is packed and published as, always a stable one (1.2.3), first found wins:
#   $CHANGELEDGER_VERSION                 what the caller says (the release workflow passes its tag without the v)
#   a tag v1.2.3 on HEAD                  a checkout of a release
#   the newest "## [1.2.3]" of CHANGELOG.md   any other checkout, tagged or not (CI clones have no tags)
# MinVer reads the tag itself when the build runs in a tagged checkout; the scripts pass this version to it as
# MinVerVersionOverride, so a clone without tags packs a stable version too, never 0.0.0-alpha.
set -euo pipefail
cd "$(dirname "$0")/../.."
semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
version="${CHANGELEDGER_VERSION:-}"
if [[ -z "$version" ]] && tag="$(git describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null)"; then version="${tag#v}"; fi
if [[ -z "$version" ]]; then version="$(sed -nE 's/^## \[([0-9]+\.[0-9]+\.[0-9]+)\].*/\1/p' CHANGELOG.md | head -1)"; fi
if [[ ! "$version" =~ $semver ]]; then
  echo "version.sh: '${version}' is not a version (1.2.3); set CHANGELEDGER_VERSION or add a release to CHANGELOG.md" >&2
  exit 1
fi
echo "$version"
