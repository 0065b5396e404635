#!/usr/bin/python3
"""Reference values for Kelp's random-forest algorithm: scikit-learn's RandomForestClassifier and
RandomForestRegressor (defaults: 100 trees, fully grown, bootstrap, sqrt features for classifiers)
on the real-data samples the xgboost tests use. Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1):
    /usr/bin/python3 scripts/reference/random_forest.py
    npx biome format --write test/fixtures/ml/random-forest/reference.json
Reads test/fixtures/ml/xgboost/{letter,gapminder}.csv (written by xgboost_ref.py; the first
`train_rows` rows train, the rest test). A forest is random, so each figure is recorded over five
seeds (mean, std, min, max): a test passes when Kelp's figure lies within the spread scikit-learn
itself shows, widened by a small margin."""
import json
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score, roc_auc_score

root = pathlib.Path(__file__).resolve().parents[2]
data_dir = root / "test/fixtures/ml/xgboost"
out_dir = root / "test/fixtures/ml/random-forest"
out_dir.mkdir(parents=True, exist_ok=True)
SEEDS = [0, 1, 2, 3, 4]


def spread(values):
    a = np.asarray(values, dtype=float)
    return {"mean": a.mean(), "std": a.std(), "min": a.min(), "max": a.max(), "values": a.tolist()}


letter = pd.read_csv(data_dir / "letter.csv")
LETTER_TRAIN = 2000
features = [c for c in letter.columns if c != "lettr"]
X = letter[features].to_numpy(dtype=float)
y = letter["lettr"].to_numpy()
Xtr, Xte, ytr, yte = X[:LETTER_TRAIN], X[LETTER_TRAIN:], y[:LETTER_TRAIN], y[LETTER_TRAIN:]

multi = {"accuracy": [], "logloss": [], "importance": []}
for seed in SEEDS:
    m = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1).fit(Xtr, ytr)
    multi["accuracy"].append(accuracy_score(yte, m.predict(Xte)))
    multi["logloss"].append(log_loss(yte, m.predict_proba(Xte), labels=m.classes_))
    multi["importance"].append(m.feature_importances_)

# Binary: letters A-M against N-Z, balanced classes and entropy criterion exercised too.
ybin = np.where(y <= "M", 1, 0)
binary = {"auc": [], "auc_entropy": [], "oob_accuracy": []}
for seed in SEEDS:
    m = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1, oob_score=True).fit(Xtr, ybin[:LETTER_TRAIN])
    binary["auc"].append(roc_auc_score(ybin[LETTER_TRAIN:], m.predict_proba(Xte)[:, 1]))
    binary["oob_accuracy"].append(m.oob_score_)
    e = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1, criterion="entropy").fit(Xtr, ybin[:LETTER_TRAIN])
    binary["auc_entropy"].append(roc_auc_score(ybin[LETTER_TRAIN:], e.predict_proba(Xte)[:, 1]))

gap = pd.read_csv(data_dir / "gapminder.csv")
GAP_TRAIN = 2500
train, test = gap.iloc[:GAP_TRAIN].dropna(), gap.iloc[GAP_TRAIN:].dropna()
gap_features = [c for c in gap.columns if c != "life_expectancy"]
regression = {"rmse": [], "r2": [], "rmse_depth6": []}
for seed in SEEDS:
    m = RandomForestRegressor(n_estimators=100, random_state=seed, n_jobs=1).fit(train[gap_features], train["life_expectancy"])
    p = m.predict(test[gap_features])
    regression["rmse"].append(mean_squared_error(test["life_expectancy"], p, squared=False))
    regression["r2"].append(r2_score(test["life_expectancy"], p))
    m6 = RandomForestRegressor(n_estimators=100, random_state=seed, n_jobs=1, max_depth=6, min_samples_leaf=5)
    p6 = m6.fit(train[gap_features], train["life_expectancy"]).predict(test[gap_features])
    regression["rmse_depth6"].append(mean_squared_error(test["life_expectancy"], p6, squared=False))

out = {
    "tool": f"scikit-learn {sklearn.__version__}",
    "letter": {
        "train_rows": LETTER_TRAIN,
        "features": features,
        "multiclass": {k: spread(v) for k, v in multi.items() if k != "importance"},
        "importance": np.mean(multi["importance"], axis=0).tolist(),
        "binary": {k: spread(v) for k, v in binary.items()},
    },
    "gapminder": {
        "train_rows": GAP_TRAIN,
        "features": gap_features,
        "train_rows_complete": len(train),
        "test_rows_complete": len(test),
        "regression": {k: spread(v) for k, v in regression.items()},
    },
}
(out_dir / "reference.json").write_text(json.dumps(out, indent=2))
print(json.dumps({k: v for k, v in out.items()}, indent=1)[:3000])
