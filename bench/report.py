#!/usr/bin/env python3
"""Summarizes one bench/run.sh results directory as markdown: medians, ratios, per-stage times, insight agreement.

    report.py RESULTS_DIR
"""
import glob
import json
import os
import re
import statistics
import sys

# The targets, on 2 cores: at 100k customers the whole `takwimu pipeline` with both models under 10 s and
# 2 GB peak RSS; at 1M customers it completes within 6 GB; the SDK's overhead over plain DuckDB at most 1.15x.
TARGET_SECONDS_100K = 10.0
TARGET_RSS_MB_100K = 2048
TARGET_RSS_MB_1M = 6144
TARGET_VS_PLAIN = 1.15


def measurements(results):
    rows = {}
    with open(os.path.join(results, "measurements.tsv")) as handle:
        next(handle)
        for line in handle:
            tool, rep, wall, rss, others = line.rstrip("\n").split("\t")
            rows.setdefault(tool, {})[int(rep)] = (float(wall), int(rss) / 1024, float(others))
    return rows


def stage_times(results):
    """tool -> stage -> [seconds per repetition], from each tool's own log."""
    stages = {}

    def add(tool, stage, seconds):
        stages.setdefault(tool, {}).setdefault(stage, []).append(seconds)

    for tool in ("takwimu-pipeline", "takwimu-data"):
        for path in sorted(glob.glob(os.path.join(results, f"{tool}-*.log"))):
            for line in open(path):
                m = re.match(r"(\S+\.csv) -> (\S+): .*, ([0-9.]+)s\)$", line.strip())
                if m:
                    add(tool, f"ingest {m.group(1)} -> {m.group(2)}", float(m.group(3)))
                    continue
                m = re.match(r"(\S+) -> (\S+) \(version \d+\): .*, ([0-9.]+)s$", line.strip())
                if m:
                    kind = "score " if m.group(2).endswith("_scores") else ""
                    add(tool, f"{kind}{m.group(1)} -> {m.group(2)}", float(m.group(3)))
                    continue
                m = re.match(r"(\S+) \((\S+)\): AUC .*, ([0-9.]+)s$", line.strip())
                if m:
                    add(tool, f"train {m.group(1)} ({m.group(2)})", float(m.group(3)))
    for tool, prefix in (("plain-duckdb", "plain-duckdb step "), ("pandas", "pandas step ")):
        for path in sorted(glob.glob(os.path.join(results, f"{tool}-*.err"))):
            for line in open(path):
                if line.startswith(prefix):
                    name, seconds = line[len(prefix):].rsplit(None, 1)
                    if name.strip() != "start":
                        add(tool, name.strip(), float(seconds.rstrip("s")))
    return stages


def close(expected, actual):
    """The rule of the seed fixture's compare_insights.py: numbers within max(0.006, 1e-9 * |value|)."""
    problems = []
    for name, rows in expected.items():
        other = actual.get(name)
        if other is None:
            problems.append(f"{name}: missing")
            continue
        if len(other) != len(rows):
            problems.append(f"{name}: {len(other)} rows, expected {len(rows)}")
            continue
        for i, (e, a) in enumerate(zip(rows, other)):
            for key, value in e.items():
                got = a.get(key)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    if not isinstance(got, (int, float)) or abs(got - value) > max(0.006, 1e-9 * abs(value)):
                        problems.append(f"{name}[{i}].{key}: {got!r} != {value!r}")
                elif got != value:
                    problems.append(f"{name}[{i}].{key}: {got!r} != {value!r}")
    return problems


