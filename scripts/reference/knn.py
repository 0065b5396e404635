#!/usr/bin/python3
"""Reference values for knn: scikit-learn's KNeighborsClassifier/Regressor (brute force) on
penguins. Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1); writes
test/fixtures/ml/knn-reference.json."""
import json
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

root = pathlib.Path(__file__).resolve().parents[2]
df = pd.read_csv(root / "test/fixtures/ml/penguins.csv").dropna(subset=["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"])
X = df[["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]].to_numpy(dtype=float)
X = (X - X.mean(axis=0)) / X.std(axis=0)
X = X.round(6)  # fewer exact ties from rounding noise on both sides
train, test = X[::2], X[1::2]
classes = sorted(df["species"].unique())
y = df["species"].map({c: i for i, c in enumerate(classes)}).to_numpy()
mass = df["body_mass_g"].to_numpy(dtype=float)
clf = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(train, y[::2])
reg = KNeighborsRegressor(n_neighbors=7, algorithm="brute").fit(train, mass[::2])
out = {
    "sklearn": sklearn.__version__,
    "train": train.tolist(), "test": test.tolist(), "classes": classes,
    "y_class": y[::2].tolist(), "y_mass": mass[::2].tolist(),
    "proba": clf.predict_proba(test).tolist(), "labels": clf.predict(test).tolist(),
    "mass": reg.predict(test).tolist(),
}
(root / "test/fixtures/ml/knn-reference.json").write_text(json.dumps(out))
print("wrote", len(test), "queries")
