#!/usr/bin/env python3
"""The docs-check: runs the README's curl tour and every `console` example in docs/ against a fresh service, and
fails when an answer's status is not the one the document shows.

  tests/docs/check.py [--url URL --key KEY] [FILE...]

Without --url it starts one: a fresh database on the PostgreSQL of $CHANGELEDGER_TEST_DB (or the local cluster,
deploy/local/postgres.sh), then ./run.sh on a free port, exactly as the README says, and stops both afterwards.

What counts as documented (docs/README.md of this folder says the same, for writers):
  - README.md, the bash block under "## A five-minute tour": each `curl` command ends with a comment `# → NNN`.
  - docs/*.md, each ```console block: a line `$ command` (continued by a trailing backslash or an open quote),
    then the answer, whose first line starts with the status (`201  {…}` or `HTTP/1.1 401 Unauthorized`).
    A curl command whose answer shows no status fails the check, and so does an elided command (with `…`).
  - <!-- docs-check: setup … --> runs the commands inside (same `# → NNN` rule) without showing them to readers:
    for state an example needs but does not show (a second key, an older change).
  - <!-- docs-check: skip REASON --> before a console block skips it; the reason is printed on every run.
The commands of one file run in order in one bash process, with $CL and $CL_KEY set; files run in the order given,
README first, against the same service, so api.md continues the tour. Last, the README's CLI section: the CLI is
installed from the repository (deploy/cli/install.sh) into a temporary folder, and with docs/ci.md's install line
as written (`dotnet tool install --global ChangeLedger.Cli --version X`) against the feed install.sh packed, named by
a nuget.config beside it (the only difference from the public feed); it gates a change of the tour, attests reports,
exports the trail, saves the public key and verifies the trail offline.
"""
import argparse
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STATUS = re.compile(r"^(?:HTTP/[\d.]+ )?(\d{3})\b")
ARROW = re.compile(r"#.*→\s*(\d{3})\b")


def complete(text):
    """True when the shell would not ask for more: no trailing backslash, no open quote."""
    if text.rstrip().endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
        return True
    except ValueError:
        return False


def take_command(lines, i):
    """The command starting at lines[i] and the index after it."""
    text = lines[i][1]
    j = i + 1
    while not complete(text) and j < len(lines):
        text += "\n" + lines[j][1]
        j += 1
    return text, j


def script_steps(lines, where):
    """Steps of a script-like block (the tour, a hidden setup): every curl needs `# → NNN` on its last line."""
    steps, i = [], 0
    while i < len(lines):
        line_no, line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("./run.sh") or stripped.startswith("export CL="):
            i += 1
            continue
        text, i = take_command(lines, i)
        status = None
        if re.match(r"\s*curl\b", text):
            found = ARROW.search(text.splitlines()[-1])
            if not found:
                raise SystemExit(f"{where}:{line_no}: a curl command without its documented status (end it with `# → NNN`)")
            status = found.group(1)
        steps.append((line_no, text, status))
    return steps


def console_steps(lines, where):
    """Steps of a ```console block: `$ command`, then an answer whose first line starts with the status."""
    steps, i = [], 0
    while i < len(lines):
        line_no, line = lines[i]
        if not line.startswith("$ "):
            i += 1
            continue
        text, consumed = take_command([(line_no, line[2:])] + lines[i + 1:], 0)
        i += consumed
        if "…" in text:
            raise SystemExit(f"{where}:{line_no}: an elided command (…) cannot be run; write it out")
        status = None
        if re.match(r"\s*curl\b", text):
            answer = next((l for _, l in lines[i:] if l.strip()), "")
            found = STATUS.match(answer.strip())
            if answer.startswith("$ ") or not found:
                raise SystemExit(f"{where}:{line_no}: a curl example without a status in its answer (`201  {{…}}`)")
            status = found.group(1)
        steps.append((line_no, text, status))
    return steps


