"""FAQ search: weighted BM25 over each entry's paraphrased questions, title and answer.

An entry's score is its best document's score divided by the most the question's own features
could score (the sum of their weighted idf), so it reads as "how much of the question matched"
and one threshold works for short and long questions alike. Below the threshold, or when the
best entry is a `gap` entry (FACTS §17), the answer is null: the base does not know.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from knowledge.analyzer import WEIGHTS, Analyzer, SearchWords, stem
from knowledge.english_words import CONTRACTIONS, EnglishWords
from knowledge.glossary import Glossary
from knowledge.lexicon import Lexicon
from knowledge.schema import Entry, Term
from knowledge.spelling import HomophoneFixer, PinyinWords, Speller
from knowledge.textnorm import Normaliser, Rewriter, has_cjk

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

K1 = 1.2
B = 0.4
THRESHOLD = 0.3  # below: "I don't know" (tuned on tests/data/kb_questions.yaml)
ANSWER_DOC_WEIGHT = 0.55  # the answer text counts, but less than a question a shopper would type
TITLE_DOC_WEIGHT = 0.9
ENTRY_DOC_WEIGHT = 0.85  # all of an entry's questions together: a question may mix two paraphrases
OOV_IDF = 0.6  # share of the highest idf charged for a question feature the base has never seen
MIN_MATCHED = 2.0  # weighted idf a question must match at least ("你是谁" matches one word)
MIN_COVERAGE = 0.5  # share of the question's content words the answering entry must know
NUMBERED_DISCOUNT = 0.85  # an entry titled with a service number, for a question naming no number
COMMON_WORD_FREQ = 1000  # jieba frequency from which a two-character word is too common to be a typo
GLOSSARY_SPELL_MIN = 5  # letters from which an unknown word may be a misspelt glossary word
PRUNE_POSTINGS = 20000  # never reached by the real base (about 1,000 documents)


@dataclass(frozen=True)
class Hit:
    entry: str
    score: float


_LATIN_RE = re.compile(r"[A-Za-z]+")


_HYPHEN_RE = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")
# a contrast ("on the website, not the phone app"; "instead of"): the words after it up to the end
# of the clause, the last one an English word the glossary left as it is, are what the question
# is not about (the glossary reads "not received", "not working" as words of their own first)
_NEGATED_RE = re.compile(r"(?:(?<=[,(;])\s*not|(?<![a-z])(?:instead of|rather than))\s+(?:(?:the|a|an|my|in|on|via|through)\s+)?"
                         r"(?:(?:[a-z]+|[\u4e00-\u9fff]+)\s+)?[a-z]+(?=\s*(?:[,.;:!?)]|$))")
MARKER_GAP_WORDS = 2  # words an English marker phrase may have between its own ("genuine product guarantee")


def _phrase_re(phrase: str) -> re.Pattern[str]:
    # each word also in its plain inflections ("shows up", "landed in")
    words = [re.escape(w) + ("(?:s|es|ed|d|ing)?" if w.isalpha() else "") for w in phrase.split()]
    between = rf"(?:\W+[a-z0-9']+){{0,{MARKER_GAP_WORDS}}}\W+"
    return re.compile(rf"(?<![a-z0-9]){between.join(words)}")


def _names(word: str, text: str) -> bool:
    """Whether TEXT names a gap's marker WORD: as typed, or an English phrase's words in order
    with a few words between them."""
    if word in text:
        return True
    return " " in word and word.isascii() and _phrase_re(word).search(text) is not None


def _within_word(vocabulary: set[str], word: str) -> bool:
    """Whether a marker word (two characters or more, or a service's number) is part of a longer
    word the entry uses: the entry about the 12315 website knows 12315 through that site's name."""
    if len(word) < 2 or not (word.isdigit() or has_cjk(word)):
        return False
    return any(feature.startswith("w:") and word in feature[2:] for feature in vocabulary)


def _kind(feature: str) -> str:
    return feature.split(":", 1)[0]


def _is_common(lexicon: Lexicon, word: str) -> bool:
    return lexicon.frequency(word) >= COMMON_WORD_FREQ


def _is_content(feature: str, question_words: frozenset[str]) -> bool:
    if feature[0] == "n":
        return len(feature) >= 7  # "n:12315", "n:9510211" say what the question is about; a price does not
    return feature[0] in "we" and feature[2:] not in question_words


class SearchIndex:
    """Built once per version of the data (and cached); a query adds up the postings of its own
    features with array operations, then reads entries from the best down until no entry left
    can enter the top (every adjustment after the sum only lowers a score)."""

    def __init__(self, entries: list[Entry], terms: list[Term], own: SearchWords, norm: Normaliser,
                 gloss: Glossary) -> None:
        words = [w for e in entries for k in e.keywords for w in re.split(r"[|&]", k)]
        # the domain's own terms; with the glossary, English words become Chinese ones too
        self.own_rewrite = Rewriter(terms, norm)
        self.analyzer = Analyzer(Rewriter(terms, norm, gloss.resolved(self.own_rewrite), gloss.pattern), words,
                                 own)
        self.question_words = own.question_words
        self.entries = {e.id: e for e in entries}
        # a gap applies only to questions naming what sets it apart (its keywords), read without
        # the glossary: its English markers (ignore, hours) are narrower than their Chinese words
        self.gap_markers = {
            e.id: [[[self.own_rewrite(word) for word in group.split("|")]
                     for group in k.split("&")] for k in e.keywords]
            for e in entries if e.gap
        }
        self.vocabulary: dict[str, set[str]] = defaultdict(set)
        self.doc_entry: list[str] = []
        self.doc_weight: list[float] = []
        # English paraphrases read through the glossary, in Chinese words: a Chinese question is
        # compared with the Chinese wording of the entries only
        self.doc_english: list[bool] = []
        self.doc_len: list[float] = []
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        seen: dict[tuple[str, bool], Counter[str]] = {}

        def features(text: str, glossed: bool = True) -> Counter[str]:
            # titles and answers say the same in both languages: their English is read without
            # the glossary, or each Chinese word would count twice
            if (text, glossed) not in seen:
                rewrite = None if glossed else self.own_rewrite
                seen[text, glossed] = self.analyzer.features_of(self.analyzer.prepare(text, rewrite=rewrite))
            return seen[text, glossed]

        for entry in entries:
            if entry.gap and not entry.keywords:
                continue  # named only by its subject and aspect (knowledge/aspect_gap.py): never a search hit
            questions = entry.questions + entry.questions_en
            for question in entry.questions:
                self._add(postings, entry.id, features(question), 1.0)
            for question in entry.questions_en:  # through the glossary: met by English questions
                self._add(postings, entry.id, features(question), 1.0, english=True)
            keywords = " ".join(entry.keywords)
            title = f"{entry.title.zh} {entry.title.en or ''} {keywords}"
            self._add(postings, entry.id, features(title, glossed=False), TITLE_DOC_WEIGHT)
            if len(questions) > 1:
                self._add(postings, entry.id, sum((features(q, glossed=False) for q in questions), Counter()),
                          ENTRY_DOC_WEIGHT)
            if not entry.gap:
                answer = f"{entry.answer.zh} {entry.answer.en or ''}"
                self._add(postings, entry.id, features(answer, glossed=False), ANSWER_DOC_WEIGHT)
        n = len(self.doc_entry)
        self.avg_len = sum(self.doc_len) / max(n, 1)
        self.df = {f: len(p) for f, p in postings.items()}
        # how rare a Chinese word is, counted in the base's own Chinese: the glossary's words in
        # English paraphrases would make them look commoner than the Chinese text has them
        own_df = {f: len(p) if f[0] in "en" else sum(1 for doc, _ in p if not self.doc_english[doc])
                  for f, p in postings.items()}
        self.idf = {f: math.log(1 + (n - df + 0.5) / (df + 0.5)) for f, df in own_df.items()}
        self._store_postings(postings)
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        # entries whose title names a service number that several entries are about (12315: how
        # to call, hours, website, time): such a family is about that service, not complaints at large
        titled = {
            e.id: set(re.findall(r"\d{5,}", f"{e.title.zh} {e.title.en or ''}")) for e in entries if not e.gap
        }
        self.titled = {k: v for k, v in titled.items() if v}
        family = Counter(n for numbers in titled.values() for n in numbers)
        self.numbered = {k: {n for n in v if family[n] >= 3} for k, v in titled.items()}
        self.numbered = {k: v for k, v in self.numbered.items() if v}
        # a gap about one service's number (9510211's hours) says nothing of another service a
        # question names instead (12315's hours are known)
        self.services = {n for numbers in titled.values() for n in numbers}
        self.gap_services = {
            e.id: numbers for e in entries if e.gap
            and (numbers := set(re.findall(r"\d{5,}", f"{e.title.zh} {e.title.en or ''}")) & self.services)
        }
        self.answer_vocabulary = set().union(*(v for e, v in self.vocabulary.items() if e not in self.gap_markers))
        self.speller = Speller(f[2:] for f in self.df if f.startswith("e:"))
        self.glossary_words = gloss.words()
        self.glossary_speller = Speller(self.glossary_words)
        self.english = EnglishWords(lambda w: w in self.glossary_words or f"e:{stem(w)}" in self.df)
        self.homophones = HomophoneFixer(
            (f[2:] for f in self.df if f.startswith("w:")),
            is_word=functools.partial(_is_common, self.analyzer.lexicon),
        )
        # typed as pinyin: the domain's words, and the other words of its texts and questions
        text_words = {f[2:] for f in self.df if f.startswith("w:")} | own.stop_words | own.question_words
        self.pinyin_words = PinyinWords(set(words) | self.analyzer.rewrite.terms, text_words,
                                        rank=self.analyzer.lexicon.frequency)

    def _add(self, postings: dict[str, list[tuple[int, int]]], entry_id: str, features: Counter[str],
             weight: float, english: bool = False) -> None:
        self.vocabulary[entry_id].update(f for f in features if _is_content(f, self.question_words))
        doc = len(self.doc_entry)
        self.doc_english.append(english)
        self.doc_entry.append(entry_id)
        self.doc_weight.append(weight)
        self.doc_len.append(sum(WEIGHTS[_kind(f)] * c for f, c in features.items()))
        for feature, count in features.items():
            postings[feature].append((doc, count))

    def _store_postings(self, postings: dict[str, list[tuple[int, int]]]) -> None:
        """All postings in two arrays (documents, and the query-independent part of BM25 with the
        document's weight folded in), each feature a slice of them; entries as runs of documents."""
        docs: list[int] = []
        partials: list[float] = []
        self.span: dict[str, tuple[int, int]] = {}
        for feature, items in postings.items():
            start = len(docs)
            docs.extend(doc for doc, _ in items)
            partials.extend(self._partial(doc, tf) for doc, tf in items)
            self.span[feature] = (start, len(docs))
        self.post_docs = np.array(docs, dtype=np.int32)
        self.post_partials = np.array(partials, dtype=np.float64)
        self.entry_ids: list[str] = []
        starts: list[int] = []
        for doc, entry in enumerate(self.doc_entry):
            if not self.entry_ids or self.entry_ids[-1] != entry:
                self.entry_ids.append(entry)
                starts.append(doc)
        if len(set(self.entry_ids)) != len(self.entry_ids):
            raise ValueError("an entry id is used twice")
        self.entry_starts = np.array(starts, dtype=np.int64)
        self.english_docs = np.array(self.doc_english, dtype=bool)
        self.doc_entry_index = np.repeat(np.arange(len(starts), dtype=np.int32),
                                         np.diff([*starts, len(self.doc_entry)]))

    def names_unknown_marker(self, gap_id: str, text: str, entry_id: str) -> bool:
        """Whether the question names a marker word of this gap that the entry's questions never use."""
        vocabulary = self.vocabulary[entry_id]
        for marker in self.gap_markers.get(gap_id, []):
            for group in marker:
                for word in group:
                    if word and _names(word, text) and not self.knows(vocabulary, word) \
                            and not _within_word(vocabulary, word):
                        return True
        return False

    def names_foreign_marker(self, gap_id: str, text: str) -> bool:
        """Whether the question names a marker word of this gap that no answer of the base uses
        (a nickname of another platform): a name of what the base does not cover, however short
        the question."""
        markers = self.gap_markers[gap_id]
        if not all(len(marker) == 1 for marker in markers) or not self.passes_markers(gap_id, text):
            return False  # only a gap about named things (platforms, live streams): each marker a name
        known = self.answer_vocabulary
        return any(word and _names(word, text) and not self.knows(known, word)
                   for marker in self.gap_markers[gap_id] for group in marker for word in group)

    def knows(self, vocabulary: set[str], word: str) -> bool:
        """Whether an entry's questions use a marker word, as typed or as the glossary reads it."""
        glossed = self.analyzer.rewrite(word)
        return any(f"{kind}:{form}" in vocabulary for kind in "we" for form in {word, glossed})

    def _latin(self, token: str) -> str:
        """A Latin word that is not English but spells a domain word in pinyin becomes that word;
        a misspelt word of the glossary becomes that word (before the glossary rewrites it)."""
        lower = token.lower()
        if lower in CONTRACTIONS:
            return CONTRACTIONS[lower]
        if len(lower) < 3 or lower in self.glossary_words or f"e:{lower}" in self.df or f"e:{stem(lower)}" in self.df:
            return token
        found = self.pinyin_words(lower)
        if found:
            return found
        if len(lower) < GLOSSARY_SPELL_MIN:
            return token  # rice is not a misspelt price: too short to tell
        fixed = self.glossary_speller.correct(lower)
        if fixed == lower or fixed not in self.glossary_words:
            return token
        return self._english_form(lower) or fixed  # "created" is no misspelt "cheated"

    def _english_form(self, word: str) -> str | None:
        """For a real English word (knowledge/english_words.py): its dictionary form when the base
        knows that form ("staffed": staff), else the word itself; None for no English word."""
        return self.english.lemma(word) if self.english.known(word) else None

    def _partial(self, doc: int, tf: int) -> float:
        norm = K1 * (1 - B + B * self.doc_len[doc] / self.avg_len)
        return self.doc_weight[doc] * tf * (K1 + 1) / (tf + norm)

    def pinyin_word(self, token: str) -> str:
        """One Latin word that is no English but spells a domain word in pinyin (zhiliang, wuliu)
        as that word; any other as typed, never spell-corrected (the classifier's reading of
        English text)."""
        lower = token.lower()
        if len(lower) < 3 or self._english(lower):
            return token
        return self.pinyin_words(lower) or token

    def from_pinyin(self, question: str) -> str:
        """The question with its pinyin words as the base's Chinese words (knowledge/pinyin_text.py)."""
        from knowledge.pinyin_text import to_hanzi

        return to_hanzi(question, self.pinyin_words, self._english)

    def _english(self, word: str) -> bool:
        return word in self.glossary_words or f"e:{word}" in self.df or f"e:{stem(word)}" in self.df

    def marker_text(self, question: str) -> str:
        """The question as the gap markers are matched against: without the glossary, English
        words joined by hyphens read as words ("not-as-described")."""
        question = _LATIN_RE.sub(lambda m: self._latin(m.group(0)), _HYPHEN_RE.sub(" ", question))
        return self.analyzer.prepare(question, fix=self.homophones, rewrite=self.own_rewrite)

    def query_features(self, question: str) -> tuple[str, Counter[str]]:
        """(the question as gap markers read it, its search features)."""
        marked = self.marker_text(question)
        question = _LATIN_RE.sub(lambda m: self._latin(m.group(0)), question)
        text = self.analyzer.prepare(question, fix=self.homophones)
        text = _NEGATED_RE.sub("", text)  # "on the website, not the app" is not about the app
        features = self.analyzer.features_of(text)
        typed = {stem(word): word for word in map(str.lower, _LATIN_RE.findall(text))}
        fixed: Counter[str] = Counter()
        for feature, count in features.items():
            if feature.startswith("e:") and feature not in self.df:
                corrected = self.speller.correct(feature[2:])
                if corrected != feature[2:]:
                    # a real English word is no typo: as typed, or its dictionary form if known
                    form = self._english_form(typed.get(feature[2:], feature[2:]))
                    corrected = corrected if form is None else stem(form)
                feature = "e:" + corrected
            fixed[feature] += count
        return marked, fixed

    def _entry_scores(self, features: Counter[str], chinese: bool) -> np.ndarray:
        """Each entry's best document score (weighted BM25 summed over the question's features)."""
        scores = np.zeros(len(self.doc_entry))
        for feature in features:
            span = self.span.get(feature)
            if span is None:
                continue
            start, end = span
            weight = WEIGHTS[_kind(feature)] * self.idf[feature]
            scores[self.post_docs[start:end]] += weight * self.post_partials[start:end]
        if chinese:
            scores[self.english_docs] = 0.0
        return np.maximum.reduceat(scores, self.entry_starts)

    def passes_markers(self, entry: str, text: str) -> bool:
        if entry in self.gap_services:
            named = set(re.findall(r"\d{5,}", text)) & self.services
            if named and not named & self.gap_services[entry]:
                return False  # the question names another service's number
        return any(all(any(_names(w, text) for w in group) for group in marker) for marker in self.gap_markers[entry])

    def _coverage(self, content: set[str], chinese: bool) -> np.ndarray:
        """Per entry, the share of the question's content words it has a document with."""
        known = np.zeros(len(self.entry_ids))
        for feature in content:
            span = self.span.get(feature)
            if span is None:
                continue
            docs = self.post_docs[span[0]:span[1]]
            if chinese:
                docs = docs[~self.english_docs[docs]]
            has = np.zeros(len(self.entry_ids), dtype=bool)
            has[self.doc_entry_index[docs]] = True
            known += has
        return known / len(content)

    def known_share(self, question: str, entry_id: str) -> float:
        """The share of the question's content words (as the search reads them) the entry uses."""
        content = {f for f in self.query_features(question)[1] if _is_content(f, self.question_words)}
        vocabulary = self.vocabulary[entry_id]
        return sum(f in vocabulary for f in content) / len(content) if content else 0.0

    def _numbered(self, entry: str, score: float, numbers: set[str], services: set[str]) -> float:
        # an entry about one numbered service (12315, 9510211) answers a question that names no
        # number less surely: "投诉完多久回复" asks about a complaint in general
        own = self.numbered.get(entry)
        if own and not (own & numbers):
            score = score * NUMBERED_DISCOUNT
        # the question names another service's number: "12315怎么打电话" is not about 9510211
        titled = self.titled.get(entry)
        if titled and services and not (titled & services):
            score = score * NUMBERED_DISCOUNT
        return score

    def _kept(self, position: int, text: str) -> bool:
        """A gap entry takes part only when the question names its markers."""
        entry = self.entry_ids[position]
        return entry not in self.gap_markers or self.passes_markers(entry, text)

    def search(self, question: str, limit: int = 5) -> list[Hit]:
        text, features = self.query_features(question)
        if not features:
            return []
        oov = OOV_IDF * self.max_idf
        # in a very large base, features found in most documents cost time and rank nothing
        features = Counter({f: c for f, c in features.items() if self.df.get(f, 0) <= PRUNE_POSTINGS})
        best_possible = sum(WEIGHTS[_kind(f)] * self.idf.get(f, oov) for f in features)
        if not best_possible:
            return []
        chinese = has_cjk(question)
        raw = self._entry_scores(features, chinese)
        candidates = np.flatnonzero(raw > 0)
        best_raw = next((float(raw[p]) for p in _descending(raw, candidates) if self._kept(p, text)), None)
        if best_raw is None:
            return []
        scores = raw
        if not any(f in self.df and _is_content(f, self.question_words) for f in features) \
                or best_raw < MIN_MATCHED:
            scores = scores * 0.1  # too little matched to be sure of anything
        scores = scores / best_possible
        content = {f for f in features if _is_content(f, self.question_words)}
        if content:
            known = self._coverage(content, chinese)
            thin = known < MIN_COVERAGE  # matched on side words only: "推荐一款手机"
            scores = np.where(thin, scores * known / MIN_COVERAGE, scores)
        numbers = {f[2:] for f in features if f.startswith("n:")}
        services = {n for n in numbers if len(n) >= 5}
        # every adjustment left only lowers a score: read from the best down, stop when the
        # next entry cannot pass the last one kept
        top: list[tuple[float, int, str]] = []
        for position in _descending(scores, candidates):
            bound = float(scores[position])
            if len(top) >= limit and (bound, -position) < (top[-1][0], -top[-1][1]):
                break  # ties go to the entry that comes first
            if not self._kept(position, text):
                continue
            entry = self.entry_ids[position]
            top.append((self._numbered(entry, bound, numbers, services), position, entry))
            top.sort(key=lambda item: (-item[0], item[1]))
            del top[limit:]
        # ranked on the raw ratio; reported capped at 1 (a paraphrase can exceed its own question)
        return [Hit(entry, min(score, 1.0)) for score, _, entry in top]


def _descending(values: np.ndarray, candidates: np.ndarray, first: int = 64) -> Iterator[int]:
    """The candidates (ascending positions) by descending value, ties in position order, as
    Python ints; the head is found by partition, the rest sorted only if the scan gets there."""
    scores = values[candidates]
    if len(candidates) > first:
        threshold = scores[np.argpartition(-scores, first - 1)[:first]].min()
        head = scores >= threshold  # every tie of the last one of the head goes with it
        yield from candidates[head][np.argsort(-scores[head], kind="stable")].tolist()
        candidates, scores = candidates[~head], scores[~head]
    yield from candidates[np.argsort(-scores, kind="stable")].tolist()


GAP_FLOOR = THRESHOLD  # a gap whose markers the question names wins from this score on,
GAP_SLACK = 0.2  # ... when it is within this of the best real answer
CATEGORY_BOOST = 1.25  # a complaint the classifier recognises pulls up its category's entries
CATEGORY_MIN_CONFIDENCE = 0.6
CATEGORY_ALONE = 0.7  # below this (one cue word alone), the category only confirms the search's own best
CONFIRM_FLOOR = 0.2  # ... and only a best the search itself found this close to the question,
CONFIRM_KNOWN = 0.5  # ... that knows more than this share of the question's content words
CATEGORY_ONLY_BELOW = 0.4  # the classifier only helps when the search itself is unsure


def rank(kb: KnowledgeBase, index: SearchIndex, question: str, limit: int = 5) -> list[Hit]:
    """Search hits, with entries of the complaint category the question describes moved up.

    Shoppers often ask by describing the problem ("it broke after a few uses"); the classifier's
    cues
    recognise that even when the words are far from any stored question.
    """
    hits = index.search(question, limit=limit + 3)
    if hits and not kb.entry(hits[0].entry).gap:
        hits = _own_category_first(kb, question, hits)
    if hits and (hits[0].score >= CATEGORY_ONLY_BELOW or kb.entry(hits[0].entry).gap):
        return hits[:limit]  # the search is sure enough, or the question names a known gap
    found = kb.classify_cues(question)
    if found is None or found.confidence < CATEGORY_MIN_CONFIDENCE:
        return hits[:limit]
    if found.confidence < CATEGORY_ALONE and not (
            hits and hits[0].score >= CONFIRM_FLOOR and kb.entry(hits[0].entry).category == found.category
            and index.known_share(question, hits[0].entry) > CONFIRM_KNOWN):
        # one cue word (a price, a return) in a question the search reads as about something else,
        # or about what the base never names (a bitcoin price: the price is all it knows): it
        # confirms the search's own category, never overrules it
        return hits[:limit]
    scores = {h.entry: h.score for h in hits}
    for entry_id, score in scores.items():
        if kb.entry(entry_id).category == found.category:
            scores[entry_id] = min(1.0, score * CATEGORY_BOOST)
    main = kb.category(found.category).faq
    injected = found.confidence * 0.6
    top_category = kb.entry(hits[0].entry).category if hits else None
    if hits and hits[0].entry != main and top_category == found.category and scores[hits[0].entry] >= THRESHOLD:
        # a closer entry of the complaint's own category, sure once the category confirms it
        # ("sent the wrong colour" is the wrong-item entry, not the not-as-described playbook)
        injected = min(injected, scores[hits[0].entry] * 0.95)
    elif hits and hits[0].score >= CONFIRM_FLOOR and hits[0].entry != main and top_category in (None, found.category):
        # the search has an answer of its own that does not contradict the complaint's category
        # (a process entry, or a closer entry of the same category): the main entry may join,
        # not displace it; an answer from another category can still be overruled. Below the
        # threshold, the recognised complaint makes the search's own answer as sure as it would
        # have made its playbook (may I call the seller a cheat: the tone, not the fraud steps)
        if hits[0].score < THRESHOLD:
            scores[hits[0].entry] = max(scores[hits[0].entry], injected)
        injected = min(injected, scores[hits[0].entry] * 0.95)
    scores[main] = max(scores.get(main, 0.0), injected)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:limit]
    return [Hit(entry, score) for entry, score in ranked]


