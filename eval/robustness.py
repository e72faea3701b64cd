"""Bad input and faults against the real `assistant` command, run as subprocesses.

    python eval/robustness.py [-j 2] [--only SUBSTRING] [--verbose]

Every case runs `.venv/bin/assistant` on throw-away copies of the index and the corpus
(in a temporary folder; faults are injected only there, never into index/ or corpus/).
A case is handled when the command behaves as CONTRACT.md says:

- an error exits 2 (bad input) or 1 (a fault), prints nothing on standard output and
  exactly one line starting with "Error: " on standard error;
- a success exits 0 and, with --json / --jsonl, prints valid JSON and nothing on stderr;
- no "Traceback" anywhere, and each case finishes within its time limit.

Prints "Handled N/M cases", then a table of the cases that were not, and the errors
that only the CLI's last-resort handler caught ("unexpected failure").
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CLI = ROOT / ".venv" / "bin" / "assistant"

if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and VENV_PYTHON.is_file():
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])  # needs pypdf, docx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from robustness_cases import OK, Case, build_cases  # noqa: E402
from robustness_workspace import Workspace  # noqa: E402


@dataclass
class Outcome:
    case: Case
    code: int | None
    out: str
    err: str
    seconds: float
    problem: str = ""


def run(case: Case, base_env: dict[str, str]) -> Outcome:
    env = {**base_env, **case.env}
    for key in [k for k, v in env.items() if v == "<unset>"]:
        del env[key]
    started = time.perf_counter()
    try:
        proc = subprocess.run([str(CLI), *case.args], input=case.stdin if case.stdin is not None else b"",
                              capture_output=True, env=env, timeout=case.timeout, cwd=base_env["HOME"])
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode("utf-8", "replace")
        err = (exc.stderr or b"").decode("utf-8", "replace")
        return Outcome(case, None, out, err, case.timeout, f"no answer within {case.timeout:.0f} s")
    seconds = time.perf_counter() - started
    try:
        out = proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        out = proc.stdout.decode("utf-8", "replace")
        return Outcome(case, proc.returncode, out, proc.stderr.decode("utf-8", "replace"), seconds,
                       "stdout is not UTF-8")
    err = proc.stderr.decode("utf-8", "replace")
    outcome = Outcome(case, proc.returncode, out, err, seconds)
    outcome.problem = judge(case, outcome)
    return outcome


def judge(case: Case, o: Outcome) -> str:
    """Why the outcome breaks the contract, or "" when it is handled."""
    if "Traceback" in o.out or "Traceback" in o.err:
        return "a traceback was printed"
    if o.code not in case.codes:
        return f"exit {o.code}, expected {' or '.join(map(str, case.codes))}"
    if o.code != OK:
        if o.out:
            return "stdout is not empty on error"
        lines = o.err.splitlines()
        if len(lines) != 1 or not lines[0].startswith("Error: ") or not o.err.endswith("\n"):
            return "stderr is not exactly one 'Error: ' line"
        return ""
    if o.err.strip():
        return "stderr is not empty on success"
    if not case.output:
        return ""
    try:
        docs = ([json.loads(o.out)] if case.output == "json"
                else [json.loads(line) for line in o.out.splitlines()])
    except json.JSONDecodeError as exc:
        return f"stdout is not valid {case.output.upper()} ({exc.msg})"
    if case.output == "json" and o.out.count("\n") != 1:
        return "stdout holds more than one line of JSON"
    if case.want is not None and not all(case.want(d) for d in docs):
        return f"unexpected JSON: {case.want_note or 'check failed'}"
    return ""


def shown(case: Case) -> str:
    def arg(a: str | bytes) -> str:
        if isinstance(a, bytes):
            return f"$'{a.decode('latin-1').encode('unicode_escape').decode()}'"
        if len(a) > 60:
            return f"'<{len(a):,} chars: {a[:20]!r}…>'"
        if any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x2069 for ch in a):
            return "$'" + a.encode("unicode_escape").decode() + "'"
        return shlex.quote(a)

    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in case.env.items())
    text = f"{env} assistant {' '.join(arg(a) for a in case.args)}".strip()
    return f"{text} < {case.stdin_note}" if case.stdin_note else text


def excerpt(o: Outcome) -> str:
    text = (o.err or o.out).strip().replace("\n", " ⏎ ")
    return text if len(text) <= 300 else text[:150] + " … " + text[-140:]


def report(outcomes: list[Outcome], total_seconds: float, verbose: bool) -> int:
    failed = [o for o in outcomes if o.problem]
    handled = len(outcomes) - len(failed)
    print(f"Handled {handled}/{len(outcomes)} cases ({total_seconds:.0f} s).")
    if failed:
        print("\nNot handled:\n")
        print("| case | command | problem | output |\n|---|---|---|---|")
        for o in failed:
            print(f"| {o.case.name} | `{shown(o.case)}` | {o.problem} | {excerpt(o)} |")
    last_resort = [o for o in outcomes if not o.problem and "unexpected failure" in o.err]
    if last_resort:
        print("\nHandled only by the last-resort handler (a raw exception reached the CLI):\n")
        for o in last_resort:
            print(f"- {o.case.name}: `{shown(o.case)}` → {excerpt(o)}")
    slow = sorted((o for o in outcomes if o.seconds > 10), key=lambda o: -o.seconds)
    if slow:
        print("\nSlowest cases: " + ", ".join(f"{o.case.name} {o.seconds:.0f} s" for o in slow[:8]))
    if verbose:
        print("\nAll cases:\n")
        for o in outcomes:
            mark = "FAIL" if o.problem else "ok  "
            print(f"{mark} {o.case.name:<34} exit {o.code}  {o.seconds:5.1f} s  {excerpt(o)[:110]}")
    return 0 if not failed else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2, help="cases run at once (default 2)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--verbose", action="store_true", help="list every case")
    options = parser.parse_args()
    if not CLI.is_file():
        print(f"Error: {CLI} does not exist; run `make install` first.", file=sys.stderr)
        return 1
    if not (ROOT / "index" / "CURRENT").is_file():
        print("Error: there is no index/ to copy; run `assistant index` first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp, Workspace(Path(tmp), ROOT) as ws:
        cases = [c for c in build_cases(ws) if not options.only or options.only in c.name]
        names = [c.name for c in cases]
        assert len(names) == len(set(names)), "case names must be unique"
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            outcomes = list(pool.map(lambda c: run(c, ws.env), cases))
        return report(outcomes, time.perf_counter() - started, options.verbose)


if __name__ == "__main__":
    sys.exit(main())
