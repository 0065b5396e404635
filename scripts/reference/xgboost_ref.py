#!/usr/bin/python3
"""Reference values for Kelp's xgboost algorithm: XGBoost itself (tree_method='hist', nthread=1) on
real data, with the same hyperparameters the tests use. Run with Debian's /usr/bin/python3
(python3-xgboost 1.7.4, python3-sklearn 1.2.1):
    /usr/bin/python3 scripts/reference/xgboost_ref.py
    npx biome format --write test/fixtures/ml/xgboost/reference.json
Reads /work/shared/datasets (or $KELP_DATASETS); writes test/fixtures/ml/xgboost/{letter.csv,
gapminder.csv, reference.json}. The CSVs are seeded samples, already shuffled: the first `train_rows`
rows are the training set, the rest the test set, so the tests need no random split of their own."""
import json
import os
import pathlib

import numpy as np
import pandas as pd
import sklearn
import xgboost as xgb
from sklearn.metrics import accuracy_score, mean_absolute_error, mean_squared_error, roc_auc_score

root = pathlib.Path(__file__).resolve().parents[2]
datasets = pathlib.Path(os.environ.get("KELP_DATASETS", "/work/shared/datasets"))
out_dir = root / "test/fixtures/ml/xgboost"
out_dir.mkdir(parents=True, exist_ok=True)

# --- data: seeded samples of two real datasets -------------------------------------------------
letter = pd.read_csv(datasets / "letter_recognition.csv")
letter = letter.iloc[np.random.default_rng(20240607).permutation(len(letter))[:3000]].reset_index(drop=True)
letter.to_csv(out_dir / "letter.csv", index=False)
LETTER_TRAIN = 2000

gap_cols = ["year", "infant_mortality", "fertility", "population", "gdp", "life_expectancy"]
gap = pd.read_csv(datasets / "gapminder.csv")[gap_cols]
gap = gap.iloc[np.random.default_rng(20240608).permutation(len(gap))[:3500]].reset_index(drop=True)
gap.to_csv(out_dir / "gapminder.csv", index=False)
GAP_TRAIN = 2500


def inject_nans(x: np.ndarray, rate: float) -> np.ndarray:
    """Cell (i, j) becomes NaN when a multiplicative hash of (i, j) falls below rate·2³²; the test
    computes the same hash (Math.imul), so both sides see identical holes without sharing an RNG."""
    x = x.astype(float).copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if ((i * 31 + j * 17) * 2654435761) % 2**32 < rate * 2**32:
                x[i, j] = np.nan
    return x


letter_features = [c for c in letter.columns if c != "lettr"]
XL = letter[letter_features].to_numpy(dtype=float)
y_half = (letter["lettr"] <= "M").to_numpy().astype(float)
letter_classes = sorted(letter["lettr"].unique())
y_letter = letter["lettr"].map({c: i for i, c in enumerate(letter_classes)}).to_numpy(dtype=float)
count_features = [c for c in letter_features if c != "onpix"]
XC = letter[count_features].to_numpy(dtype=float)
y_onpix = letter["onpix"].to_numpy(dtype=float)
gap_features = gap_cols[:-1]
XG = gap[gap_features].to_numpy(dtype=float)
y_life = gap["life_expectancy"].to_numpy(dtype=float)


