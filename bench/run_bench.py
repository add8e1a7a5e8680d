"""Run the benchmarks under upstream backtrader and under ours, side by side.

Every run is a separate subprocess that sees only one engine (see
``tests/upstream.py``).  Wall time covers the whole process (interpreter
start, imports, CSV parsing, the run, exit); peak RSS comes from
``os.wait4``.  Both engines' one-line JSON summaries are compared so a fast
but wrong result is visible.

Usage::

    python bench/gen_data.py                  # once: writes bench/data/
    python bench/run_bench.py [--only a,b] [--engine ours|upstream|both] [--repeat N]
                              [--data-dir DIR] [--timeout SECONDS]

``--only`` takes benchmark names or their letters (``a`` = a_runonce and
a_next).  Results are also saved as JSON in ``bench/results/``.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
import upstream  # noqa: E402

# name -> (script, arguments, data file it needs)
BENCHMARKS = [
    ("a_runonce", "bm_crossover.py", ["--runonce", "1"], "bars_200k.csv"),
    ("a_next", "bm_crossover.py", ["--runonce", "0"], "bars_200k.csv"),
    ("b_typical", "bm_typical.py", [], "bars_200k.csv"),
    ("c_ticks", "bm_ticks.py", [], "ticks_1m.csv"),
    ("d_exactbars", "bm_exactbars.py", [], "bars_2m.csv"),
    ("e_runonce", "bm_indicators.py", ["--runonce", "1"], "bars_200k.csv"),
    ("e_next", "bm_indicators.py", ["--runonce", "0"], "bars_200k.csv"),
]


def run_once(engine, script, args, timeout):
    """Run one benchmark process; return (seconds, peak RSS MB, summary, error)."""
    cmd = upstream.python_cmd(os.path.join(HERE, script), args)
    env = upstream.engine_env(engine, {"BT_BENCH_ENGINE": engine})
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=HERE, env=env, stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            # reap the child ourselves: wait4 also reports its resource usage
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    rss_mb = usage.ru_maxrss / 1024.0  # Linux: kilobytes
    if proc.returncode != 0:
        why = "killed after %ss timeout" % timeout if elapsed >= timeout else \
            "exit %d" % proc.returncode
        return elapsed, rss_mb, None, why + "\n" + stderr[-3000:]
    return elapsed, rss_mb, _summary(stdout), None


def _summary(out):
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def measure(engines, script, args, repeat, timeout, report):
    """Best wall time and largest peak RSS over ``repeat`` runs per engine.

    The engines take turns (upstream, ours, upstream, ours, ...) so that
    both see the same spells of a busy or quiet machine.
    """
    runs = {engine: {"times": [], "rss": [], "summary": None} for engine in engines}
    failed = {}
    for _ in range(repeat):
        for engine in engines:
            if engine in failed:
                continue
            t, m, summary, error = run_once(engine, script, args, timeout)
            if error:
                failed[engine] = {"error": error}
                continue
            run = runs[engine]
            run["times"].append(t)
            run["rss"].append(m or 0.0)
            run["summary"] = summary
            report(engine, t, m)
    results = {}
    for engine in engines:
        run = runs[engine]
        results[engine] = failed.get(engine) or {
            "seconds": min(run["times"]), "all_seconds": run["times"],
            "rss_mb": max(run["rss"]), "summary": run["summary"]}
    return results


def _ratio(up, ours):
    return "%.2fx" % (up / ours) if up and ours else "-"


def _cell(res, key, fmt):
    if res is None:
        return "-"
    if "error" in res:
        return "FAIL"
    return fmt % res[key]


def print_table(results, engines):
    head = ["benchmark", "upstream s", "ours s", "time up/ours",
            "upstream MB", "ours MB", "mem up/ours", "same result"]
    rows = []
    for name, res in results.items():
        up, ours = res.get("upstream"), res.get("ours")
        ok = lambda r: r is not None and "error" not in r  # noqa: E731
        same = "-"
        if ok(up) and ok(ours):
            same = "yes" if up["summary"] == ours["summary"] else "NO"
        rows.append([
            name, _cell(up, "seconds", "%.2f"), _cell(ours, "seconds", "%.2f"),
            _ratio(up["seconds"], ours["seconds"]) if ok(up) and ok(ours) else "-",
            _cell(up, "rss_mb", "%.0f"), _cell(ours, "rss_mb", "%.0f"),
            _ratio(up["rss_mb"], ours["rss_mb"]) if ok(up) and ok(ours) else "-",
            same])
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    for name, res in results.items():
        for engine in engines:
            r = res.get(engine)
            if r and "error" in r:
                print("\n%s under %s failed:\n%s" % (name, engine, r["error"]))
    for name, res in results.items():
        up, ours = res.get("upstream") or {}, res.get("ours") or {}
        if "summary" in up and "summary" in ours and up["summary"] != ours["summary"]:
            print("\n%s results differ:\n  upstream: %s\n  ours:     %s"
                  % (name, up["summary"], ours["summary"]))


def select(only):
    if not only:
        return BENCHMARKS
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    chosen = [b for b in BENCHMARKS
              if any(b[0] == w or b[0].split("_")[0] == w for w in wanted)]
    if not chosen:
        sys.exit("no benchmark matches --only %r; known: %s"
                 % (only, ", ".join(b[0] for b in BENCHMARKS)))
    return chosen


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated names or letters (a,b,c,d)")
    ap.add_argument("--engine", choices=("ours", "upstream", "both"), default="both")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per run")
    ap.add_argument("--data-dir", default=os.path.join(HERE, "data"),
                    help="folder with the gen_data.py files (default bench/data)")
    opts = ap.parse_args(argv)
    engines = ["upstream", "ours"] if opts.engine == "both" else [opts.engine]

    results = {}
    for name, script, args, datafile in select(opts.only):
        datapath = os.path.join(os.path.abspath(opts.data_dir), datafile)
        if not os.path.exists(datapath):
            sys.exit("missing %s: run python bench/gen_data.py first" % datapath)
        def report(engine, seconds, mb, name=name):
            print("%-12s %-8s %.2fs %.0f MB" % (name, engine, seconds, mb or 0.0), flush=True)

        results[name] = measure(engines, script, args + ["--data", datapath],
                                opts.repeat, opts.timeout, report)
        for engine in engines:
            if "error" in results[name][engine]:
                print("%-12s %-8s FAIL" % (name, engine), flush=True)
    print()
    print_table(results, engines)

    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", time.strftime("bench-%Y%m%d-%H%M%S.json"))
    with open(path, "w") as fh:
        json.dump({"argv": sys.argv[1:], "python": sys.version, "results": results},
                  fh, indent=1)
    print("\nsaved", os.path.relpath(path, os.path.dirname(HERE)))


if __name__ == "__main__":
    main()
