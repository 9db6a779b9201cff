#!/usr/bin/env python3
"""Turns one JMH JSON result (+ the Node peer's output) into the markdown tables of docs/PERFORMANCE.md."""
import json
import re
import sys


def main():
    jmh = json.load(open(sys.argv[1]))
    node = {}
    if len(sys.argv) > 2:
        try:
            for line in open(sys.argv[2]):
                if line.startswith("{"):
                    node = json.loads(line)["results"]
        except OSError:
            pass
    rows = []
    for r in jmh:
        bench = r["benchmark"].split(".")[-2]
        jit = r["benchmark"].split(".")[-1].upper()
        p = r.get("params", {})
        m = r["primaryMetric"]
        unit = m["scoreUnit"]
        factor = 1000.0 if unit.startswith("us") else 1.0
        ns, err = m["score"] * factor, m["scoreError"] * factor
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        # tokens (cached/new) and profiles, where a benchmark has them, name the case beside the benchmark
        case = ", ".join(f"{k}={p[k]}" for k in ("tokens", "profiles") if k in p)
        rows.append((f"{bench} ({case})" if case else bench, p.get("alg", ""), p.get("provider", ""), jit, ns, err,
                     alloc))
    print("| benchmark | alg | provider | JIT | ns/op (± 99.9% CI) | ops/s | B/op | vs Node |")
    print("|---|---|---|---|---:|---:|---:|---:|")
    for bench, alg, prov, jit, ns, err, alloc in rows:
        ops = 1e9 / ns
        vs = ""
        if alg in node:
            vs = f"{ops / node[alg]['opsPerSecond']:.2f}×"
        a = "" if alloc is None else f"{alloc:,.0f}"
        print(f"| {bench} | {alg} | {prov} | {jit} | {ns:,.0f} ± {err:,.0f} | {ops:,.0f} | {a} | {vs} |")
    for alg, v in node.items():
        print(f"| Node aws-jwt-verify 5.2.1 | {alg} | node:crypto | V8 | {v['nsPerOp']:,} | {v['opsPerSecond']:,} (sd {v['sd']:,}) | | 1.00× |")


if __name__ == "__main__":
    main()