def extract(path):
    """Every step of one file, in document order, and the blocks it skips (with reasons)."""
    rel = path.relative_to(REPO)
    lines = path.read_text(encoding="utf-8").splitlines()
    steps, skipped, i = [], [], 0
    is_readme = path.name == "README.md"
    in_tour = False
    skip_next = None
    while i < len(lines):
        line = lines[i]
        if is_readme and line.startswith("## "):
            in_tour = line.strip() == "## A five-minute tour"
        setup = re.match(r"<!-- docs-check: setup\s*$", line)
        skip = re.match(r"<!-- docs-check: skip (.+?) -->", line)
        if setup:
            j = i + 1
            while not lines[j].startswith("-->"):
                j += 1
            steps += script_steps([(n + 1, lines[n]) for n in range(i + 1, j)], rel)
            i = j + 1
            continue
        if skip:
            skip_next = skip.group(1)
            i += 1
            continue
        fence = re.match(r"```(\w+)", line)
        if fence:
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            body = [(n + 1, lines[n]) for n in range(i + 1, j)]
            kind = fence.group(1)
            if kind == "console" and not is_readme:
                if skip_next:
                    skipped.append(f"{rel}:{i + 1}: {skip_next}")
                else:
                    steps += console_steps(body, rel)
            elif kind == "bash" and in_tour:
                steps += script_steps(body, rel)
            skip_next = None
            i = j + 1
            continue
        i += 1
    return rel, steps, skipped


PRELUDE = r"""
exec 3>&1
failures=0
expected=""; where=""
expect() { expected="$1"; where="$2"; }
# Every curl of the documents goes through here: the status is compared, the body kept for the failure message.
curl() {
  local body status
  body="$(mktemp)"
  if ! status="$(command curl -sS -o "$body" -w '%{http_code}' "$@")"; then
    echo "FAIL $where: curl could not reach the service" >&3; failures=$((failures + 1)); rm -f "$body"; return 0
  fi
  if [[ -z "$expected" ]]; then
    echo "FAIL $where: no documented status for this request" >&3; failures=$((failures + 1))
  elif [[ "$status" == "$expected" ]]; then
    echo "ok   $where $status" >&3
  else
    echo "FAIL $where: the document says $expected, the service answered $status: $(head -c 600 "$body")" >&3
    failures=$((failures + 1))
  fi
  expected=""
  if [[ -n "${DOCS_CHECK_SHOW:-}" ]]; then echo "     $(head -c 400 "$body")" >&3; fi
  rm -f "$body"
}
"""


def run_file(rel, steps, env):
    script = [PRELUDE]
    for line_no, text, status in steps:
        script.append(f"expect '{status or ''}' '{rel}:{line_no}'")
        script.append(text)
    script.append('exit "$failures"')
    # Commands run as from the repository root (they read contracts/samples), but what they write lands elsewhere.
    scratch = Path(tempfile.mkdtemp(prefix="cl-docs-"))
    (scratch / "contracts").symlink_to(REPO / "contracts")
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=scratch, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    print(result.stdout, end="")
    return result.returncode


