#!/usr/bin/env python3
"""Bicep corpus tests over ../shared/corpus.

parse: runs `armor ir` on every .bicep and .bicepparam file of the corpus and
  fails on a crash, a hang, a syntax error in a file that must parse, or an
  Invalid* baseline sample that reports no error. Files that are expected to
  fail are listed, with the reason, in --expected (`path: reason` lines).

diff: the differential test. For every quickstart folder with a main.bicep
  beside a Bicep-generated azuredeploy.json, and every avm main.bicep beside
  its main.json, `armor ir` of the two must be byte-identical. Both get the
  same parameter file. ARMOR_BICEP_COMPAT is set to the compiler version
  recorded in the JSON, so the frontend reproduces that release's forms
  (the api version of nested deployments, ...). Pairs that may differ are
  listed in --expected as `path: category`; the test fails when a pair
  differs that is not listed (a regression) and reports listed pairs that
  now match, so the list only shrinks.

findings: the same pairs, same parameter file and compiler version, through
  `armor check -f json` with every rule on: the default rule set plus
  `--require-tag owner --allowed-location westeurope` and the configuration
  bicep-findings.armor.json (`unknown: note`, so the notes on values the rules
  could not decide are compared too; a resource group location, so locations
  that come from resourceGroup().location are checked). The two sides must
  report the same findings, compared as a multiset of identities:
  - a finding on a resource: (rule id, level, logical location), the logical
    location being the resource's `<type>/<name>` as the rules print it (the
    evaluated name, or its expression where it stays unknown). Both sides
    share it once their IR agrees, and it is what a user sees. The type part
    is compared case-insensitively, as ARM compares types (the compiler
    writes the casing of its type index; see resource_identity);
  - a diagnostic that names no resource (an input's error, a note on an
    unknown value): (rule id, level, message), counted once, since the
    compiler copies one Bicep expression to several places of the JSON and
    the same error is then reported once per copy.
  Source positions, file names and messages of findings on resources are not
  compared: they differ by design. Pairs that may differ are listed in
  --expected like the diff test's. The summary gives the share of all pairs
  with equal findings and the share among the pairs whose Bicep side has all
  its inputs (reports no unresolved-reference that the JSON side does not:
  a registry module or a load*() file the corpus lacks).

All modes print a summary and end with the plain `N passed, N failed` line.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys


def walk(root, suffixes):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(suffixes):
                yield os.path.join(dirpath, name)


def read_expected(path):
    expected = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                key, _, reason = line.partition(": ")
                expected[key] = reason
    return expected


def run_armor(armor, args, timeout, env=None, command="ir"):
    try:
        proc = subprocess.run([armor, command] + args, capture_output=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, b"", b"hang"
    return proc.returncode, proc.stdout, proc.stderr


def errors_of(stderr):
    text = stderr.decode("utf-8", "replace")
    return [l for l in text.splitlines()
            if re.search(r"error: .*\[(syntax|semantic)-error\]", l)]


def parse_mode(args):
    corpus = args.corpus
    files = []
    for sub in ("bicep/baselines", "bicep/baselines_bicepparam",
                "bicep/user_submitted", "avm", "quickstart"):
        for path in walk(os.path.join(corpus, sub), (".bicep", ".bicepparam")):
            base = os.path.basename(path)
            # The baselines' echoed diagnostics are not programs.
            if ".diagnostics." in base or ".formatted." in base:
                continue
            files.append(path)

    def one(path):
        if path.endswith(".bicepparam"):
            # A parameter file is read with the template it names.
            with open(path, encoding="utf-8-sig", errors="replace") as f:
                m = re.search(r"^\s*using\s+'([^']+)'", f.read(), re.M)
            target = m and os.path.join(os.path.dirname(path), m.group(1))
            if not target or not os.path.exists(target):
                return path, 0, b""
            code, _, err = run_armor(args.armor, [target, "-p", path],
                                     args.timeout)
            # The template's own diagnostics do not count.
            lines = [l for l in err.split(b"\n")
                     if not l.startswith(os.path.normpath(target).encode())]
            return path, code, b"\n".join(lines)
        code, _, err = run_armor(args.armor, [path], args.timeout)
        return path, code, err

    failures, invalid_ok, valid_ok = [], 0, 0
    listed = read_expected(args.expected)
    seen_listed = set()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for path, code, err in pool.map(one, files):
            rel = os.path.relpath(path, corpus)
            # The sample that must fail: an Invalid* baseline's main.bicep,
            # an Invalid_* parameters baseline's parameters.bicepparam.
            base = os.path.basename(path)
            parent = os.path.dirname(os.path.dirname(path))
            invalid = (os.path.basename(os.path.dirname(path)).startswith("Invalid")
                       and parent.endswith("baselines") and base == "main.bicep") or \
                ("/baselines_bicepparam/Invalid_" in path and
                 base == "parameters.bicepparam")
            if code is None:
                failures.append("%s: hang" % rel)
                continue
            if code not in (0, 1, 3):
                failures.append("%s: crash (exit %d) %s" %
                                (rel, code, err.decode("utf-8", "replace")[-300:]))
                continue
            errs = errors_of(err)
            syntax = [e for e in errs if "[syntax-error]" in e]
            if invalid:
                if errs:
                    invalid_ok += 1
                elif rel in listed:
                    seen_listed.add(rel)
                else:
                    failures.append("%s: an Invalid sample reports no error" % rel)
                continue
            if not syntax:
                valid_ok += 1
                continue
            if rel in listed:
                seen_listed.add(rel)
                continue
            failures.append("%s: %s" % (rel, syntax[0]))
    total = len(files)
    print("parsed %d files: %d valid without syntax errors, %d Invalid samples "
          "with errors, %d listed exceptions" %
          (total, valid_ok, invalid_ok, len(seen_listed)))
    for key in sorted(set(listed) - seen_listed):
        print("listed exception no longer applies: %s" % key)
    for f in failures:
        print("FAIL %s" % f)
    print("%d passed, %d failed" % (total - len(failures), len(failures)))
    return 1 if failures else 0


def pairs(corpus):
    for sub, json_name in (("quickstart", "azuredeploy.json"), ("avm", "main.json"),
                           ("bicep/baselines", "main.json")):
        for dirpath, dirnames, filenames in os.walk(os.path.join(corpus, sub)):
            dirnames.sort()
            if "main.bicep" not in filenames or json_name not in filenames:
                continue
            if os.path.basename(dirpath).startswith("Invalid"):
                continue  # the compiler's samples of errors
            path = os.path.join(dirpath, json_name)
            try:
                with open(path, encoding="utf-8-sig") as f:
                    template = json.load(f)
            except (ValueError, OSError):
                continue
            generator = template.get("metadata", {}).get("_generator", {})
            if generator.get("name") != "bicep":
                continue
            yield os.path.join(dirpath, "main.bicep"), path, generator.get("version", "")


def compiler_env(version):
    """The environment of both sides of a pair: the compiler release whose
    forms the frontend reproduces, and no Bicep module cache unless
    ARMOR_BICEP_CACHE names one (the user's ~/.bicep would make the
    figures depend on the machine)."""
    env = dict(os.environ, ARMOR_BICEP_COMPAT=version)
    env.setdefault("ARMOR_BICEP_CACHE", os.path.join(os.sep, "nonexistent",
                                                     "armor-bicep-cache"))
    return env


def parameter_file(bicep, template):
    """The parameter file both sides get: the one armor would find for the
    Bicep file, else the one it would find for the JSON."""
    stem = os.path.splitext(bicep)[0]
    for candidate in (stem + ".bicepparam", stem + ".parameters.json",
                      os.path.splitext(template)[0] + ".parameters.json"):
        if os.path.exists(candidate):
            return candidate
    return None


def finish(args, header, total, categories, fixed, failures, updated):
    """The end of a differential mode: the categories of listed differences,
    the pairs that now match, the failures; with --update, rewrites the list
    under \p header. Returns the exit status."""
    for category, count in sorted(categories.items(), key=lambda x: -x[1]):
        print("  differ: %4d  %s" % (count, category))
    for rel in fixed:
        print("now matches (remove it from the list): %s" % rel)
    for f in failures:
        print("FAIL %s" % f)
    if args.update:
        with open(args.expected, "w", encoding="utf-8") as f:
            f.write(header)
            for line in sorted(updated):
                f.write(line + "\n")
    print("%d passed, %d failed" % (total - len(failures), len(failures)))
    return 1 if failures else 0


def diff_mode(args):
    corpus = args.corpus
    work = list(pairs(corpus))
    listed = read_expected(args.expected)

    def one(item):
        bicep, template, version = item
        env = compiler_env(version)
        params = parameter_file(bicep, template)
        extra = ["-p", params] if params else []
        b = run_armor(args.armor, [bicep] + extra, args.timeout, env)
        j = run_armor(args.armor, [template] + extra, args.timeout, env)
        return bicep, b, j

    matched, failures, fixed, categories = 0, [], [], {}
    updated = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for bicep, b, j in pool.map(one, work):
            rel = os.path.relpath(bicep, corpus)
            if b[0] is None or j[0] is None:
                failures.append("%s: hang" % rel)
                continue
            if b[0] not in (0, 1, 3):
                failures.append("%s: crash (exit %d)" % (rel, b[0]))
                continue
            if b[1] == j[1]:
                matched += 1
                if rel in listed:
                    fixed.append(rel)
                continue
            category = listed.get(rel)
            if category is None:
                failures.append("%s: the IR differs from the compiled JSON's" % rel)
                category = "unexplained"
            categories[category] = categories.get(category, 0) + 1
            updated.append("%s: %s" % (rel, category))
    total = len(work)
    print("%d of %d pairs print the same IR (%.1f%%)" %
          (matched, total, 100.0 * matched / max(total, 1)))
    return finish(args, "# Differential test: pairs whose IR may differ, with why.\n"
                        "# Written by bicep_corpus.py diff --update; review the "
                        "diff.\n", total, categories, fixed, failures, updated)


def resource_identity(location):
    """A logical location `<type>/<name>` with its type in lower case: ARM
    resource types are case-insensitive, and the compiler writes the casing
    of its type index where the Bicep file has its own. A name expression
    starts with `[`; a constant name has one segment per type segment after
    the namespace. A location that splits neither way is kept as it is."""
    cut = location.find("/[")
    if cut < 0:
        segments = location.split("/")
        if len(segments) % 2 == 0:
            return location
        cut = len("/".join(segments[:1 + len(segments) // 2]))
    return location[:cut].lower() + location[cut:]


def findings_of(stdout):
    """The finding identities in `armor check -f json` output, counted: a
    finding on a resource by (rule id, level, logical location); one that
    names no resource (an input's error, an unknown value's note) by (rule
    id, level, message), counted once."""
    try:
        findings = json.loads(stdout.decode("utf-8", "replace"))
    except ValueError:
        return None
    identities = {}
    for f in findings:
        if f["logicalLocation"]:
            key = (f["ruleId"], f["level"], resource_identity(f["logicalLocation"]))
            identities[key] = identities.get(key, 0) + 1
        else:
            identities[(f["ruleId"], f["level"],
                        "(no resource) " + f["message"])] = 1
    return identities


def describe_difference(b, j):
    lines = []
    for key in sorted(set(b) | set(j)):
        nb, nj = b.get(key, 0), j.get(key, 0)
        if nb != nj:
            lines.append("    %s %s %s: %d in Bicep, %d in JSON" %
                         (key[0], key[1], key[2], nb, nj))
    return lines


def findings_mode(args):
    corpus = args.corpus
    work = list(pairs(corpus))
    listed = read_expected(args.expected)
    config = args.config or os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "bicep-findings.armor.json")
    flags = ["-f", "json", "--fail-on", "none", "--config", config,
             "--require-tag", "owner", "--allowed-location", "westeurope"]

    def one(item):
        bicep, template, version = item
        env = compiler_env(version)
        params = parameter_file(bicep, template)
        extra = flags + (["-p", params] if params else [])
        b = run_armor(args.armor, extra + [bicep], args.timeout, env, "check")
        j = run_armor(args.armor, extra + [template], args.timeout, env, "check")
        return bicep, b, j

    matched, failures, fixed, categories = 0, [], [], {}
    updated, compared = [], 0
    complete_total, complete_matched = 0, 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for bicep, b, j in pool.map(one, work):
            rel = os.path.relpath(bicep, corpus)
            if b[0] is None or j[0] is None:
                failures.append("%s: hang" % rel)
                continue
            if b[0] not in (0, 1, 3) or j[0] not in (0, 1, 3):
                failures.append("%s: crash (exit %d, %d)" % (rel, b[0], j[0]))
                continue
            fb, fj = findings_of(b[1]), findings_of(j[1])
            if fb is None or fj is None:
                failures.append("%s: no JSON findings" % rel)
                continue
            compared += sum(fb.values())
            # The Bicep side names a module or file it cannot read.
            complete = not any(key[0] == "unresolved-reference" and key not in fj
                               for key in fb)
            complete_total += complete
            if fb == fj:
                matched += 1
                complete_matched += complete
                if rel in listed:
                    fixed.append(rel)
                continue
            category = listed.get(rel)
            if category is None:
                failures.append("%s: the findings differ\n%s" %
                                (rel, "\n".join(describe_difference(fb, fj))))
                category = "unexplained"
            elif args.verbose:
                print("differ (%s): %s\n%s" % (category, rel,
                      "\n".join(describe_difference(fb, fj))))
            categories[category] = categories.get(category, 0) + 1
            updated.append("%s: %s" % (rel, category))
    total = len(work)
    print("%d of %d pairs report the same findings (%.1f%%); %d findings "
          "compared" % (matched, total, 100.0 * matched / max(total, 1),
                        compared))
    print("%d of %d pairs whose Bicep side has all its inputs report the same "
          "findings (%.1f%%)" % (complete_matched, complete_total,
                                 100.0 * complete_matched /
                                 max(complete_total, 1)))
    return finish(args, "# Findings test: pairs whose findings may differ, with "
                        "why.\n# Written by bicep_corpus.py findings --update; "
                        "review the diff.\n", total, categories, fixed, failures,
                  updated)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["parse", "diff", "findings"])
    parser.add_argument("armor")
    parser.add_argument("corpus")
    parser.add_argument("--expected")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--config",
                        help="findings: the armor configuration (default: "
                             "bicep-findings.armor.json beside this script)")
    parser.add_argument("--verbose", action="store_true",
                        help="findings: print the differences of listed pairs")
    parser.add_argument("--update", action="store_true",
                        help="diff, findings: rewrite --expected from this "
                             "run, keeping "
                             "the categories of listed pairs")
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        print("corpus not found at %s" % args.corpus)
        print("0 passed, 0 failed")
        return 0
    if args.mode == "parse":
        return parse_mode(args)
    if args.mode == "findings":
        return findings_mode(args)
    return diff_mode(args)


if __name__ == "__main__":
    sys.exit(main())
