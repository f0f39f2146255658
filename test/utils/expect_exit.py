#!/usr/bin/env python3
"""expect_exit.py CODE CMD...: runs CMD, passes its output through and
succeeds only if it exits with exactly CODE (lit's `not` accepts any
non-zero code; the exit codes are part of armor's interface)."""

import subprocess
import sys

expected = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT)
sys.stdout.buffer.write(proc.stdout)
if proc.returncode != expected:
    print("expect_exit: expected exit code %d, got %d" % (expected,
                                                          proc.returncode))
    sys.exit(1)
