#!/usr/bin/env python3
"""Generates ARM templates with one NSG of N overlapping rules and times
`armor check` on them end to end (read, lower, evaluate, analyze, report).

The rules have the shape of bench/NsgBench.cpp: 4000 source prefixes in
total (nested IPv4 CIDRs in a few blocks, IPv6, service tags), destinations
`*`, VirtualNetwork or prefixes, destination ports that are single ports,
ranges and lists. Usage:

  bench/nsg_templates.py --armor build/bin/armor [--sizes 100,500,1000]
                         [--out DIR] [--repeat 3]
"""

import argparse
import json
import os
import random
import subprocess
import tempfile
import time

COMMON_PORTS = ["22", "80", "443", "3389", "1433", "8080", "5985", "53",
                "25", "3306"]
TAGS = ["Internet", "VirtualNetwork", "AzureLoadBalancer", "Storage",
        "Sql.WestEurope", "AzureCloud"]
BLOCKS = [0x0A000000, 0xAC100000, 0x14000000, 0x28000000]


def ipv4(address, length):
    address &= (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF if length else 0
    return "%d.%d.%d.%d/%d" % (address >> 24, (address >> 16) & 255,
                               (address >> 8) & 255, address & 255, length)


def prefix_pool(count, rng):
    pool = []
    for _ in range(count):
        kind = rng.randrange(100)
        if kind < 2:
            pool.append(rng.choice(TAGS))
        elif kind < 10:
            pool.append("2001:db8:%x:%x::/%d" % (rng.randrange(16),
                                                  rng.randrange(65536),
                                                  48 + rng.randrange(17)))
        else:
            block = rng.choice(BLOCKS)
            pool.append(ipv4(block | rng.getrandbits(24), 12 + rng.randrange(21)))
    return pool


def make_template(count, total_prefixes=4000, seed=42):
    rng = random.Random(seed + count)
    sources = prefix_pool(total_prefixes, rng)
    destinations = prefix_pool(60, rng)
    per_rule = total_prefixes // count
    rules = []
    for i in range(count):
        kind = rng.randrange(100)
        if kind < 30:
            dst = ["*"]
        elif kind < 50:
            dst = ["VirtualNetwork"]
        else:
            dst = [rng.choice(destinations) for _ in range(1 + rng.randrange(2))]
        kind = rng.randrange(100)
        if kind < 40:
            ports = [rng.choice(COMMON_PORTS)]
        elif kind < 70:
            lo = 1 + rng.randrange(60000)
            ports = ["%d-%d" % (lo, lo + 1 + rng.randrange(2000))]
        elif kind < 90:
            ports = [rng.choice(COMMON_PORTS) for _ in range(2 + rng.randrange(2))]
        else:
            ports = ["*"]
        protocol = rng.randrange(100)
        rules.append({
            "name": "rule-%d" % i,
            "properties": {
                "priority": 100 + 3 * i,
                "direction": "Inbound",
                "access": "Allow" if rng.randrange(100) < 60 else "Deny",
                "protocol": "Tcp" if protocol < 50 else "Udp" if protocol < 70 else "*",
                "sourceAddressPrefixes": sources[i * per_rule:(i + 1) * per_rule],
                "sourcePortRange": "*" if rng.randrange(100) < 95 else "1024-65535",
                "destinationAddressPrefixes": dst,
                "destinationPortRanges": ports,
            },
        })
    rng.shuffle(rules)
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [{
            "type": "Microsoft.Network/networkSecurityGroups",
            "apiVersion": "2023-09-01",
            "name": "nsg-bench",
            "location": "westeurope",
            "properties": {"securityRules": rules},
        }],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--armor", required=True)
    parser.add_argument("--sizes", default="100,200,400,600,800,1000")
    parser.add_argument("--out", help="keep the templates in this directory")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="armor-nsg-bench-")
    os.makedirs(out, exist_ok=True)
    print("%6s %10s %10s" % ("rules", "best s", "MB"))
    for size in (int(s) for s in args.sizes.split(",")):
        path = os.path.join(out, "nsg-%d.json" % size)
        with open(path, "w") as f:
            json.dump(make_template(size), f, indent=1)
        best = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([args.armor, "check", "--fail-on", "none",
                            "--format", "json", "-o", os.devnull, path],
                           check=True)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print("%6d %10.3f %10.1f" % (size, best, os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
