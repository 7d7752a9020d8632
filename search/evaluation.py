"""Offline measures over labelled queries: NDCG@10 (graded), recall@10 and MRR, overall and per query kind."""

import math


def dcg(grades):
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(results, relevant, k=10):
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg([relevant.get(key, 0) for key in results[:k]]) / ideal if ideal else 0.0


def recall(results, relevant, k=10):
    """Share of the relevant items found in the first k, out of at most k (so a 35-item query can reach 1)."""
    if not relevant:
        return 0.0
    found = sum(1 for key in results[:k] if relevant.get(key, 0) > 0)
    return found / min(len(relevant), k)


def reciprocal_rank(results, relevant):
    for rank, key in enumerate(results, 1):
        if relevant.get(key, 0) > 0:
            return 1 / rank
    return 0.0


def evaluate(labelled, search, k=10):
    """{'overall': {...}, kind: {...}} averaged over queries; `search(q)` returns keys best first."""
    rows = {}
    for item in labelled:
        results = search(item["q"])
        scores = {
            "ndcg": ndcg(results, item["relevant"], k),
            "recall": recall(results, item["relevant"], k),
            "mrr": reciprocal_rank(results, item["relevant"]),
        }
        for group in ("overall", item.get("kind", "other")):
            rows.setdefault(group, []).append(scores)
    return {
        group: {metric: sum(s[metric] for s in scores) / len(scores) for metric in ("ndcg", "recall", "mrr")}
        | {"n": len(scores)}
        for group, scores in rows.items()
    }