def cli_walkthrough(url, key):
    """The README's CLI section on the same service: install from the repository, gate a change, export a trail and
    verify it offline. Returns the number of failed steps."""
    tools = Path(tempfile.mkdtemp(prefix="cl-docs-tools-"))
    env = dict(os.environ, CHANGELEDGER_URL=url, CHANGELEDGER_KEY=key)
    for name in ("GITHUB_ACTIONS", "GITLAB_CI"):
        env.pop(name, None)
    public_key = tools / "key.pem"
    with urllib.request.urlopen(urllib.request.Request(url + "/v1/integrity/public-key", headers={"Authorization": "Bearer " + key})) as answer:
        public_key.write_text(__import__("json").load(answer)["publicKeyPem"])
    # The install line of README.md and docs/ci.md, run as written; the only difference from the public feed is the
    # nuget.config beside it, which points at the feed deploy/cli/install.sh packed (.local/cli-feed).
    install_line = re.search(r"^(dotnet tool install --global ChangeLedger\.Cli --version \S+)", (REPO / "docs/ci.md").read_text(encoding="utf-8"), re.M).group(1)
    if install_line not in (REPO / "README.md").read_text(encoding="utf-8"):
        raise SystemExit(f"README.md and docs/ci.md must show the same install line: {install_line}")
    public = Path(tempfile.mkdtemp(prefix="cl-docs-public-"))
    (public / "nuget.config").write_text('<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear />'
                                         f'<add key="local" value="{REPO / ".local/cli-feed"}" /></packageSources></configuration>')
    steps = [
        ("README.md: deploy/cli/install.sh", [str(REPO / "deploy/cli/install.sh"), "--tool-path", str(tools)], 0),
        (f"docs/ci.md: {install_line} (feed: the local one)", ["bash", "-c", f"cd {shlex.quote(str(public))} && DOTNET_CLI_HOME={shlex.quote(str(public))} {install_line}"], 0),
        ("docs/ci.md: the installed changeledger --version", ["bash", "-c", f"{shlex.quote(str(public / '.dotnet/tools/changeledger'))} --version | grep -q '^{install_line.split()[-1]}+'"], 0),
        ("README.md: changeledger gate (ready for staging)", [str(tools / "changeledger"), "gate", "--change", "gh:acme.payments:482", "--environment", "staging"], 0),
        ("README.md: changeledger gate (not ready: already in prod)", [str(tools / "changeledger"), "gate", "--change", "gh:acme.payments:482", "--environment", "prod"], 1),
        *[(f"docs/ci.md: changeledger attest {kind} {sample}", [str(public / ".dotnet/tools/changeledger"), "attest", kind, str(REPO / "contracts/samples" / sample),
            "--change", "gh:acme.payments:482", "--commit", "e4f5a6b", *extra], 0)
          for kind, sample, extra in [("junit", "junit/refunds-unit.xml", ["--name", "unit"]), ("sarif", "sarif/codeql-csharp.sarif", []),
                                      ("cyclonedx", "cyclonedx/payments-bom-1.5.json", []), ("spdx", "spdx/payments-2.3.spdx.json", []),
                                      ("coverage", "cobertura/coverage.cobertura.xml", [])]],
        ("docs/ci.md: changeledger attest sarif --criteria-from-tags (policy.md's gh:acme.claims:13)", [str(tools / "changeledger"), "attest", "sarif",
            str(REPO / "contracts/samples/sarif/criteria-tagged.sarif"), "--change", "gh:acme.claims:13", "--commit", "e1e1e20", "--criteria-from-tags"], 0),
        ("docs/ci.md: changeledger attest custom", [str(tools / "changeledger"), "attest", "custom", "--type", "perf-budget", "--summary",
            str(REPO / "contracts/samples/custom/perf-budget.json"), "--change", "gh:acme.payments:482", "--commit", "e4f5a6b"], 0),
        ("docs/ci.md: changeledger attest junit of a file that is no JUnit report", [str(tools / "changeledger"), "attest", "junit",
            str(REPO / "contracts/samples/spdx/payments-2.3.spdx.json"), "--change", "gh:acme.payments:482", "--commit", "e4f5a6b"], 64),
        ("docs/ci.md: changeledger export trail", [str(tools / "changeledger"), "export", "trail", "--format", "ndjson", "--output", str(tools / "trail.ndjson")], 0),
        ("README.md: changeledger public-key > key.pem", ["bash", "-c", f"{shlex.quote(str(tools / 'changeledger'))} public-key > {shlex.quote(str(tools / 'cli-key.pem'))}"], 0),
        ("README.md: changeledger verify", [str(tools / "changeledger"), "verify", str(tools / "trail.ndjson"), "--public-key", str(tools / "cli-key.pem")], 0),
        ("README.md: changeledger verify (the key the service publishes)", [str(tools / "changeledger"), "verify", str(tools / "trail.ndjson"), "--public-key", str(public_key)], 0),
    ]
    steps += pipeline_steps(url, key, public, install_line.split()[-1])
    failures = 0
    for where, command, expected in steps:
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        if result.returncode == expected:
            print(f"ok   {where} exit {expected}")
        else:
            failures += 1
            print(f"FAIL {where}: the document says exit {expected}, it exited {result.returncode}: {result.stdout[-600:]}")
    return len(steps), failures


def pipeline_steps(url, key, public, version):
    """The GitHub action's and the GitLab component's own scripts, as a runner would run them: each installs the CLI of
    the release it names (from the local feed, through the nuget.config in `public`, under a home of its own) and asks
    the gate of a change of the tour. Steps as cli_walkthrough takes them."""
    import yaml
    action = yaml.safe_load((REPO / "deploy/ci/github-action/action.yml").read_text(encoding="utf-8"))
    component = (REPO / "templates/changeledger.yml").read_text(encoding="utf-8").split("\n---\n")
    spec = yaml.safe_load(component[0])["spec"]["inputs"]
    job = next(iter(yaml.safe_load(component[1]).values()))
    gate = "gate --change gh:acme.payments:482 --environment staging"
    not_ready = "gate --change gh:acme.payments:482 --environment prod"   # already released there: the job must fail
    steps = []
    for name, home, args, script, variables, expected in [
        ("deploy/ci/github-action (install, then run)", public / "gh-home", gate,
         "\n".join(["set -e", f"export GITHUB_PATH={public}/gh-path GITHUB_OUTPUT={public}/gh-output",
                     *[f"( export {' '.join(f'{k}={shlex.quote(str(v))}' for k, v in step.get('env', {}).items() if '${{' not in str(v))}\n{step['run']}\n)"
                       for step in action["runs"]["steps"] if "run" in step][:1],
                     'export PATH="$PATH:$(paste -sd: "$GITHUB_PATH")"',
                     f"export CL_ARGS={shlex.quote(gate)} CHANGELEDGER_AUDIENCE=''",
                     f"( {next(step['run'] for step in action['runs']['steps'] if step.get('id') == 'run')} )",
                     f"grep -qx 'exit-code=0' {public}/gh-output"]),
         {"CL_VERSION": action["inputs"]["version"]["default"], "CL_SOURCE": ""}, 0),
        ("templates/changeledger.yml (the component's job)", public / "gl-home", not_ready,
         "\n".join(job["script"]).replace("$[[ inputs.args ]]", not_ready),
         {"CL_URL": "", "CL_VERSION": str(spec["version"]["default"]), "CL_SOURCE": ""}, 1),
    ]:
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**variables, "HOME": str(home), "CHANGELEDGER_URL": url, "CHANGELEDGER_KEY": key}.items())
        steps.append((f"{name}: {args} with CLI {variables['CL_VERSION']}",
                      ["bash", "-c", f"mkdir -p {shlex.quote(str(home))} && cd {shlex.quote(str(public))} && env {env} bash -c {shlex.quote(script)}"], expected))
    if action["inputs"]["version"]["default"] != version or str(spec["version"]["default"]) != version:
        raise SystemExit(f"the action and the component must install the version docs/ci.md installs ({version})")
    return steps


