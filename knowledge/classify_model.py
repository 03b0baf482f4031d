"""A linear model of complaint categories learned from the labelled openings of the example bank.

Features are character 1–3-grams of the Chinese (after the project's normalisation: NFKC,
OpenCC to Simplified, numbers through cn2an) and English word stems with their bigrams, as
log counts scaled to unit length. English words the glossary knows also count as their Chinese
words' character n-grams (knowledge/data/glossary.yaml), so an English opening meets the many
Chinese ones of the bank and not only its few English ones. The model is a multinomial logistic regression trained by
full-batch gradient descent from zero weights for a fixed number of steps: the same bank
always gives the same weights, so a cached model and a fresh build answer alike. numpy only
(scikit-learn would cost a second of import on every start that classifies).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from knowledge.textnorm import CJK_RUN_RE, Normaliser

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

_EN_WORD_RE = re.compile(r"[a-z][a-z']+")
NGRAMS = (1, 2, 3)
MIN_DF = 1  # a feature seen in one opening still counts: the bank is small
L2 = 1e-3  # weight decay: keeps weights of features seen once from deciding alone
STEPS = 400
RATE = 2.0


def features(text: str, norm: Normaliser, glossary: Glossary | None = None) -> Counter[str]:
    """Character n-grams of each Chinese run (English glossary words as their Chinese word), English
    stems and stem bigrams of the normalised text."""
    from knowledge.analyzer import EN_STOP, stem

    norm_text = norm.basic(text)
    chinese = glossary.chinese(norm_text) if glossary is not None else norm_text
    out: Counter[str] = Counter()
    for run in CJK_RUN_RE.findall(chinese):
        for n in NGRAMS:
            for i in range(len(run) - n + 1):
                out[run[i:i + n]] += 1
    words = [stem(w.replace("'", "")) for w in _EN_WORD_RE.findall(norm_text)]
    kept = [w for w in words if w not in EN_STOP]
    out.update(kept)
    out.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return out


class LinearModel:
    """Softmax regression over the features above; `probabilities` answers for one text."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str], norm: Normaliser,
                 glossary: Glossary | None = None) -> None:
        self.labels, self.norm, self.glossary = sorted(set(labels)), norm, glossary
        counted = [features(t, norm, glossary) for t in texts]
        df: Counter[str] = Counter(f for c in counted for f in c)
        vocab = sorted(f for f, d in df.items() if d >= MIN_DF)
        self.vocab = {f: i for i, f in enumerate(vocab)}
        rows = [self._vector(c) for c in counted]
        x = _Sparse([r[0] for r in rows], [r[1] for r in rows], len(vocab))
        y = np.zeros((len(texts), len(self.labels)))
        y[np.arange(len(texts)), [self.labels.index(lab) for lab in labels]] = 1.0
        self.weights, self.bias = _train(x, y)

    def _vector(self, counted: Counter[str]) -> tuple[list[int], np.ndarray]:
        idx = [self.vocab[f] for f in counted if f in self.vocab]
        val = np.array([1.0 + math.log(counted[f]) for f in counted if f in self.vocab])
        norm = float(np.linalg.norm(val)) if len(val) else 0.0
        return idx, (val / norm if norm else val)

    def probabilities(self, text: str) -> dict[str, float] | None:
        """Category -> probability, or None when the text shares no feature with the bank."""
        idx, val = self._vector(features(text, self.norm, self.glossary))
        if not idx:
            return None
        logits = val @ self.weights[idx] + self.bias
        p = np.exp(logits - logits.max())
        p /= p.sum()
        return {label: float(v) for label, v in zip(self.labels, p, strict=True)}

    def shared(self, text: str) -> int:
        """How many of the text's words or character pairs and triples the bank has seen.

        A single character in common (one character of "today's weather") is chance, not a likeness."""
        return sum(1 for f in features(text, self.norm, self.glossary) if len(f) > 1 and f in self.vocab)


class _Sparse:
    """Rows of (feature index, value) as flat arrays: the two products training needs, in O(non-zeros)."""

    def __init__(self, idx: list[list[int]], val: list[np.ndarray], width: int) -> None:
        self.rows = np.repeat(np.arange(len(idx)), [len(i) for i in idx])
        self.cols = np.array([i for row in idx for i in row], dtype=np.int64)
        self.vals = np.concatenate(val) if val else np.zeros(0)
        self.shape = (len(idx), width)

    def times(self, w: np.ndarray) -> np.ndarray:
        """self @ w"""
        part = self.vals[:, None] * w[self.cols]
        return np.stack([np.bincount(self.rows, part[:, c], self.shape[0]) for c in range(w.shape[1])], 1)

    def t_times(self, g: np.ndarray) -> np.ndarray:
        """self.T @ g"""
        part = self.vals[:, None] * g[self.rows]
        return np.stack([np.bincount(self.cols, part[:, c], self.shape[1]) for c in range(g.shape[1])], 1)


def _train(x: _Sparse, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the mean cross-entropy plus L2; deterministic."""
    n = x.shape[0]
    w = np.zeros((x.shape[1], y.shape[1]))
    b = np.zeros(y.shape[1])
    for _ in range(STEPS):
        logits = x.times(w) + b
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / n
        w -= RATE * (x.t_times(grad) + L2 * w)
        b -= RATE * grad.sum(axis=0)
    return w, b
