"""Properties of the classifier's learned parts: the sparse products training runs on equal the
dense ones (empty rows and unused features included), and any text at all gets a known category
or none, never an error."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.classify_model import _Sparse
from knowledge.loader import load_kb

_rows = st.lists(st.lists(st.tuples(st.integers(0, 11), st.floats(-2, 2, allow_nan=False)), max_size=6),
                 min_size=1, max_size=8)


@given(_rows, st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_sparse_products_equal_the_dense_ones(rows: list[list[tuple[int, float]]], k: int) -> None:
    width = 12
    idx = [sorted({c for c, _ in row}) for row in rows]
    val = [np.array([dict(row)[c] for c in cols]) for row, cols in zip(rows, idx, strict=True)]
    dense = np.zeros((len(rows), width))
    for r, (cols, vals) in enumerate(zip(idx, val, strict=True)):
        dense[r, cols] = vals
    x = _Sparse(idx, val, width)
    rng = np.random.default_rng(len(rows) * 31 + k)
    w, g = rng.normal(size=(width, k)), rng.normal(size=(len(rows), k))
    assert np.allclose(x.times(w), dense @ w)
    assert np.allclose(x.t_times(g), dense.T @ g)


_text = st.text(st.sampled_from(list("假货坏了没收到发货骂我评价退款骗转账 的了吗？?,.abcfakeshipXYZ12315幺二")),
                max_size=40)


@given(_text)
@settings(max_examples=80, deadline=None)
def test_any_text_gets_a_known_category_or_none(text: str) -> None:
    kb = load_kb()
    found = kb.classify(text)
    slugs = {c.slug for c in kb.categories}
    assert found.category is None or found.category in slugs
    assert 0.0 <= found.confidence <= 1.0
    assert set(found.alternatives) <= slugs and found.category not in found.alternatives
    asked = kb.question_model.probabilities(text)
    assert asked is None or abs(sum(asked.values()) - 1.0) < 1e-9
