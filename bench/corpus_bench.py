#!/usr/bin/env python3
"""`make bench`: corpus throughput of armor, side by side with a bare JSON
parse of the same files, in one run (the machine is noisy: compare within a
run, never across runs). Prints files and bytes, wall times for 1 and 2
threads, the ratio to the bare parse, peak RSS and the largest input."""

import argparse
import os
import re
import subprocess
import sys
import time

SCHEMA = re.compile(rb'"\$schema"\s*:\s*"[^"]*deploymentTemplate', re.I)


def arm_templates(corpus):
    for folder in ("quickstart", "avm", "bicep"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(corpus, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".json"):
                    path = os.path.join(dirpath, name)
                    with open(path, "rb") as f:
                        if SCHEMA.search(f.read(4096)):
                            yield path


def run_timed(cmd):
    """Runs cmd; returns (wall seconds, peak RSS in MB of that process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 3):
        sys.stderr.write(stderr.decode(errors="replace")[-2000:])
        raise SystemExit("armor failed with exit code %d" % code)
    return wall, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--armor", required=True)
    ap.add_argument("--bench-dir", required=True)
    ap.add_argument("--corpus", required=True)
    args = ap.parse_args()

    files = list(arm_templates(args.corpus))
    total = sum(os.path.getsize(f) for f in files)
    largest = max(files, key=os.path.getsize)
    listing = os.path.join(args.bench_dir, "arm-templates.txt")
    print("== corpus: %d ARM templates, %.1f MB; largest %s (%.2f MB)" %
          (len(files), total / 1e6, os.path.relpath(largest, args.corpus),
           os.path.getsize(largest) / 1e6))

    print("\n== in-process load throughput (same bytes, same process)")
    sys.stdout.flush()
    subprocess.run([os.path.join(args.bench_dir, "armor-load-bench"),
                    os.path.join(args.corpus, "quickstart"),
                    os.path.join(args.corpus, "avm"),
                    os.path.join(args.corpus, "bicep")], check=True)

    dirs = [os.path.join(args.corpus, d) for d in ("quickstart", "avm", "bicep")]
    base = [args.armor, "check", "--fail-on", "none", "-f", "sarif",
            "-o", os.devnull, "--require-tag", "owner"]

    # The goal's comparison: the whole analysis of the ARM templates against
    # a process that only reads and parses the same files, one thread each.
    with open(listing, "w") as f:
        f.write("\n".join(files) + "\n")
    print("\n== the %d ARM templates: armor check -j 1 against a bare parse "
          "(whole processes, best of 3, interleaved)" % len(files))
    bare_cmd = [os.path.join(args.bench_dir, "armor-load-bench"),
                "--bare-parse", listing]
    armor_cmd = base + ["-j", "1"] + files
    bare, full, full_rss = [], [], 0.0
    for _ in range(3):
        bare.append(run_timed(bare_cmd)[0])
        wall, rss = run_timed(armor_cmd)
        full.append(wall)
        full_rss = max(full_rss, rss)
    print("  bare nlohmann parse: %.2f s (%.1f MB/s)" %
          (min(bare), total / 1e6 / min(bare)))
    print("  armor check:         %.2f s (%.1f MB/s), peak RSS %.0f MB" %
          (min(full), total / 1e6 / min(full), full_rss))
    print("  ratio: %.2fx the bare parse (goal: at most 2x)" %
          (min(full) / min(bare)))
    arm_only = ["--exclude", "*.bicep", "--exclude", "*.bicepparam"]
    for title, extra in (("ARM templates only", arm_only),
                         ("ARM and Bicep", [])):
        print("\n== armor check over the corpus, %s (end to end)" % title)
        results = {}
        for jobs in (1, 2):
            wall, rss = run_timed(base + extra + ["-j", str(jobs)] + dirs)
            results[jobs] = wall
            print("  -j %d: %.2f s, peak RSS %.0f MB" % (jobs, wall, rss))
        print("  speed-up 1 -> 2 threads: %.2fx" % (results[1] / results[2]))

    print("\n== one typical quickstart template end to end (process start included)")
    typical = sorted(files, key=lambda f: abs(os.path.getsize(f) - 20000))[0]
    walls = []
    for _ in range(20):
        wall, rss = run_timed([args.armor, "check", "--fail-on", "none", typical])
        walls.append(wall)
    walls.sort()
    print("  %s (%.1f KB): median %.1f ms, best %.1f ms, peak RSS %.1f MB" %
          (os.path.relpath(typical, args.corpus), os.path.getsize(typical) / 1e3,
           walls[len(walls) // 2] * 1e3, walls[0] * 1e3, rss))

    print("\n== largest input alone: peak memory against its size")
    wall, rss = run_timed([args.armor, "check", "--fail-on", "none", largest])
    print("  %.2f s, peak RSS %.1f MB = %.1fx the file" %
          (wall, rss, rss * 1024 * 1024 / os.path.getsize(largest)))

    print("\n== Bicep: parse and lower throughput over avm, and the Bicep path "
          "against the ARM path on the main.bicep/main.json pairs")
    sys.stdout.flush()
    subprocess.run([os.path.join(args.bench_dir, "armor-bicep-bench"),
                    args.corpus], check=True)

    print("\n== NSG analysis on generated NSGs (100..1000 overlapping rules, 4000 prefixes)")
    sys.stdout.flush()
    subprocess.run([sys.executable,
                    os.path.join(os.path.dirname(__file__), "nsg_templates.py"),
                    "--armor", args.armor], check=False)

    for extra in sorted(os.listdir(args.bench_dir)):
        if extra.startswith("armor-") and extra.endswith("-microbench"):
            print("\n== %s" % extra)
            sys.stdout.flush()
            subprocess.run([os.path.join(args.bench_dir, extra),
                            "--benchmark_min_time=0.2"], check=False)


if __name__ == "__main__":
    main()
