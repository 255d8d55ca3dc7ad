#!/usr/bin/python3
"""Plots of benches/limits-sync.php's CSVs (Debian's python3, for its python3-matplotlib).

    benches/limits-plot.py CSV_DIR PNG_DIR WALL_S REQUESTS_PER_MIN PRODUCTS_PER_MIN PRICES_PER_MIN

limits-sync.png: per budget (product records, prices, requests), what ACO's 60 s sliding window held
at each second (units accepted in the 60 s up to it: the items/min ACO counts) against the limit and
the full syncs' share of it (96 %); 429s as red marks. limits-latency.png: each edit's
change-to-accepted latency at the time it was made.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend)

FULL_SHARE = 0.96  # BudgetPolicy::MINUTE_SHARE[FULL]

csv_dir, png_dir, wall = sys.argv[1], sys.argv[2], float(sys.argv[3])
limits = {"requests": int(sys.argv[4]), "products": int(sys.argv[5]), "prices": int(sys.argv[6])}

with open(f"{csv_dir}/requests.csv") as f:
    rows = [(float(r["t_s"]), r["family"], int(r["status"]), int(r["items"])) for r in csv.DictReader(f)]
end = int(max(wall, max(t for t, *_ in rows))) + 2
per_second = {budget: [0] * end for budget in limits}
throttled = {budget: [] for budget in limits}
for t, family, status, items in rows:
    if t < 0:
        continue
    budgets = {"requests": 1, family: items} if family in limits else {"requests": 1}
    for budget, units in budgets.items():
        if status == 200:
            per_second[budget][int(t)] += units
        elif status == 429:
            throttled[budget].append(t)

fig, axes = plt.subplots(3, 1, figsize=(10, 9), sharex=True)
titles = {"requests": "requests", "products": "product records", "prices": "prices"}
for ax, budget in zip(axes, ["products", "prices", "requests"]):
    counts = per_second[budget]
    window = [sum(counts[max(0, s - 59):s + 1]) for s in range(end)]
    ax.plot(range(end), window, label="in ACO's 60 s window", color="tab:blue")
    ax.axhline(limits[budget], color="tab:red", linestyle="--", label=f"limit {limits[budget]:,}/min")
    ax.axhline(limits[budget] * FULL_SHARE, color="tab:orange", linestyle=":", label="full syncs' share (96 %)")
    if throttled[budget]:
        ax.plot(throttled[budget], [limits[budget]] * len(throttled[budget]), "rx", label="429")
    ax.axvline(wall, color="grey", linewidth=0.8)
    ax.set_ylim(0, limits[budget] * 1.5)
    ax.set_ylabel(f"{titles[budget]}/min")
    ax.legend(loc="upper right", fontsize=7)
axes[0].set_title("Full sync under ACO's limits ×60, cron + watch + two lanes (grey: the full sync's end)")
axes[-1].set_xlabel("seconds since the full sync started")
fig.tight_layout()
fig.savefig(f"{png_dir}/limits-sync.png", dpi=80)

with open(f"{csv_dir}/edits.csv") as f:
    edits = [(float(r["t_s"]), float(r["latency_s"])) for r in csv.DictReader(f)]
fig, ax = plt.subplots(figsize=(10, 3))
ax.plot([t for t, _ in edits], [lat for _, lat in edits], "o", markersize=3)
ax.axhline(5, color="tab:red", linestyle="--", label="goal: p95 < 5 s")
ax.set_xlim(0, end)
ax.set_xlabel("seconds since the full sync started (when the name was edited)")
ax.set_ylabel("change-to-accepted, s")
ax.legend(loc="upper right", fontsize=7)
fig.tight_layout()
fig.savefig(f"{png_dir}/limits-latency.png", dpi=80)
print(f"  plots: {png_dir}/limits-sync.png, {png_dir}/limits-latency.png")
