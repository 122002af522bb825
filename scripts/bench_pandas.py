#!/usr/bin/env python3
"""The pandas baseline of scripts/bench.sh: from a facts.csv, a part of what yusuan's analyses
compute — per document 支出合计, 基本支出, 项目支出 and their shares, growth against the prior year,
a least-squares trend per unit and metric, peer-group medians by year and parent code, robust-z
outliers. Prints `load_s compute_s documents outliers`. (yusuan computes 34 metrics, the audit and
more: the ratio flatters pandas.)"""
import sys
import time

import pandas as pd

t0 = time.perf_counter()
f = pd.read_csv(sys.argv[1], dtype={"unit_code": str, "row_code": str}, keep_default_na=False,
                na_values=[""], encoding="utf-8-sig")
t1 = time.perf_counter()

key = ["unit_code", "unit_name", "year", "doc_kind"]
tot = f[(f["table"] == "expenditure") & (f["row_code"].isna())
        & f["row_name"].isin(["合计", "总计", "支出合计"])
        & f["column"].isin(["total", "basic", "project"])]
m = tot.pivot_table(index=key, columns="column", values="amount", aggfunc="first").reset_index()
for c in ("total", "basic", "project"):
    if c not in m:
        m[c] = float("nan")
m["basic_share"] = (m["basic"] / m["total"] * 100).round(2)
m["project_share"] = (m["project"] / m["total"] * 100).round(2)
prior = m[key + ["total", "basic", "project"]].copy()
prior["year"] = prior["year"] + 1
g = m.merge(prior, on=key, how="left", suffixes=("", "_prior"))
for c in ("total", "basic", "project"):
    g[c + "_pct"] = ((g[c] - g[c + "_prior"]) / g[c + "_prior"] * 100).round(2)
g["group"] = g["unit_code"].fillna("").str[:3]
med = g.groupby(["year", "group"])["basic_share"].median().rename("median").reset_index()
g = g.merge(med, on=["year", "group"], how="left")
mad = (g["basic_share"] - g["median"]).abs().groupby([g["year"], g["group"]]).transform("median")
g["robust_z"] = (g["basic_share"] - g["median"]) / (1.4826 * mad)
out = g[g["robust_z"].abs() > 3.5]
# trends: slope of each metric over each unit's years
import numpy as np


def slope(d):
    d = d.dropna()
    if len(d) < 3:
        return float("nan")
    return np.polyfit(d.index.get_level_values("year").astype(float), d.values, 1)[0]


long = g.set_index(["unit_code", "unit_name", "doc_kind", "year"])[["total", "basic", "project"]]
tr = long.groupby(level=["unit_code", "unit_name", "doc_kind"]).agg(lambda c: slope(c))
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {len(g)} {len(out)}")
