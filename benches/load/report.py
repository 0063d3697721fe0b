#!/usr/bin/env python3
"""Summarizes the wrk runs of run.sh: per case the median requests/s over the rounds, the
median p50, the worst p99, the GraphQL and socket errors, and the ratio of the median rps to
the ceiling's median rps. Checks issue #8's targets and exits 1 when one is missed.

usage: report.py results.tsv PREPARED ROUNDS
"""
import statistics
import sys
from collections import defaultdict

path, prepared, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = defaultdict(list)
for line in open(path):
    _round, case, requests, rps, p50, p99, errors, socket = line.split("\t")
    runs[case].append((int(requests), float(rps), float(p50), float(p99), int(errors), int(socket)))

ceiling = statistics.median(r[1] for r in runs["ceiling"])
targets = {"typename": 0.65, "code": 0.5, "search": 0.25}
missed = []
print("\n| case | requests/s | p50 ms | p99 ms | ratio to ceiling | target | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for case, rs in runs.items():
    rps = statistics.median(r[1] for r in rs)
    p50 = statistics.median(r[2] for r in rs)
    p99 = max(r[3] for r in rs)
    errors = sum(r[4] + r[5] for r in rs)
    ratio = rps / ceiling
    target = targets.get(case)
    print(f"| {case} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {ratio:.2f}× | "
          f"{'≥ %.2f×' % target if target else ''} | {errors} |")
    if target and ratio < target:
        missed.append(f"{case}: {ratio:.2f}× the ceiling, target {target}×")
    if p99 > 50:
        missed.append(f"{case}: p99 {p99:.1f} ms over 50 ms")
    if errors:
        missed.append(f"{case}: {errors} responses with errors")
    if case.startswith("submit") and max(r[0] for r in rs) >= prepared // rounds:
        missed.append(f"{case}: ran out of prepared ids; raise PREPARED")
print()
if missed:
    print("targets missed:\n  " + "\n  ".join(missed))
    sys.exit(1)
print("all targets met")
