#!/usr/bin/python3
"""Reference values for factorization-machines: with its factors switched off an FM is a linear
model, so its weights must equal scikit-learn's LogisticRegression / Ridge with the same L2 on the
same one-hot rows. Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1, pandas, numpy):
    /usr/bin/python3 scripts/reference/factorization_machines.py [--datasets /work/shared/datasets]
    npx biome format --write test/fixtures/ml/factorization-machines
Reads /work/shared/datasets/toronto_arrests.csv (R carData `Arrests`, GPL >= 2) and writes a seeded
sample of 600 one-hot rows with the fitted coefficients to
test/fixtures/ml/factorization-machines/toronto-reference.json."""
import argparse
import json
import pathlib
import platform

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge

parser = argparse.ArgumentParser()
parser.add_argument("--datasets", default="/work/shared/datasets")
args = parser.parse_args()
root = pathlib.Path(__file__).resolve().parents[2]
df = pd.read_csv(pathlib.Path(args.datasets) / "toronto_arrests.csv")
df = df.sample(n=600, random_state=20240501).reset_index(drop=True)
# Five or more previous checks are rare (136 of 5,226 rows): one level, so no one-hot column is empty.
df["checks"] = df["checks"].clip(upper=5).astype(str).replace("5", "5+")
categorical = ["colour", "year", "sex", "employed", "citizen", "checks"]
onehot = pd.get_dummies(df[categorical].astype(str), prefix_sep="=", dtype=float)
assert (onehot.sum(axis=0) > 0).all(), "an empty one-hot column would get no weight decay"
X = onehot.to_numpy()
n = X.shape[0]
out = {
    "python": platform.python_version(),
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "source": "toronto_arrests.csv (R carData Arrests, GPL >= 2), 600 rows sampled with random_state=20240501",
    "features": list(onehot.columns),
    "rows": n,
    # Each row as the column indices of its ones: every feature is one-hot.
    "ones": [np.flatnonzero(r).tolist() for r in X],
}

# sklearn minimizes C·Σ loss + ½‖w‖² (intercept free) = C·n·(mean loss + wd/2·‖w‖²) with wd = 1/(C·n).
C = 0.1
y_bin = (df["released"] == "Yes").to_numpy().astype(int)
m = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100000).fit(X, y_bin)
out["binary"] = {
    "y": y_bin.tolist(),
    "C": C,
    "wd": 1 / (C * n),
    "coef": m.coef_[0].tolist(),
    "intercept": float(m.intercept_[0]),
}

# Ridge minimizes Σ (y - ŷ)² + α‖w‖² = 2n·(mean ½(y - ŷ)² + wd/2·‖w‖²) with wd = α/n.
alpha = 10.0
y_reg = df["age"].to_numpy(dtype=float)
m = Ridge(alpha=alpha, tol=1e-12).fit(X, y_reg)
out["regressor"] = {
    "y": y_reg.tolist(),
    "alpha": alpha,
    "wd": alpha / n,
    "coef": m.coef_.tolist(),
    "intercept": float(m.intercept_),
}

target = root / "test/fixtures/ml/factorization-machines/toronto-reference.json"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(json.dumps(out))
print("wrote", n, "rows,", X.shape[1], "one-hot columns to", target.relative_to(root))
