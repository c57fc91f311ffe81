#!/usr/bin/env python3
"""Writes the in-toto provenance statement (Statement v1, SLSA Provenance v1 predicate) of a release's files.

  deploy/release/provenance.py OUT.json FILE...

Each FILE becomes a subject, named by its file name, with its SHA-256. What built them comes from GitHub Actions'
variables when they are set (GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF, GITHUB_RUN_ID, GITHUB_WORKFLOW_REF, ...)
and from git otherwise. The release workflow signs the statement (cosign attest-blob, keyless) and publishes both;
the tests run this script on files they build and check the statement.
"""
import datetime
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False).stdout.strip()


def main(out, files):
    if not files:
        raise SystemExit("provenance.py: name the files the statement is about")
    env = os.environ.get
    repository = env("GITHUB_REPOSITORY")
    server = env("GITHUB_SERVER_URL", "https://github.com")
    commit = env("GITHUB_SHA") or git("rev-parse", "HEAD")
    source = f"git+{server}/{repository}@{env('GITHUB_REF', '')}" if repository else f"git+{git('remote', 'get-url', 'origin') or 'local'}"
    run = f"{server}/{repository}/actions/runs/{env('GITHUB_RUN_ID')}/attempts/{env('GITHUB_RUN_ATTEMPT', '1')}" if env("GITHUB_RUN_ID") else None
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": Path(f).name, "digest": {"sha256": sha256(f)}} for f in files],
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {
            "buildDefinition": {
                "buildType": "https://actions.github.io/buildtypes/workflow/v1" if repository else "https://changeledger.dev/buildtypes/local/v1",
                "externalParameters": {"workflow": {"ref": env("GITHUB_REF", ""), "repository": f"{server}/{repository}" if repository else "",
                                                    "path": (env("GITHUB_WORKFLOW_REF", "").split("@")[0].split("/", 2)[-1] if env("GITHUB_WORKFLOW_REF") else "")}},
                "internalParameters": {"github": {"event_name": env("GITHUB_EVENT_NAME", ""), "runner_environment": env("RUNNER_ENVIRONMENT", "")}},
                "resolvedDependencies": [{"uri": source, "digest": {"gitCommit": commit}}],
            },
            "runDetails": {
                "builder": {"id": f"{server}/{env('GITHUB_WORKFLOW_REF')}" if env("GITHUB_WORKFLOW_REF") else "local"},
                "metadata": {"invocationId": run or "local",
                             "finishedOn": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
            },
        },
    }
    Path(out).write_text(json.dumps(statement, indent=2) + "\n", encoding="utf-8")
    print(f"provenance.py: {out}: {len(files)} subject(s) built from {commit[:12]}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
