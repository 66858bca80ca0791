"""The arxiv-sanity-lite baseline for personal ranking, on the readers `paperboy bench
recommend --readers-out` wrote: tf-idf of title and abstract with arxiv-sanity's settings, and a
linear SVM per reader (likes positive, every other paper negative, C=0.01, balanced classes),
scored like the Swift side (precision@20, nDCG@20 over the reader's hidden papers).

    python recommend-baseline.py DB READERS_JSON
"""
import json
import math
import sqlite3
import sys
import time

import numpy as np
from sklearn import svm
from sklearn.feature_extraction.text import TfidfVectorizer

K = 20


def ndcg(ranked, relevant, k):
    dcg = sum(1 / math.log2(i + 2) for i, pid in enumerate(ranked[:k]) if pid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def main(db_path, readers_path):
    db = sqlite3.connect(db_path)
    # The same candidates as the Swift side: the papers that have an embedding.
    rows = db.execute(
        "SELECT p.id, p.title, p.abstract FROM paper p WHERE NOT p.deleted AND p.id IN (SELECT paperId FROM embedding) ORDER BY p.id"
    ).fetchall()
    ids = [r[0] for r in rows]
    position = {pid: i for i, pid in enumerate(ids)}
    texts = [f"{r[1]}. {r[2]}" for r in rows]
    started = time.time()
    # arxiv-sanity-lite's compute.py settings.
    vectorizer = TfidfVectorizer(input="content", encoding="utf-8", decode_error="replace", strip_accents="unicode",
                                 lowercase=True, analyzer="word", stop_words="english",
                                 token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2),
                                 max_features=20000, norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True,
                                 max_df=0.1, min_df=5)
    x = vectorizer.fit_transform(texts).astype(np.float32)
    print(f"tf-idf: {x.shape[0]} papers x {x.shape[1]} features in {time.time() - started:.1f} s", file=sys.stderr)

    readers = json.load(open(readers_path))
    results = {}
    train_seconds = []
    for reader in readers:
        likes = [position[p] for p in reader["likes"] if p in position]
        if not likes:
            continue
        y = np.zeros(x.shape[0])
        y[likes] = 1
        t = time.time()
        clf = svm.LinearSVC(class_weight="balanced", verbose=False, max_iter=1000000, tol=1e-6, C=0.01)
        clf.fit(x, y)
        scores = clf.decision_function(x)
        train_seconds.append(time.time() - t)
        scores[likes] = -np.inf
        top = [ids[i] for i in np.argsort(-scores)[:K]]
        relevant = set(reader["hidden"])
        r = results.setdefault(reader["kind"], [0.0, 0.0, 0])
        r[0] += sum(1 for p in top if p in relevant) / K
        r[1] += ndcg(top, relevant, K)
        r[2] += 1
    for kind in ("author", "category"):
        if kind in results:
            p, n, count = results[kind]
            print(f"{'tf-idf + LinearSVC':<20}{kind:<11}{p / count:.4f}        {n / count:.4f}")
    train_seconds.sort()
    print(f"tf-idf + LinearSVC: train + score per reader p50 {1000 * train_seconds[len(train_seconds) // 2]:.0f} ms "
          f"(all {x.shape[0]} papers as negatives, as arxiv-sanity does)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
