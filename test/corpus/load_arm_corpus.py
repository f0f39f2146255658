#!/usr/bin/env python3
"""Runs `armor ir` over every ARM template in the shared corpus.

Fails on any crash (a signal or an exit code other than 0 or 3), on any hang
(a per-file timeout), and when the set of rejected templates differs from the
reviewed list in --expected (one `path: first error` line per file), so that a
regression in the reader or the lowering shows up as a diff.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

SCHEMA = re.compile(rb'"\$schema"\s*:\s*"[^"]*deploymentTemplate', re.I)


def find_templates(root):
    for folder in ("quickstart", "avm", "bicep"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.lower().endswith(".json"):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, "rb") as f:
                    head = f.read(4096)
                if SCHEMA.search(head):
                    yield path


def run(armor, path, timeout):
    try:
        proc = subprocess.run([armor, "ir", path], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return path, "hang", ""
    err = proc.stderr.decode("utf-8", "replace")
    first = next((l for l in err.splitlines() if ": error: " in l), "")
    if proc.returncode == 0:
        return path, "ok", ""
    if proc.returncode == 3:
        if "is not an ARM template" in first:
            # The $schema is nested (a template spec wrapper): not a template.
            return path, "skipped", ""
        return path, "rejected", first
    return path, "crash", "exit %d: %s" % (proc.returncode, err[-500:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("armor")
    parser.add_argument("corpus")
    parser.add_argument("--expected")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--update", action="store_true",
                        help="rewrite --expected from this run")
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        print("corpus not found at %s" % args.corpus)
        return 1
    paths = list(find_templates(args.corpus))
    counts = {"ok": 0, "skipped": 0, "rejected": 0, "crash": 0, "hang": 0}
    rejected, failures = [], []
    workers = os.cpu_count() or 2
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for path, status, detail in pool.map(
                lambda p: run(args.armor, p, args.timeout), paths):
            counts[status] += 1
            rel = os.path.relpath(path, args.corpus)
            if status == "rejected":
                # Keep only the message: line numbers would make the list
                # brittle, the path and reason are what a reviewer checks.
                reason = re.sub(r"^.*?: error: ", "", detail)
                rejected.append("%s: %s" % (rel, reason))
            elif status in ("crash", "hang"):
                failures.append("%s: %s %s" % (rel, status, detail))
    rejected.sort()
    print("templates: %d, loaded: %d, not templates: %d, rejected: %d, "
          "crashed: %d, hung: %d" %
          (len(paths), counts["ok"], counts["skipped"], counts["rejected"],
           counts["crash"], counts["hang"]))
    for line in failures:
        print("FAIL " + line)
    status = 1 if failures or not paths else 0
    if args.expected:
        if args.update:
            with open(args.expected, "w") as f:
                f.write("".join(l + "\n" for l in rejected))
        else:
            with open(args.expected) as f:
                expected = [l.rstrip("\n") for l in f if l.strip()]
            if expected != rejected:
                print("rejected templates differ from %s:" % args.expected)
                for l in sorted(set(expected) - set(rejected)):
                    print("  no longer rejected: " + l)
                for l in sorted(set(rejected) - set(expected)):
                    print("  newly rejected:     " + l)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
