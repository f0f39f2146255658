#!/usr/bin/env python3
"""Prints one line per SARIF result, for FileCheck:
   [baselineState] ruleId level uri:startLine:startColumn-endLine:endColumn
   message {suppressed:kind:justification} fingerprint=<first 12 hex>"""

import json
import sys

log = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
for run in log["runs"]:
    for r in run.get("results", []):
        loc = r["locations"][0]["physicalLocation"]
        region = loc.get("region", {})
        parts = []
        if "baselineState" in r:
            parts.append(r["baselineState"])
        parts.append(r["ruleId"])
        parts.append(r.get("level", "warning"))
        parts.append("%s:%s:%s-%s:%s" % (
            loc["artifactLocation"]["uri"], region.get("startLine", "?"),
            region.get("startColumn", "?"), region.get("endLine", "?"),
            region.get("endColumn", "?")))
        parts.append(r["message"]["text"])
        for s in r.get("suppressions", []):
            parts.append("{suppressed:%s:%s}" % (s["kind"],
                                                s.get("justification", "")))
        fp = r.get("partialFingerprints", {}).get("armorFingerprint/v1", "")
        parts.append("fingerprint=" + fp[:12])
        print(" ".join(parts))
