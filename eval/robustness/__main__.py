"""Bad input and faults against the real `assistant` command, run as subprocesses.

    python -m eval.robustness [-j 2] [--only SUBSTRING] [--hostile] [--verbose]

Every case runs `.venv/bin/assistant` on throw-away copies of the index and the corpus
(in a temporary folder; faults are injected only there, never into index/ or corpus/).
A case is handled when the command behaves as CONTRACT.md says:

- an error exits 2 (bad input) or 1 (a fault), prints nothing on standard output and
  exactly one line starting with "Error: " on standard error;
- a success exits 0 and, with --json / --jsonl, prints valid JSON and nothing on stderr;
- no "Traceback" anywhere, and each case finishes within its time limit.

A case may also carry bounds (max_seconds, max_mb: the child's peak resident memory, read
from os.wait4's rusage), strings that must never be printed (a password), a check after the
run (what an `index --add` left behind), and run several copies at once. Hostile cases
(issue 17: long words and runs, 1 MB drafts, zip and stream bombs, pipes, forged pledges,
clashing names, a damaged index page, secrets in URLs) are in cases_hostile.py.

Prints "Handled N/M cases", then a table of the cases that were not, the errors that only
the CLI's last-resort handler caught ("unexpected failure"), and a Markdown table of every
case with its seconds and peak MB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CLI = ROOT / ".venv" / "bin" / "assistant"

if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and VENV_PYTHON.is_file():
    # needs pypdf and docx; run as a module from the project root
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), "-m", "eval.robustness", *sys.argv[1:]])

from eval.robustness.cases import OK, Case, build_cases  # noqa: E402
from eval.robustness.cases_hostile import build_hostile_cases  # noqa: E402
from eval.robustness.files import Hostile  # noqa: E402
from eval.robustness.workspace import Workspace  # noqa: E402

MEMORY_CEILING_MB = 3000  # a child above this is killed, to spare the shared machine
POLL = 0.05


@dataclass
class Outcome:
    case: Case
    code: int | None
    out: str
    err: str
    seconds: float
    problem: str = ""
    peak_mb: float = 0.0


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    out: IO[bytes]
    err: IO[bytes]
    inherited_mb: float  # our own peak when it started: what ru_maxrss inherits through exec
    code: int | None = None
    peak_mb: float = 0.0
    polled_mb: float = 0.0
    killed: str = ""
    done: bool = False


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident MB now and the high-water mark (VmHWM) of a process and its descendants."""
    now = peak = 0.0
    pids, seen = [pid], set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            status = Path(f"/proc/{p}/status").read_text(encoding="ascii", errors="replace")
            for task in Path(f"/proc/{p}/task").iterdir():
                pids += [int(n) for n in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        kb = {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM") if k in fields}
        now += kb.get("VmRSS", 0) / 1024
        peak = max(peak, kb.get("VmHWM", 0) / 1024)
    return now, peak


def watch(children: list[Child], timeout: float) -> None:
    """Wait for every child with os.wait4 (its rusage: peak memory), killing on time or memory.

    ru_maxrss of a child counts the memory of the process that started it (Linux keeps the
    high-water mark through fork and exec), so a peak not above our own peak at spawn time is
    taken from the child's VmHWM instead, polled every POLL seconds while it ran.
    """
    deadline = time.monotonic() + timeout
    while not all(c.done for c in children):
        for c in (c for c in children if not c.done):
            pid, status, usage = os.wait4(c.proc.pid, os.WNOHANG)
            if pid:
                rusage_mb = usage.ru_maxrss / 1024  # KB on Linux
                c.done = True
                c.peak_mb = rusage_mb if rusage_mb > c.inherited_mb + 1 else c.polled_mb
                c.proc.returncode = os.waitstatus_to_exitcode(status)
                c.code = None if c.killed else c.proc.returncode
                continue
            if c.killed:
                continue
            rss, high = memory_mb(c.proc.pid)
            c.polled_mb = max(c.polled_mb, high)
            if rss > MEMORY_CEILING_MB:
                c.killed = f"killed at {rss:,.0f} MB (over {MEMORY_CEILING_MB:,} MB)"
            elif time.monotonic() > deadline:
                c.killed = f"no answer within {timeout:.0f} s"
            if c.killed:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(c.proc.pid, signal.SIGKILL)
        time.sleep(POLL)


def run(case: Case, base_env: dict[str, str], before: list[Outcome]) -> Outcome:
    env = {**base_env, **case.env}
    for key in [k for k, v in env.items() if v == "<unset>"]:
        del env[key]
    args = case.args(before) if callable(case.args) else case.args
    with tempfile.TemporaryFile() as stdin, contextlib.ExitStack() as files:
        stdin.write(case.stdin or b"")
        children = []
        started = time.perf_counter()
        for _ in range(case.parallel):
            stdin.seek(0)
            out, err = (files.enter_context(tempfile.TemporaryFile()) for _ in "oe")
            proc = subprocess.Popen([str(CLI), *args], stdin=stdin, stdout=out, stderr=err,
                                    env=env, cwd=base_env["HOME"], start_new_session=True, close_fds=True)
            children.append(Child(proc, out, err, own_peak_mb()))
        watch(children, case.timeout)
        seconds = time.perf_counter() - started
        outcomes = [judged(case, c, seconds) for c in children]
    worst = next((o for o in outcomes if o.problem), outcomes[0])
    if len(outcomes) > 1 and worst.problem:
        worst.problem = f"run {outcomes.index(worst) + 1} of {len(outcomes)}: {worst.problem}"
    worst.peak_mb = max(o.peak_mb for o in outcomes)
    problems = [worst.problem] if worst.problem else []
    if case.post and (late := case.post()):
        problems.append(late)
    worst.problem = "; ".join(problems)
    return worst


def judged(case: Case, c: Child, seconds: float) -> Outcome:
    texts = []
    for stream in (c.out, c.err):
        stream.seek(0)
        texts.append(stream.read())
    err = texts[1].decode("utf-8", "replace")
    try:
        out = texts[0].decode("utf-8")
        outcome = Outcome(case, c.code, out, err, seconds, peak_mb=c.peak_mb)
        outcome.problem = c.killed or judge(case, outcome)
    except UnicodeDecodeError:
        outcome = Outcome(case, c.code, texts[0].decode("utf-8", "replace"), err, seconds,
                          c.killed or "stdout is not UTF-8", c.peak_mb)
    over = []
    if case.max_seconds is not None and seconds > case.max_seconds:
        over.append(f"{seconds:.1f} s > {case.max_seconds:g} s")
    if case.max_mb is not None and c.peak_mb > case.max_mb:
        over.append(f"{c.peak_mb:,.0f} MB > {case.max_mb:,.0f} MB")
    if over:
        outcome.problem = "; ".join(filter(None, [outcome.problem, "over its bound: " + ", ".join(over)]))
    return outcome


def judge(case: Case, o: Outcome) -> str:
    """Why the outcome breaks the contract, or "" when it is handled."""
    if "Traceback" in o.out or "Traceback" in o.err:
        return "a traceback was printed"
    if "panicked at" in o.out or "panicked at" in o.err:
        return "a Rust panic was printed"
    leaked = [word for word in case.never if word in o.out or word in o.err]
    if leaked:
        return f"{leaked[0]!r} appears in the output"
    if o.code not in case.codes:
        return f"exit {o.code}, expected {' or '.join(map(str, case.codes))}"
    if o.code != OK:
        if o.out:
            return "stdout is not empty on error"
        lines = o.err.splitlines()
        if len(lines) != 1 or not lines[0].startswith("Error: ") or not o.err.endswith("\n"):
            return "stderr is not exactly one 'Error: ' line"
        if case.err_has and case.err_has not in o.err:
            return f"the error does not name {case.err_has!r}"
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
    args = ["<made from the step before>"] if callable(case.args) else [arg(a) for a in case.args]
    text = f"{env} assistant {' '.join(args)}".strip()
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
    print("\nEvery case, its wall-clock time and peak resident memory (os.wait4's ru_maxrss; the polled"
          " VmHWM when that only shows what the child inherited from this process):\n")
    print("| case | result | exit | seconds | peak MB | bound |" + (" output |" if verbose else ""))
    print("|---|---|---:|---:|---:|---|" + ("---|" if verbose else ""))
    for o in outcomes:
        bound = ", ".join(filter(None, [
            f"≤ {o.case.max_seconds:g} s" if o.case.max_seconds is not None else "",
            f"≤ {o.case.max_mb:,.0f} MB" if o.case.max_mb is not None else ""]))
        runs = f" ×{o.case.parallel}" if o.case.parallel > 1 else ""
        line = (f"| {o.case.name}{runs} | {'FAIL' if o.problem else 'ok'} | {o.code} | {o.seconds:.1f} "
                f"| {o.peak_mb:,.0f} | {bound} |")
        print(line + (f" {excerpt(o)[:110]} |" if verbose else ""))
    return 0 if not failed else 1


def run_group(group: list[Case], env: dict[str, str]) -> list[Outcome]:
    """The cases of a group in order (each may read the outcomes before it)."""
    done: list[Outcome] = []
    for case in group:
        done.append(run(case, env, done))
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2, help="cases run at once (default 2)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--hostile", action="store_true", help="run only the hostile cases (issue 17)")
    parser.add_argument("--verbose", action="store_true", help="add each case's output to the table")
    options = parser.parse_args()
    if not CLI.is_file():
        print(f"Error: {CLI} does not exist; run `make install` first.", file=sys.stderr)
        return 1
    if not (ROOT / "index" / "CURRENT").is_file():
        print("Error: there is no index/ to copy; run `assistant index` first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp, Workspace(Path(tmp), ROOT) as ws:
        entries = [*([] if options.hostile else build_cases(ws)), *build_hostile_cases(ws, Hostile(ws))]
        groups = [e if isinstance(e, list) else [e] for e in entries]
        groups = [g for g in groups if not options.only or any(options.only in c.name for c in g)]
        names = [c.name for g in groups for c in g]
        assert len(names) == len(set(names)), "case names must be unique"
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            # the longest groups first, so that they do not finish alone at the end
            cost = sorted(range(len(groups)), key=lambda i: -sum(c.timeout * c.parallel for c in groups[i]))
            futures = {i: pool.submit(run_group, groups[i], ws.env) for i in cost}
            outcomes = [o for i in range(len(groups)) for o in futures[i].result()]
        return report(outcomes, time.perf_counter() - started, options.verbose)


if __name__ == "__main__":
    sys.exit(main())
