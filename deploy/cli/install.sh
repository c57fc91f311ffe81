#!/usr/bin/env bash
# Installs the changeledger command from this repository as a .NET tool: packs src/ChangeLedger.Cli into a local
# feed (.local/cli-feed) and installs it from there. Needs the .NET SDK; a runner without one uses deploy/cli/publish.sh.
#   deploy/cli/install.sh                   global tool (~/.dotnet/tools; put it on PATH)
#   deploy/cli/install.sh --tool-path DIR   into DIR instead
# The package is a stable version (deploy/cli/version.sh: the tag on HEAD, else CHANGELOG.md's newest release, or
# $CHANGELEDGER_VERSION), so `dotnet tool install/update` finds it without --prerelease, like the published one. The
# feed is left in .local/cli-feed for pipelines that install from it (docs/ci.md). Run it again after pulling to
# update: the installed tool and NuGet's cached copy of that version are replaced, never reused.
set -euo pipefail
cd "$(dirname "$0")/../.."

where=(--global)
if [[ "${1:-}" == "--tool-path" ]]; then where=(--tool-path "$2"); fi

version="$(deploy/cli/version.sh)"
feed="$PWD/.local/cli-feed"
rm -rf "$feed"
dotnet pack src/ChangeLedger.Cli -c Release -o "$feed" -p:MinVerVersionOverride="$version" --nologo -v quiet >/dev/null
# The same version number as a build already installed or cached would be taken from NuGet's cache: drop both first.
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
rm -rf "${packages%/}/changeledger.cli/$version"
dotnet tool uninstall "${where[@]}" ChangeLedger.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" ChangeLedger.Cli --add-source "$feed" --version "$version" >/dev/null
echo "install.sh: changeledger $version installed (${where[*]}); its package is in $feed"