def main():
    results = sys.argv[1]
    rows = measurements(results)
    machine = open(os.path.join(results, "machine.txt")).read().strip()
    out = [f"## Benchmark results: {os.path.basename(results)}", "", "```", machine, "```", ""]

    def summary(tool):
        runs = rows[tool]
        walls = [w for w, _, _ in runs.values()]
        rss = [r for _, r, _ in runs.values()]
        return statistics.median(walls), min(walls), max(walls), statistics.median(rss), max(rss), len(walls)

    table = {}
    for tool in rows:
        table[tool] = summary(tool)
    if "takwimu-data" in rows and "takwimu-insights" in rows:
        both = {rep: (w + rows["takwimu-insights"][rep][0], max(r, rows["takwimu-insights"][rep][1]), 0)
                for rep, (w, r, _) in rows["takwimu-data"].items() if rep in rows["takwimu-insights"]}
        rows["takwimu-all"] = both
        table["takwimu-all"] = summary("takwimu-all")
    labels = {
        "takwimu-pipeline": "`takwimu pipeline` (ingest, curate, features, train and score both models)",
        "takwimu-data": "`takwimu pipeline --no-models` (ingest, curate, features)",
        "takwimu-insights": "`takwimu insights --all --format json`",
        "takwimu-all": "takwimu pipeline --no-models + insights",
        "plain-duckdb": "plain DuckDB SQL (curate, features, insights)",
        "pandas": "pandas (curate, features, insights)",
    }
    order = ("takwimu-pipeline", "takwimu-data", "takwimu-insights", "takwimu-all", "plain-duckdb", "pandas")
    plain = table.get("plain-duckdb", (None,))[0]
    pandas = table.get("pandas", (None,))[0]
    out += ["| tool | wall s (median) | min-max s | peak RSS MB (median) | vs plain DuckDB | speed-up vs pandas |",
            "|---|---:|---:|---:|---:|---:|"]
    for tool in order:
        if tool not in table:
            continue
        median, low, high, rss, _, n = table[tool]
        vs_plain = f"{median / plain:.2f}x" if plain and tool != "takwimu-insights" else ""
        vs_pandas = f"{pandas / median:.2f}x" if pandas and tool != "takwimu-insights" else ""
        out.append(f"| {labels[tool]} | {median:.2f} | {low:.2f}-{high:.2f} | {rss:.0f} | {vs_plain} | {vs_pandas} |")
    n = max(v[5] for v in table.values())
    others = max(o for runs in rows.values() for _, _, o in runs.values())
    out += ["", f"Median of {n} runs each; peak RSS is the measured process's maximum resident set (for takwimu, the "
            f"JVM). CPU time used by other processes during any kept run: at most {others:.2f} s.", ""]

    customers = int(re.search(r"customers=(\d+)", machine).group(1))
    checks = []
    if "takwimu-pipeline" in table:
        median, _, _, _, rss_max, _ = table["takwimu-pipeline"]
        if customers == 100_000:
            checks.append((f"100k customers: whole `pipeline` with both models under {TARGET_SECONDS_100K:.0f} s",
                           median < TARGET_SECONDS_100K, f"{median:.2f} s (median, JVM start included)"))
            checks.append(("100k customers: under 2 GB peak RSS", rss_max < TARGET_RSS_MB_100K,
                           f"highest of all runs {rss_max:.0f} MB"))
        if customers == 1_000_000:
            checks.append(("1M customers: completes within 6 GB RSS", rss_max < TARGET_RSS_MB_1M,
                           f"completed; highest of all runs {rss_max:.0f} MB"))
    if "takwimu-data" in table and plain:
        ratio = table["takwimu-data"][0] / plain
        everything = table.get("takwimu-all", table["takwimu-data"])[0] / plain
        checks.append((f"SDK overhead vs plain DuckDB at most {TARGET_VS_PLAIN}x", ratio <= TARGET_VS_PLAIN,
                       f"`pipeline --no-models` {ratio:.2f}x, + insights {everything:.2f}x (separate processes)"))
    if checks:
        out += ["| target | met | measured |", "|---|---|---|"]
        out += [f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in checks]
        out.append("")

    stages = stage_times(results)
    for tool, title in (("takwimu-pipeline", "takwimu pipeline, per step (as printed by the CLI)"),
                        ("takwimu-data", "takwimu pipeline --no-models, per stage (as printed by the CLI)"),
                        ("plain-duckdb", "plain DuckDB, per step"), ("pandas", "pandas, per step")):
        if tool not in stages:
            continue
        out += [f"{title}, median s:", "", "| stage | s |", "|---|---:|"]
        total = 0.0
        for stage, values in stages[tool].items():
            median = statistics.median(values)
            total += median
            out.append(f"| {stage} | {median:.2f} |")
        if tool in table:
            outside = {"takwimu-pipeline": "JVM and CLI start, DuckDB start, opening the lake, saving models, exit",
                       "takwimu-data": "JVM and CLI start, DuckDB start, opening the lake, exit",
                       "plain-duckdb": "JVM start, DuckDB start, exit",
                       "pandas": "interpreter start, imports, exit"}[tool]
            out.append(f"| outside the stages ({outside}) | {table[tool][0] - total:.2f} |")
        out.append("")

    last = max(rows.get("pandas", {0: None}).keys())
    reference = os.path.join(results, f"pandas-insights-{last}.json")
    comparisons = [("takwimu", os.path.join(results, f"takwimu-insights-{last}.json")),
                   ("plain DuckDB", os.path.join(results, f"plain-duckdb-insights-{last}.json"))]
    if os.path.exists(reference):
        expected = json.load(open(reference))
        out.append(f"Insights compared with pandas' (run {last}), numbers within max(0.006, 1e-9 x value):")
        out.append("")
        for name, path in comparisons:
            if not os.path.exists(path):
                continue
            problems = close(expected, json.load(open(path)))
            verdict = "all 10 insights match" if not problems else f"{len(problems)} differences: " + "; ".join(
                problems[:5])
            out.append(f"- {name}: {verdict}")
        out.append("")
    print("\n".join(out))
    mismatch = any("differences" in line for line in out)
    sys.exit(1 if mismatch else 0)


if __name__ == "__main__":
    main()
