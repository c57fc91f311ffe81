#!/usr/bin/env bash
# Publishes changeledger as self-contained single-file executables, so a CI runner needs no .NET SDK:
#   deploy/cli/publish.sh [RID...]      default: linux-x64 linux-arm64 osx-arm64 win-x64
# Each lands in artifacts/cli/<rid>/changeledger (changeledger.exe on Windows), stamped with deploy/cli/version.sh's
# stable version; artifacts/cli/SHA256SUMS lists the SHA-256 of every executable built (`sha256sum -c` checks them).
# A target whose runtime pack cannot be restored from the configured NuGet feeds is reported and skipped; the script
# fails only when none was built (the release workflow asks for all four and checks that all four are there).
set -uo pipefail
cd "$(dirname "$0")/../.."
version="$(deploy/cli/version.sh)" || exit 1

rids=("$@")
[[ ${#rids[@]} -gt 0 ]] || rids=(linux-x64 linux-arm64 osx-arm64 win-x64)
built=() failed=()
for rid in "${rids[@]}"; do
  out="artifacts/cli/$rid"
  rm -rf "$out"
  # PackAsTool is for the dotnet-tool package; a self-contained executable is the other way to ship the same code.
  if log="$(dotnet publish src/ChangeLedger.Cli -c Release -r "$rid" --self-contained true --nologo -v quiet \
        -p:PublishSingleFile=true -p:PackAsTool=false -p:DebugType=none \
        -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true -p:MinVerVersionOverride="$version" \
        -o "$out" 2>&1)"; then
    # Renamed after publishing: as an assembly name, "changeledger" would collide with the service's ChangeLedger.
    suffix=""; [[ "$rid" == win-* ]] && suffix=.exe
    exe="$out/changeledger$suffix"
    mv "$out/ChangeLedger.Cli$suffix" "$exe"
    echo "publish.sh: $rid -> $exe ($(du -h "$exe" | cut -f1))"
    built+=("$rid")
  else
    echo "publish.sh: $rid could not be built:" >&2
    echo "$log" | grep -E "error" | sed 's/^/    /' | sort -u | head -5 >&2
    failed+=("$rid")
  fi
done
# Checksums of what this run built, paths relative to artifacts/cli, for a runner to check what it downloaded.
mkdir -p artifacts/cli
(cd artifacts/cli && for rid in "${built[@]}"; do sha256sum "$rid"/changeledger*; done > SHA256SUMS)
echo "publish.sh: changeledger $version built for ${built[*]:-nothing}${failed[*]:+; failed ${failed[*]}} (checksums: artifacts/cli/SHA256SUMS)"
[[ ${#built[@]} -gt 0 ]]