def fit(name, X, y, n_train, params, num_round, *, data, features, target, nan_rate=0.0,
        early_stopping_rounds=None):
    if nan_rate:
        X = inject_nans(X, nan_rate)
    p = {"tree_method": "hist", "nthread": 1, "seed": 0, **params}
    dtrain = xgb.DMatrix(X[:n_train], label=y[:n_train], feature_names=features)
    dtest = xgb.DMatrix(X[n_train:], label=y[n_train:], feature_names=features)
    extra = {}
    if early_stopping_rounds:
        history = {}
        booster = xgb.train(p, dtrain, num_round, evals=[(dtrain, "train"), (dtest, "validation")],
                            early_stopping_rounds=early_stopping_rounds, evals_result=history,
                            verbose_eval=False)
        extra = {"best_iteration": booster.best_iteration, "rounds_trained": booster.num_boosted_rounds(),
                 "validation_metric": history["validation"][p["eval_metric"]]}
        pred = booster.predict(dtest, iteration_range=(0, booster.best_iteration + 1))
    else:
        booster = xgb.train(p, dtrain, num_round)
        pred = booster.predict(dtest)
    yt = y[n_train:]
    case = {"data": data, "features": features, "target": target, "train_rows": n_train,
            "nan_rate": nan_rate, "params": params, "num_round": num_round, **extra}
    obj = params["objective"]
    if obj == "binary:logistic":
        case["auc"] = roc_auc_score(yt, pred)
        case["logloss"] = float(-np.mean(yt * np.log(pred) + (1 - yt) * np.log(1 - pred)))
    elif obj == "multi:softprob":
        case["accuracy"] = accuracy_score(yt, pred.argmax(axis=1))
        case["mlogloss"] = float(-np.mean(np.log(pred[np.arange(len(yt)), yt.astype(int)])))
    else:
        case["rmse"] = float(np.sqrt(mean_squared_error(yt, pred)))
        case["mae"] = float(mean_absolute_error(yt, pred))
    case["predictions_head"] = pred[:10].tolist()
    case["importance"] = {t: booster.get_score(importance_type=t)
                          for t in ["weight", "gain", "cover", "total_gain", "total_cover"]}
    print(name, {k: v for k, v in case.items() if k in ("auc", "accuracy", "rmse", "mae", "best_iteration")})
    return case


half = dict(data="letter.csv", features=letter_features, target="lettr <= 'M'")
cases = {
    "binary": fit("binary", XL, y_half, LETTER_TRAIN, {"objective": "binary:logistic"}, 50, **half),
    "binary_nan": fit("binary_nan", XL, y_half, LETTER_TRAIN, {"objective": "binary:logistic"}, 50,
                      nan_rate=0.15, **half),
    # max_bin 6 on 16-valued features: the quantile (sketch) path instead of one bin per value.
    "binary_regularized": fit("binary_regularized", XL, y_half, LETTER_TRAIN, {
        "objective": "binary:logistic", "max_depth": 4, "eta": 0.1, "gamma": 1.0, "min_child_weight": 5,
        "lambda": 2.0, "alpha": 0.5, "scale_pos_weight": 2.0, "max_bin": 6}, 80, **half),
    "binary_sampled": fit("binary_sampled", XL, y_half, LETTER_TRAIN, {
        "objective": "binary:logistic", "subsample": 0.8, "colsample_bytree": 0.8}, 50, **half),
    "multiclass": fit("multiclass", XL, y_letter, LETTER_TRAIN, {
        "objective": "multi:softprob", "num_class": len(letter_classes)}, 30,
        data="letter.csv", features=letter_features, target="lettr"),
    "poisson": fit("poisson", XC, y_onpix, LETTER_TRAIN, {"objective": "count:poisson"}, 50,
                   data="letter.csv", features=count_features, target="onpix"),
    # Default max_bin 256: Kelp gives features with missing values 255 real bins, so cuts differ a little.
    "regression": fit("regression", XG, y_life, GAP_TRAIN, {"objective": "reg:squarederror"}, 100,
                      data="gapminder.csv", features=gap_features, target="life_expectancy"),
    # XGBoost 1.7 starts reg:absoluteerror from the label median unless base_score is given; Kelp's
    # base_score defaults to 0.5 for every objective, so both sides set it. 1.7 also sets each leaf to
    # the residual median without eta (2.0 multiplies by eta, as Kelp does): eta 1 agrees with both.
    # max_bin 255: Kelp's uint8 codes keep one code for missing, so a feature with missing values
    # gets at most 255 real bins; with 255 on both sides the cuts, and so the trees, are the same.
    "absoluteerror": fit("absoluteerror", XG, y_life, GAP_TRAIN, {
        "objective": "reg:absoluteerror", "base_score": 0.5, "eta": 1.0, "max_depth": 4, "max_bin": 255}, 30,
        data="gapminder.csv", features=gap_features, target="life_expectancy"),
    "early_stopping": fit("early_stopping", XG, y_life, GAP_TRAIN, {
        "objective": "reg:squarederror", "eta": 0.5, "max_depth": 8, "eval_metric": "rmse", "max_bin": 255}, 500,
        early_stopping_rounds=10, data="gapminder.csv", features=gap_features, target="life_expectancy"),
}

out = {
    "generator": "scripts/reference/xgboost_ref.py",
    "xgboost": xgb.__version__,
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "letter_classes": letter_classes,
    "cases": cases,
}
(out_dir / "reference.json").write_text(json.dumps(out, indent=1) + "\n")
print("wrote", out_dir / "reference.json")
