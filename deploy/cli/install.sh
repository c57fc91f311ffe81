#!/usr/bin/env bash
# Installs the changeledger command from this repository as a .NET tool: packs src/ChangeLedger.Cli into a local
# feed (.local/cli-feed) and installs it from there. Needs the .NET SDK; a runner without one uses deploy/cli/publish.sh.
#   deploy/cli/install.sh                   global tool (~/.dotnet/tools; put it on PATH)
#   deploy/cli/install.sh --tool-path DIR   into DIR instead
# Run it again after pulling to update. Each run packs a new version (0.1.0-dev.<UTC time>), so NuGet's package cache
# can never hand back an older build under the same version.
set -euo pipefail
cd "$(dirname "$0")/../.."

where=(--global)
if [[ "${1:-}" == "--tool-path" ]]; then where=(--tool-path "$2"); fi

version="0.1.0-dev.$(date -u +%Y%m%d%H%M%S)"
feed="$PWD/.local/cli-feed"
rm -rf "$feed"
dotnet pack src/ChangeLedger.Cli -c Release -o "$feed" -p:Version="$version" --nologo -v quiet >/dev/null
# `tool update` installs when the tool is absent and replaces it when present.
dotnet tool update "${where[@]}" ChangeLedger.Cli --add-source "$feed" --version "$version" >/dev/null
echo "install.sh: changeledger $version installed (${where[*]})"