OTHER_CATEGORY_SHARE = 0.85  # a close entry of the complaint described wins over another category's best


def _own_category_first(kb: KnowledgeBase, question: str, hits: list[Hit]) -> list[Hit]:
    """The hits, with the best entry of the complaint the question surely describes first when
    the best one belongs to another complaint category and it scores close (reporting a fake is
    not the answer to whether late shipping can be reported)."""
    top = kb.entry(hits[0].entry).category
    if top is None:
        return hits
    found = kb.classify_cues(question)
    if found is None or found.confidence < CATEGORY_MIN_CONFIDENCE or found.category == top:
        return hits
    own = next((h for h in hits[1:] if kb.entry(h.entry).category == found.category
                and h.score >= hits[0].score * OTHER_CATEGORY_SHARE), None)
    if own is None:
        return hits
    return [replace(own, score=hits[0].score), *(h for h in hits if h is not own)]


def answer(kb: KnowledgeBase, index: SearchIndex, question: str, lang: str) -> Answer:
    from knowledge.base import Answer
    from knowledge.clauses import vouched

    hits = vouched(kb, index, question, rank(kb, index, question), THRESHOLD)
    if not hits or hits[0].score < THRESHOLD:
        score = hits[0].score if hits else 0.0
        related = _related(kb, None, hits, lang)
        # the best match is a gap the question names (its markers passed): a known unknown
        gap = hits[0].entry if hits and kb.entry(hits[0].entry).gap else None
        return Answer(answer=None, entry=None, score=score, sources=[], gap=gap, related=related)
    gated_gap = next((h for h in hits if kb.entry(h.entry).gap and h.score >= GAP_FLOOR), None)
    if gated_gap is not None and gated_gap is not hits[0] and gated_gap.score >= hits[0].score - GAP_SLACK:
        # the question names what a gap is about (its markers passed): that outweighs a closer wording
        hits = [gated_gap] + [h for h in hits if h is not gated_gap]
    elif not kb.entry(hits[0].entry).gap:
        # a gap's marker the best answer knows nothing of ("抖音买的衣服质量差": the quality entry
        # knows no 抖音) means the question is about what the base does not cover
        text = index.marker_text(question)
        unknown = next((h for h in hits if kb.entry(h.entry).gap and h.score >= GAP_FLOOR / 2
                        and index.names_unknown_marker(h.entry, text, hits[0].entry)), None)
        if unknown is None and not has_cjk(question):
            # a gap the search did not rank (an English question meets the few English words of
            # a gap): its markers named, and unknown to the best answer, still say so
            ranked = {h.entry for h in hits}  # a ranked gap was weighed above, by its score
            unknown = next((Hit(gap, hits[0].score) for gap in index.gap_markers
                            if gap not in ranked and index.passes_markers(gap, text)
                            and index.names_unknown_marker(gap, text, hits[0].entry)), None)
        if unknown is None:
            # a marker no answer of the base uses at all (another platform's name) says so in
            # any language, however low the gap ranks
            unknown = next((Hit(gap, hits[0].score) for gap in index.gap_markers
                            if index.names_foreign_marker(gap, text)), None)
        if unknown is not None:
            hits = [unknown] + [h for h in hits if h is not unknown]
    top = kb.entry(hits[0].entry)
    if top.gap:
        return Answer(answer=None, entry=None, score=hits[0].score, sources=[], gap=top.id,
                      related=_related(kb, top, hits, lang))
    return Answer(
        answer=top.answer.get(lang),
        entry=top.id,
        score=hits[0].score,
        sources=list(top.sources),
        related=_related(kb, top, hits, lang),
    )


def _related(
    kb: KnowledgeBase, top: Entry | None, hits: list[Hit], lang: str, limit: int = 3
) -> list[tuple[str, str]]:
    """Buttons: the entry's own related list first, then the runners-up of this search."""
    ids = list(top.related) if top else []
    ids += [h.entry for h in hits[1:] if h.score >= THRESHOLD / 2]
    out: list[tuple[str, str]] = []
    for entry_id in ids:
        entry = kb.entry(entry_id)
        if entry.gap or (top and entry_id == top.id) or any(entry_id == i for i, _ in out):
            continue
        out.append((entry_id, entry.title.get(lang)))
        if len(out) == limit:
            break
    return out
