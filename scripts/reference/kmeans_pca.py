#!/usr/bin/python3
"""Reference values for src/ml/algorithms/kmeans and src/ml/algorithms/pca, from scikit-learn.

Run with Debian's Python (it has scikit-learn 1.2, numpy and pandas):

    /usr/bin/python3 scripts/reference/kmeans_pca.py [--datasets /work/shared/datasets]

Writes test/fixtures/ml/kmeans-pca/{letter,ames}.json (the data used, row-major) and
{kmeans,pca}.json (scikit-learn's outputs), plus the library versions. Rows are drawn with a seeded
numpy generator and kept in file order, so reruns give the same files. The tests read only the JSON.
The repository lints JSON, so format the output afterwards:

    npx biome format --write test/fixtures/ml/kmeans-pca

- letter: 2,000 rows of letter_recognition's 16 integer features (k-means and PCA).
- ames: 400 rows of ames_housing's 34 numeric columns, raw (magnitudes from 1e-2 to 1e5, years
  around 2000 with small spread: a large-magnitude PCA case).
"""

import argparse
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus
from sklearn.decomposition import PCA
from sklearn.utils.extmath import svd_flip

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'ml' / 'kmeans-pca'


def sample(df: pd.DataFrame, n: int, seed: int) -> np.ndarray:
    idx = np.sort(np.random.default_rng(seed).choice(len(df), size=n, replace=False))
    return df.iloc[idx].to_numpy(dtype=np.float64)


def flat(a: np.ndarray) -> list:
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def kmeans_cases(x: np.ndarray) -> dict:
    k = 8
    init, _ = kmeans_plusplus(x, k, random_state=0)
    out = {'k': k, 'init_centers': flat(init)}
    for algo in ('lloyd', 'elkan'):
        km = KMeans(k, init=init, n_init=1, algorithm=algo, max_iter=300, tol=1e-4).fit(x)
        out[algo] = {
            'centers': flat(km.cluster_centers_),
            'labels': [int(v) for v in km.labels_],
            'inertia': float(km.inertia_),
            'iterations': int(km.n_iter_),
        }
    # The letter features are integers and k-means++ starts from data rows, so at the first steps many
    # rows are, in exact arithmetic, as far from two centres; which one wins then depends on rounding
    # (scikit-learn centres the data and uses BLAS), so Lloyd and Elkan (or any two implementations)
    # can part ways and end in different nearby optima. From centres jittered off the integer grid
    # there are no such ties: the weighted case and the Lloyd = Elkan check start there.
    jittered = init + np.random.default_rng(7).uniform(-0.5, 0.5, size=init.shape)
    out['jittered_init_centers'] = flat(jittered)
    for algo in ('lloyd', 'elkan'):
        km = KMeans(k, init=jittered, n_init=1, algorithm=algo).fit(x)
        out[f'jittered_{algo}'] = {
            'centers': flat(km.cluster_centers_),
            'labels': [int(v) for v in km.labels_],
            'inertia': float(km.inertia_),
            'iterations': int(km.n_iter_),
        }
    # Integer weights 1..3 (a weight w must act like w copies of the row), from the jittered centres.
    weights = (np.arange(len(x)) % 3 + 1).astype(np.float64)
    kw = KMeans(k, init=jittered, n_init=1, algorithm='lloyd').fit(x, sample_weight=weights)
    out['weighted'] = {
        'weights': flat(weights),
        'centers': flat(kw.cluster_centers_),
        'labels': [int(v) for v in kw.labels_],
        'inertia': float(kw.inertia_),
    }
    # Quality bar for Kelp's own k-means++ (a different random stream): best of 10 starts.
    best = KMeans(k, n_init=10, random_state=0).fit(x)
    out['sklearn_n_init_10_inertia'] = float(best.inertia_)
    # Mini-batch is random by nature: the spread of MiniBatchKMeans over ten seeds.
    out['minibatch'] = {'batch_size': 256, 'n_init': 3, 'inertias': []}
    for seed in range(10):
        mb = MiniBatchKMeans(k, batch_size=256, n_init=3, random_state=seed).fit(x)
        out['minibatch']['inertias'].append(float(mb.inertia_))
    return out


def pca_case(x: np.ndarray, k: int, name: str) -> dict:
    full = PCA(k, svd_solver='full').fit(x)
    everything = PCA(svd_solver='full').fit(x)
    rand = PCA(k, svd_solver='randomized', random_state=0).fit(x)
    # scikit-learn 1.2 flips signs by U (the scores); Kelp flips by the components themselves
    # (largest |loading| positive), which scikit-learn >= 1.5 also does. Keep both.
    u = full.transform(x)
    _, v_flipped = svd_flip(u.copy(), full.components_.copy(), u_based_decision=False)
    # Uncentred (subtract_mean = false): the top right singular vectors of X itself.
    _, s_raw, vt_raw = np.linalg.svd(x, full_matrices=False)
    _, vt_raw = svd_flip(np.zeros((1, len(s_raw))), vt_raw, u_based_decision=False)
    return {
        'dataset': name,
        'num_components': k,
        'mean': flat(full.mean_),
        'components': flat(full.components_),
        'components_v_flipped': flat(v_flipped),
        'explained_variance': flat(full.explained_variance_),
        'explained_variance_ratio': flat(full.explained_variance_ratio_),
        'singular_values': flat(full.singular_values_),
        'noise_variance': float(full.noise_variance_),
        'all_explained_variance_ratio': flat(everything.explained_variance_ratio_),
        'projections_first_rows': 50,
        'projections': flat(u[:50]),
        'randomized_sklearn_explained_variance_ratio': flat(rand.explained_variance_ratio_),
        'uncentred_singular_values': flat(s_raw[:k]),
        'uncentred_components': flat(vt_raw[:k]),
    }


def write(name: str, value: dict) -> None:
    path = OUT / name
    path.write_text(json.dumps(value, separators=(',', ':')) + '\n')
    print(f'wrote {path} ({path.stat().st_size} bytes)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--datasets', default='/work/shared/datasets')
    args = parser.parse_args()
    datasets = Path(args.datasets)
    OUT.mkdir(parents=True, exist_ok=True)

    letter_df = pd.read_csv(datasets / 'letter_recognition.csv').drop(columns=['lettr'])
    letter = sample(letter_df, 2000, 20240601)
    ames_df = pd.read_csv(datasets / 'ames_housing.csv').select_dtypes('number')
    ames = sample(ames_df, 400, 20240602)

    versions = {
        'python': platform.python_version(),
        'numpy': np.__version__,
        'pandas': pd.__version__,
        'scikit-learn': sklearn.__version__,
    }
    for name, x, df in (('letter', letter, letter_df), ('ames', ames, ames_df)):
        # Integers stay integers in JSON (shorter); everything else keeps its shortest repr.
        values = [int(v) if float(v).is_integer() else float(v) for v in x.ravel()]
        write(f'{name}.json', {'rows': x.shape[0], 'cols': x.shape[1], 'columns': list(df.columns), 'data': values})
    write('kmeans.json', {'versions': versions, 'data': 'letter.json', **kmeans_cases(letter)})
    write(
        'pca.json',
        {'versions': versions, 'letter': pca_case(letter, 5, 'letter.json'), 'ames': pca_case(ames, 5, 'ames.json')},
    )


if __name__ == '__main__':
    main()