def npgsql(text):
    return {k.strip().lower(): v for k, v in (part.split("=", 1) for part in text.split(";") if "=" in part)}


def psql():
    for candidate in ["psql", *sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))]:
        try:
            subprocess.run([str(candidate), "--version"], stdout=subprocess.DEVNULL, check=True)
            return str(candidate)
        except (OSError, subprocess.CalledProcessError):
            continue
    raise SystemExit("docs-check: no psql found (Debian: apt-get install postgresql-client)")


def sql(server, statement):
    env = dict(os.environ, PGPASSWORD=server.get("password", ""))
    subprocess.run([psql(), "-q", "-h", server.get("host", "127.0.0.1"), "-p", server.get("port", "5432"),
                    "-U", server.get("username", "postgres"), "-d", "postgres", "-c", statement], env=env, check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service():
    """A fresh database and ./run.sh on a free port, as the README starts it. Returns url, key and a stop function."""
    connection = os.environ.get("CHANGELEDGER_TEST_DB") or subprocess.run(
        [str(REPO / "deploy/local/postgres.sh"), "start"], stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    server = npgsql(connection)
    database = "cl_docs_" + secrets.token_hex(6)
    sql(server, f'create database "{database}"')
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    key = "cl_" + "".join(secrets.choice(alphabet) for _ in range(12)) + "_" + "".join(secrets.choice(alphabet) for _ in range(52))
    url = f"http://127.0.0.1:{free_port()}"
    env = dict(os.environ, Access__BootstrapAdminKey=key,
               ConnectionStrings__Ledger=";".join(f"{k}={v}" for k, v in {**server, "database": database}.items()))
    log = open(tempfile.mktemp(prefix="cl-docs-service-", suffix=".log"), "w")
    service = subprocess.Popen([str(REPO / "run.sh"), "--urls", url], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)

    def stop():
        if service.poll() is None:
            service.terminate()
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.kill()
        sql(server, f'drop database if exists "{database}" with (force)')

    deadline = time.time() + 600
    while time.time() < deadline:
        if service.poll() is not None:
            stop()
            raise SystemExit(f"docs-check: ./run.sh exited ({service.returncode}) before the service was ready; see {log.name}")
        try:
            with urllib.request.urlopen(url + "/health/ready", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        time.sleep(1)
    else:
        stop()
        raise SystemExit(f"docs-check: the service did not become ready; see {log.name}")
    return url, key, stop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--key")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = [Path(f).resolve() for f in args.files] or [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

    extracted = [extract(f) for f in files]
    started = time.time()
    stop = None
    if args.url:
        url, key = args.url, args.key
    else:
        url, key, stop = start_service()
    print(f"docs-check: service ready at {url} after {time.time() - started:.0f}s")
    failures = steps = 0
    try:
        env = dict(os.environ, CL=url, CL_KEY=key)
        for rel, file_steps, skipped in extracted:
            for reason in skipped:
                print(f"skip {reason}")
            if file_steps:
                steps += sum(1 for s in file_steps if s[2])
                failures += run_file(rel, file_steps, env)
        if not args.files:
            cli_steps, cli_failures = cli_walkthrough(url, key)
            steps += cli_steps
            failures += cli_failures
    finally:
        if stop:
            stop()
    checked = steps - failures
    print(f"docs-check: {checked} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
