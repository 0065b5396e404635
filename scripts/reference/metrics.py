#!/usr/bin/python3
"""Reference values for src/ml/metrics, recorded from scikit-learn.

Run with Debian's Python (it has scikit-learn, numpy and pandas):

    /usr/bin/python3 scripts/reference/metrics.py [--datasets /work/shared/datasets]

Writes test/fixtures/ml/metrics-reference.json: each case holds its (small) inputs and scikit-learn's
outputs, plus the library versions. Nothing is fitted except one KMeans (whose labels and centres
are inputs to the inertia and silhouette cases); labels, scores and predictions are derived from
dataset columns by fixed formulas or drawn from seeded numpy generators, so reruns give the same
file. The tests read only the JSON: they never need Python or the datasets.

Conventions in the JSON: class labels are indices 0..k-1; probability matrices are flat row-major
lists (rows x classes); NaN is written as null.
"""

import argparse
import json
import math
import platform
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.cluster import KMeans
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    silhouette_score,
)
from sklearn.preprocessing import label_binarize

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "fixtures" / "ml" / "metrics-reference.json"


def floats(a):
    """A JSON-safe list of floats (NaN becomes None)."""
    return [None if math.isnan(v) else float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def num(v):
    v = float(v)
    return None if math.isnan(v) else v


# ---------------------------------------------------------------- datasets


def load_penguins(datasets):
    df = pd.read_csv(datasets / "penguins.csv")
    df = df.dropna(subset=["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"])
    return df.reset_index(drop=True)


def zscore(col):
    col = col.to_numpy(dtype=np.float64)
    return (col - col.mean()) / col.std()


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- label metrics


def label_case(name, source, y_true, y_pred, k, positive=None):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    labels = list(range(k))
    expected = {
        "accuracy": accuracy_score(y_true, y_pred),
        "balancedAccuracy": balanced_accuracy_score(y_true, y_pred),
        "confusionMatrix": ints(confusion_matrix(y_true, y_pred, labels=labels)),
    }
    for zero_division in (0, 1):
        scores = {}
        # average=None with every class listed: one value per class 0..k-1.
        for average in ("macro", "weighted", "micro", None):
            kw = {"average": average, "zero_division": zero_division}
            if average is None:
                kw["labels"] = labels
            p = precision_score(y_true, y_pred, **kw)
            r = recall_score(y_true, y_pred, **kw)
            f = f1_score(y_true, y_pred, **kw)
            key = "perClass" if average is None else average
            scores[key] = (
                {"precision": floats(p), "recall": floats(r), "f1": floats(f)}
                if average is None
                else {"precision": num(p), "recall": num(r), "f1": num(f)}
            )
        if positive is not None:
            kw = {"average": "binary", "pos_label": positive, "zero_division": zero_division}
            scores["binary"] = {
                "positive": positive,
                "precision": num(precision_score(y_true, y_pred, **kw)),
                "recall": num(recall_score(y_true, y_pred, **kw)),
                "f1": num(f1_score(y_true, y_pred, **kw)),
            }
        expected[f"zeroDivision{zero_division}"] = scores
    return {
        "name": name,
        "source": source,
        "numClasses": k,
        "yTrue": ints(y_true),
        "yPred": ints(y_pred),
        "expected": expected,
    }


def label_cases(penguins, letters):
    cases = []
    species = pd.Categorical(penguins["species"], categories=["Adelie", "Chinstrap", "Gentoo"]).codes
    # A hand rule on two columns, no fitting.
    rule = np.where(
        penguins["flipper_length_mm"] >= 206, 2, np.where(penguins["bill_length_mm"] >= 44, 1, 0)
    )
    cases.append(
        label_case(
            "penguins-species-rule",
            "penguins.csv: species vs a flipper/bill-length rule",
            species,
            rule,
            3,
        )
    )

    sexed = penguins.dropna(subset=["sex"])
    sex = (sexed["sex"] == "male").to_numpy().astype(np.int64)
    heavy = (sexed["body_mass_g"] > 4000).to_numpy().astype(np.int64)
    cases.append(
        label_case(
            "penguins-sex-by-mass",
            "penguins.csv: sex (male=1) vs body_mass_g > 4000",
            sex,
            heavy,
            2,
            positive=1,
        )
    )
    cases.append(
        label_case(
            "penguins-sex-by-mass-positive-0",
            "penguins.csv: as above, female (0) as the positive class",
            sex,
            heavy,
            2,
            positive=0,
        )
    )

    head = letters.iloc[:400]
    letter = (head["lettr"].map(ord) - ord("A")).to_numpy().astype(np.int64)
    swap = ((head["x.box"] * 7 + head["y.box"] * 3 + head["onpix"]) % 5 == 0).to_numpy()
    pred = np.where(swap, (letter + head["width"].to_numpy()) % 26, letter)
    cases.append(
        label_case(
            "letters-26-classes",
            "letter_recognition.csv rows 1-400: letter vs letter with a column-driven swap",
            letter,
            pred,
            26,
        )
    )

    # Imbalanced with gaps: class 3 is never predicted, class 4 only predicted, class 5 never seen.
    rs = np.random.RandomState(7)
    n = 250
    y = rs.choice(4, size=n, p=[0.7, 0.2, 0.08, 0.02])
    p = y.copy()
    flip = rs.rand(n) < 0.25
    p[flip] = rs.choice([0, 1, 2, 4], size=flip.sum(), p=[0.4, 0.3, 0.2, 0.1])
    p[p == 3] = 0
    cases.append(
        label_case(
            "synthetic-imbalanced-gaps",
            "numpy RandomState(7): 6 classes, 3 never predicted, 4 only predicted, 5 absent",
            y,
            p,
            6,
        )
    )
    cases.append(
        label_case(
            "tiny-all-wrong-binary",
            "hand-written: no true positive at all",
            [0, 0, 0, 1],
            [1, 1, 1, 0],
            2,
            positive=1,
        )
    )
    cases.append(
        label_case(
            "tiny-single-row", "hand-written: one row, correct", [2], [2], 3
        )
    )
    return cases


# ---------------------------------------------------------------- scores (ROC AUC, AP)


def binary_case(name, source, y_true, scores):
    y_true = np.asarray(y_true, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    expected = {"averagePrecision": num(average_precision_score(y_true, scores, pos_label=1))}
    expected["averagePrecisionPositive0"] = num(
        average_precision_score(y_true, -scores, pos_label=0)
    )
    if len(np.unique(y_true)) == 2:
        expected["rocAuc"] = num(roc_auc_score(y_true, scores))
        # Class 0 as positive, scored by -scores (as for AP above); sklearn's roc_auc_score takes the
        # greater label as positive, so the labels are flipped.
        expected["rocAucPositive0"] = num(roc_auc_score(1 - y_true, -scores))
    return {
        "name": name,
        "source": source,
        "yTrue": ints(y_true),
        "scores": floats(scores),
        "expected": expected,
    }


def binary_cases(penguins):
    sexed = penguins.dropna(subset=["sex"])
    sex = (sexed["sex"] == "male").to_numpy().astype(np.int64)
    cases = [
        binary_case(
            "penguins-sex-vs-body-mass",
            "penguins.csv: sex (male=1) scored by raw body_mass_g (many ties: masses are multiples of 25)",
            sex,
            sexed["body_mass_g"],
        ),
        binary_case(
            "penguins-sex-vs-bill-depth",
            "penguins.csv: sex (male=1) scored by bill_depth_mm (0.1 mm resolution, ties)",
            sex,
            sexed["bill_depth_mm"],
        ),
    ]
    rs = np.random.RandomState(42)
    n = 300
    y = (rs.rand(n) < 0.08).astype(np.int64)
    s = np.round(np.clip(0.3 + 0.25 * y + 0.2 * rs.randn(n), 0, 1), 1)
    cases.append(
        binary_case(
            "synthetic-imbalanced-ties",
            "numpy RandomState(42): 8% positives, scores rounded to 0.1 (heavy ties)",
            y,
            s,
        )
    )
    y2 = (rs.rand(500) < 0.5).astype(np.int64)
    s2 = rs.randn(500) + y2
    cases.append(
        binary_case("synthetic-balanced-distinct", "numpy RandomState(42): distinct scores", y2, s2)
    )
    cases.append(
        binary_case(
            "sklearn-doc-example", "sklearn docstring", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
        )
    )
    cases.append(
        binary_case(
            "all-scores-tied", "hand-written: one threshold", [0, 1, 0, 1, 1], [0.5] * 5
        )
    )
    cases.append(
        binary_case(
            "signed-zero-and-negative",
            "hand-written: -0 ties with 0, negative scores",
            [1, 0, 1, 0, 0, 1],
            [0.0, -0.0, -2.5, -2.5, 3.0, 3.0],
        )
    )
    cases.append(
        binary_case(
            "no-positives", "hand-written: AP is 0 (sklearn warns), AUC undefined", [0, 0, 0], [0.2, 0.1, 0.3]
        )
    )
    return cases


# ---------------------------------------------------------------- probabilities


def proba_case(name, source, y_true, proba, k):
    y_true = np.asarray(y_true, dtype=np.int64)
    proba = np.asarray(proba, dtype=np.float64)
    labels = list(range(k))
    expected = {
        # Kelp's default clip (1e-15) and sklearn 1.2's own default ("auto" = float64 eps).
        "logLoss": num(log_loss(y_true, proba, labels=labels, eps=1e-15)),
        "logLossEpsAuto": num(log_loss(y_true, proba, labels=labels, eps="auto")),
    }
    onehot = label_binarize(y_true, classes=labels)
    if k == 2:
        onehot = np.hstack([1 - onehot, onehot])
        expected["logLossPositiveColumn"] = num(
            log_loss(y_true, proba[:, 1], labels=labels, eps=1e-15)
        )
    expected["averagePrecisionOvrMacro"] = num(average_precision_score(onehot, proba, average="macro"))
    expected["averagePrecisionOvrWeighted"] = num(
        average_precision_score(onehot, proba, average="weighted")
    )
    if len(np.unique(y_true)) == k:
        if k == 2:
            expected["rocAuc"] = num(roc_auc_score(y_true, proba[:, 1]))
        else:
            expected["rocAucOvrMacro"] = num(
                roc_auc_score(y_true, proba, multi_class="ovr", average="macro")
            )
            expected["rocAucOvrWeighted"] = num(
                roc_auc_score(y_true, proba, multi_class="ovr", average="weighted")
            )
    return {
        "name": name,
        "source": source,
        "numClasses": k,
        "yTrue": ints(y_true),
        "probabilities": floats(proba),
        "expected": expected,
    }


def proba_cases(penguins):
    species = pd.Categorical(penguins["species"], categories=["Adelie", "Chinstrap", "Gentoo"]).codes
    bl, bd, fl = (zscore(penguins[c]) for c in ("bill_length_mm", "bill_depth_mm", "flipper_length_mm"))
    # Fixed weights, chosen by hand, not fitted.
    logits = np.stack(
        [
            -1.5 * bl + 0.8 * bd - 0.5 * fl,
            1.2 * bl + 0.6 * bd - 0.4 * fl,
            0.2 * bl - 1.2 * bd + 1.5 * fl,
        ],
        axis=1,
    )
    cases = [
        proba_case(
            "penguins-species-softmax",
            "penguins.csv: species; softmax of fixed linear scores of z-scored bill/flipper columns",
            species,
            softmax(logits),
            3,
        )
    ]
    rs = np.random.RandomState(3)
    n = 200
    y = rs.choice(4, size=n, p=[0.55, 0.25, 0.15, 0.05])
    lg = rs.randn(n, 4) + 1.5 * np.eye(4)[y]
    p = np.round(softmax(lg), 2)  # rounded: ties in every column, rows sum to 1 only roughly
    p = p / p.sum(axis=1, keepdims=True)
    cases.append(
        proba_case(
            "synthetic-4-class-imbalanced-ties",
            "numpy RandomState(3): 4 classes (5% minority), probabilities rounded to 0.01 then renormalised",
            y,
            p,
            4,
        )
    )
    # Exact zeros and ones, so the clipping matters.
    y3 = np.array([0, 1, 2, 2, 1, 0, 2])
    p3 = np.array(
        [
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 1.0, 0.0],  # confident and wrong: log(eps)
            [0.2, 0.3, 0.5],
            [1e-20, 1 - 1e-20, 0.0],
            [0.999999999999999, 1e-15, 0.0],
            [0.0, 0.0, 1.0],
        ]
    )
    cases.append(
        proba_case("extreme-probabilities", "hand-written: 0s and 1s, clipped by eps", y3, p3, 3)
    )
    sexed = penguins.dropna(subset=["sex"])
    sex = (sexed["sex"] == "male").to_numpy().astype(np.int64)
    pm = 1 / (1 + np.exp(-(sexed["body_mass_g"].to_numpy() - 4200) / 400))
    cases.append(
        proba_case(
            "penguins-sex-logistic-mass",
            "penguins.csv: sex (male=1); P(male) = logistic((body_mass_g - 4200) / 400)",
            sex,
            np.stack([1 - pm, pm], axis=1),
            2,
        )
    )
    return cases


def calibration_case(name, source, y_true, prob, n_bins):
    prob_true, prob_pred = calibration_curve(y_true, prob, n_bins=n_bins, strategy="uniform")
    return {
        "name": name,
        "source": source,
        "nBins": n_bins,
        "yTrue": ints(y_true),
        "probabilities": floats(prob),
        "expected": {"probTrue": floats(prob_true), "probPred": floats(prob_pred)},
    }


def calibration_cases(penguins):
    sexed = penguins.dropna(subset=["sex"])
    sex = (sexed["sex"] == "male").to_numpy().astype(np.int64)
    pm = 1 / (1 + np.exp(-(sexed["body_mass_g"].to_numpy() - 4200) / 400))
    cases = [
        calibration_case("penguins-mass-10-bins", "penguins.csv: as penguins-sex-logistic-mass", sex, pm, 10),
        calibration_case(
            "penguins-mass-rounded-5-bins",
            "penguins.csv: the same probabilities rounded to 0.1, so many sit on bin edges",
            sex,
            np.round(pm, 1),
            5,
        ),
    ]
    # Values on and next to numpy.linspace edges (0.1 * 3 = 0.30000000000000004 is an edge).
    edge = np.array([0.0, 0.1, 0.2, 0.1 * 3, 0.3, 0.1 + 0.2, 0.7, 0.1 * 7, 0.9, 1.0, 0.5, 0.45, 0.05])
    y = np.array([0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0])
    cases.append(calibration_case("edges-10-bins", "hand-written: values on bin edges", y, edge, 10))
    cases.append(calibration_case("edges-3-bins", "hand-written: values on bin edges", y, edge, 3))
    cases.append(calibration_case("edges-7-bins", "hand-written: values on bin edges", y, edge, 7))
    return cases


# ---------------------------------------------------------------- regression


def regression_case(name, source, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    r2 = r2_score(y_true, y_pred)
    return {
        "name": name,
        "source": source,
        "yTrue": floats(y_true),
        "yPred": floats(y_pred),
        "expected": {
            "mse": num(mean_squared_error(y_true, y_pred)),
            "rmse": num(mean_squared_error(y_true, y_pred, squared=False)),
            "mae": num(mean_absolute_error(y_true, y_pred)),
            "r2": num(r2),
            "mape": num(mean_absolute_percentage_error(y_true, y_pred)),
        },
    }


def regression_cases(penguins, ames):
    cases = [
        regression_case(
            "penguins-mass-from-flipper",
            "penguins.csv: body_mass_g / 1000 vs 0.05 * flipper_length_mm - 5.8 (kg)",
            penguins["body_mass_g"] / 1000,
            0.05 * penguins["flipper_length_mm"] - 5.8,
        )
    ]
    head = ames.iloc[:300]
    cases.append(
        regression_case(
            "ames-price-from-area",
            "ames_housing.csv rows 1-300: Sale_Price vs 110 * Gr_Liv_Area + 15000 (USD; large magnitudes)",
            head["Sale_Price"],
            110 * head["Gr_Liv_Area"] + 15000,
        )
    )
    rs = np.random.RandomState(11)
    yt = np.round(rs.randn(60) * 3, 1)
    yt[[3, 17, 40]] = 0.0  # MAPE divides by max(|y|, float64 eps)
    cases.append(
        regression_case(
            "synthetic-zeros-negatives",
            "numpy RandomState(11): zeros and negatives in y_true",
            yt,
            yt + rs.randn(60),
        )
    )
    cases.append(
        regression_case("constant-true", "hand-written: constant target, imperfect", [3, 3, 3, 3], [3, 3, 3, 4])
    )
    cases.append(regression_case("constant-perfect", "hand-written: constant target, perfect", [3, 3, 3], [3, 3, 3]))
    cases.append(regression_case("single-row", "hand-written: one row (r2 is NaN)", [2.5], [2.0]))
    return cases


# ---------------------------------------------------------------- clustering


def clustering_case(name, source, x, labels, centers=None):
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    case = {
        "name": name,
        "source": source,
        "rows": int(x.shape[0]),
        "cols": int(x.shape[1]),
        "x": floats(x),
        "labels": ints(labels),
        "expected": {"silhouette": num(silhouette_score(x, labels))},
    }
    if centers is not None:
        centers = np.asarray(centers, dtype=np.float64)
        case["centers"] = floats(centers)
        case["expected"]["inertia"] = num(((x - centers[labels]) ** 2).sum())
    return case


def clustering_cases(penguins):
    cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    x = np.stack([zscore(penguins[c]) for c in cols], axis=1)
    km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(x)
    cases = [
        clustering_case(
            "penguins-kmeans-3",
            "penguins.csv: 4 z-scored size columns; sklearn KMeans(3, n_init=10, random_state=0)",
            x,
            km.labels_,
            km.cluster_centers_,
        )
    ]
    cases[0]["expected"]["kmeansInertia"] = float(km.inertia_)
    species = pd.Categorical(penguins["species"], categories=["Adelie", "Chinstrap", "Gentoo"]).codes
    species_case = clustering_case("penguins-species", "penguins.csv: same columns, species as clusters", x, species)
    del species_case["x"]
    species_case["xFrom"] = "penguins-kmeans-3"  # same matrix; not copied twice
    cases.append(species_case)
    rs = np.random.RandomState(5)
    blobs = np.vstack(
        [
            rs.randn(25, 2) + [0, 0],
            rs.randn(20, 2) * 0.5 + [5, 5],
            [[10.0, -3.0]],  # a cluster of one: its silhouette is 0
        ]
    )
    blobs = np.vstack([blobs, blobs[:3]])  # exact duplicates
    labels = np.array([0] * 25 + [1] * 20 + [3] + [0, 0, 0])  # label 2 unused
    centers = np.array([blobs[labels == c].mean(axis=0) if c != 2 else [0.0, 0.0] for c in range(4)])
    cases.append(
        clustering_case(
            "synthetic-singleton-duplicates",
            "numpy RandomState(5): 2-D blobs, a one-point cluster, duplicated rows, unused label 2",
            blobs,
            labels,
            centers,
        )
    )
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", default="/work/shared/datasets")
    args = parser.parse_args()
    # Some cases are degenerate on purpose (r2 of one row, AP without positives, a predicted class
    # never seen); sklearn warns about them and still returns the values recorded here.
    warnings.simplefilter("ignore", UserWarning)
    datasets = Path(args.datasets)
    penguins = load_penguins(datasets)
    letters = pd.read_csv(datasets / "letter_recognition.csv")
    ames = pd.read_csv(datasets / "ames_housing.csv")
    fixture = {
        "generator": "scripts/reference/metrics.py",
        "versions": {
            "python": platform.python_version(),
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
        },
        "labels": label_cases(penguins, letters),
        "binary": binary_cases(penguins),
        "probabilities": proba_cases(penguins),
        "calibration": calibration_cases(penguins),
        "regression": regression_cases(penguins, ames),
        "clustering": clustering_cases(penguins),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, allow_nan=False, separators=(",", ":")) + "\n")
    # The repository lints JSON too (biome check .): format the file the way biome wants it.
    formatted = subprocess.run(["npx", "biome", "format", "--write", str(OUT)], cwd=ROOT, check=False)
    if formatted.returncode != 0:
        print(f"note: run `npx biome format --write {OUT.relative_to(ROOT)}` before committing")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
