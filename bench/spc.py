"""SPC charts: time for a 10,000-point XmR chart with all four rules, and for the other charts.

Run on its own with `python -m bench.spc` (no database needed), or as part of `make bench`.
Target from issue 11: a 10,000-point XmR chart with all rules in under 50 ms. Measures and reports;
asserts nothing.
"""

import random
import statistics
import time

from carelab.lib.spc import attribute_chart, run_chart, xmr

POINTS = 10_000
RUNS = 15


def _series(seed: int = 11) -> list[float]:
    """Common-cause noise with a shift, a trend and a few outliers, so every rule has work to do."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable series, not a secret
    values = []
    for i in range(POINTS):
        level = 50 + (6 if (i // 500) % 2 else 0) + (0.02 * (i % 300) if (i // 300) % 3 == 0 else 0)
        values.append(level + rng.gauss(0, 2) + (15 if rng.random() < 0.002 else 0))
    return values


def _median_ms(call) -> float:
    call()  # warm up
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run() -> None:
    values = _series()
    counts = [max(0, round(v / 2)) for v in values]
    sizes = [100] * POINTS
    recalculations = list(range(1000, POINTS, 1000))
    rows = [
        ("XmR, all rules", lambda: xmr(values, target=55)),
        ("XmR, baseline and recalculations", lambda: xmr(values, baseline_points=20, recalculate_at=recalculations)),
        ("run chart (Anhøj rules)", lambda: run_chart(values)),
        ("p chart", lambda: attribute_chart("p", counts, sizes)),
        ("p′ chart (Laney)", lambda: attribute_chart("p-prime", counts, sizes)),
        ("u chart", lambda: attribute_chart("u", counts, sizes)),
        ("c chart with 10 parts", lambda: attribute_chart("c", counts, parts=recalculations)),
    ]
    signals = sum(1 for p in xmr(values).points if p.signal)
    print(f"SPC charts of {POINTS:,} points (median of {RUNS}; target: XmR with all rules under 50 ms)")
    print(f"{'chart':<36}{'median ms':>12}")
    for name, call in rows:
        print(f"{name:<36}{_median_ms(call):>12.1f}")
    print(f"(the XmR series has {signals:,} points with a special-cause signal)")


if __name__ == "__main__":
    run()
