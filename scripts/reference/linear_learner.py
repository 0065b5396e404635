#!/usr/bin/python3
"""Reference values for linear-learner: scikit-learn's coefficients on penguins with the same
regularization. Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1):
    /usr/bin/python3 scripts/reference/linear_learner.py
Writes test/fixtures/ml/linear-learner-reference.json."""
import json
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge

root = pathlib.Path(__file__).resolve().parents[2]
df = pd.read_csv(root / "test/fixtures/ml/penguins.csv")
features = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
df = df.dropna(subset=features)
X = df[features].to_numpy(dtype=float)
# Standardized features keep L-BFGS well conditioned; both sides train on exactly these values.
X = (X - X.mean(axis=0)) / X.std(axis=0)
n = X.shape[0]
out = {"sklearn": sklearn.__version__, "features": features, "rows": n, "x": X.round(12).tolist()}

C = 0.5
y_bin = (df["species"] == "Adelie").to_numpy().astype(int)
m = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100000).fit(X, y_bin)
out["binary"] = {"y": y_bin.tolist(), "C": C, "wd": 1 / (C * n), "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
                 "proba": m.predict_proba(X)[:5, 1].tolist()}

classes = sorted(df["species"].unique())
y_multi = df["species"].map({c: i for i, c in enumerate(classes)}).to_numpy()
m = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100000, multi_class="multinomial").fit(X, y_multi)
out["multiclass"] = {"y": y_multi.tolist(), "classes": classes, "C": C, "wd": 1 / (C * n), "coef": m.coef_.tolist(),
                     "intercept": m.intercept_.tolist()}

alpha = 3.0
y_reg = df["body_mass_g"].to_numpy(dtype=float)
Xr = X[:, :3]
m = Ridge(alpha=alpha).fit(Xr, y_reg)
out["regressor"] = {"y": y_reg.tolist(), "alpha": alpha, "wd": alpha / n, "coef": m.coef_.tolist(), "intercept": float(m.intercept_)}

(root / "test/fixtures/ml/linear-learner-reference.json").write_text(json.dumps(out))
print("wrote", n, "rows")
