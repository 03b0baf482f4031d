"""Questions about something other than a shopping dispute: no confident answer (FACTS §17, off-topic).

The aspect a question asks (hours, a phone number, the tone) finds an answer within the topic the
question names; a question that names no topic of the base still asks an aspect ("when does the
bank close", "a sick note for my boss, in a formal tone"), and the aspect alone must not make an
answer out of it. Two signs say a question is about something else:

- a request to write or translate something (knowledge/data/off_topic.yaml) whose object names
  nothing of a dispute: a leave note, a poem, a résumé is no complaint letter;
- a question naming nothing of a dispute that the classifier does not read as a complaint either,
  with a word the base has never used (a hospital, a parking space, rain);
- a question naming a business or dealing outside online shopping (off_topic.yaml `elsewhere`: a
  bank, the post office, a landlord, a restaurant's takeaway) and nothing of a purchase on the
  platforms (`ours`: the seller, the order, the parcel): its complaint and aspect words (sent
  the wrong one, a phone, what time) are about that, so they count for nothing, not even a computed weekday.

What "names the dispute" means is the base's own vocabulary, not a list for this module: the
domain terms and their variants (terms.yaml), the glossary's words in both languages, the topics
of aspects.yaml, a service number; the words that only ask an aspect (a phone, what time) are left
out. A Chinese word counts where jieba's dictionary does not cut the text across it ("a fake" is
not in "a sick-leave note", though its two characters are).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge.textnorm import has_cjk, whole_word

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

FILE = "off_topic.yaml"
SERVICE_NUMBER = re.compile(r"\d{5,}")
NOUN = ("n", "v", "t", "j")  # jieba's tags of nouns (n, nr, ns, nt, nz, ng), verbs, times, abbreviations
CONFIDENT = 0.5  # a complaint the classifier's cues read this surely is a dispute
LONGEST_CROSSING = 4  # the longest dictionary word looked for across an anchor's edge
_WORD_RE = re.compile(r"[a-z0-9.']+")
CLAUSE_END = re.compile(r"[，,。.!！?？;；:：\n]")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requests(_Model):
    zh: list[str] = []  # a request to produce a text: 帮我写, 翻译成
    en: list[str] = []


class Lexicon(_Model):
    requests: Requests
    kinds: Requests = Requests()  # the kinds of text a request asks for (a letter, an application)
    elsewhere: Requests = Requests()  # businesses and dealings outside online shopping (a bank, a landlord)
    ours: Requests = Requests()  # what names a purchase on the platforms (the seller, the order)


@dataclass(frozen=True)
class Anchors:
    """The base's words naming a dispute (looked up by length: a pattern of 1,400 words would
    cost 0.1 s to compile each time the cached base is read), and the request words."""

    zh: frozenset[str]
    zh_sizes: tuple[int, ...]
    en: frozenset[tuple[str, ...]]  # English words and phrases as their words
    en_sizes: tuple[int, ...]
    requests: re.Pattern[str]
    kinds: frozenset[str]  # in a request, a word naming the kind of text asked for names no dispute
    elsewhere: re.Pattern[str]
    ours: re.Pattern[str]

    def chinese(self, text: str, skip: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
        """(start, end) of every anchor in the text, the longest at each position (not in `skip`)."""
        found = []
        for i in range(len(text)):
            size = next((n for n in self.zh_sizes if text[i:i + n] in self.zh and text[i:i + n] not in skip), None)
            if size is not None:
                found.append((i, i + size))
        return found

    def english(self, text: str, skip: frozenset[str] = frozenset()) -> bool:
        words = tuple(_WORD_RE.findall(text))
        return any(words[i:i + n] in self.en and " ".join(words[i:i + n]) not in skip
                   for n in self.en_sizes for i in range(len(words)))


def build(kb: KnowledgeBase) -> Anchors:
    """The anchors of the base's data: terms, glossary, topics, less the words that ask an aspect."""
    norm = kb.normaliser.basic
    lexicon = Lexicon.model_validate(yaml.safe_load((kb.path / FILE).read_text(encoding="utf-8")))
    cues = {norm(c) for a in kb.aspects.lexicon.aspects for c in a.cues.all()}
    # a term or glossary word that asks an aspect (几点, 电话: phone, call) is no anchor, nor are
    # its other forms; nor a one-character word (天: day, 买: buy)
    asking = cues | kb.search_words.question_words
    named = [(t.term, t.variants) for t in kb.terms] + list(kb.glossary.table.items())
    words = {w for word, forms in named if len(word) >= 2 and norm(word) not in asking for w in (word, *forms)}
    words |= {w for t in kb.aspects.lexicon.topics for w in t.cues.all()}
    anchors = {norm(w) for w in words if w} - asking
    zh = frozenset(w for w in anchors if has_cjk(w) and len(w) >= 2)
    en = frozenset(tuple(_WORD_RE.findall(w)) for w in anchors if not has_cjk(w) and len(w) >= 2) - {()}
    asks = sorted({norm(w) for w in lexicon.requests.zh + lexicon.requests.en}, key=len, reverse=True)
    return Anchors(
        zh=zh, zh_sizes=tuple(sorted({len(w) for w in zh}, reverse=True)),
        en=en, en_sizes=tuple(sorted({len(w) for w in en})),
        requests=re.compile("|".join(re.escape(w) if has_cjk(w) else whole_word(w) for w in asks)),
        kinds=frozenset(norm(w) for w in lexicon.kinds.zh + lexicon.kinds.en),
        elsewhere=_words(norm, lexicon.elsewhere), ours=_words(norm, lexicon.ours),
    )


def _words(norm: Callable[[str], str], words: Requests) -> re.Pattern[str]:
    """One pattern of the words, Chinese as typed and English whole, the longest first."""
    found = sorted({norm(w) for w in words.zh + words.en}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) if has_cjk(w) else whole_word(w) for w in found) or "(?!)")


def elsewhere(kb: KnowledgeBase, question: str) -> bool:
    """Whether the (readable) question names a business or dealing outside online shopping (a bank,
    a landlord, a restaurant's takeaway) and nothing of a purchase on the platforms: it is about
    that, whatever complaint or aspect words it holds."""
    anchors = kb.off_topic
    text = kb.normaliser.basic(question)
    if anchors.elsewhere.search(text) is None:
        return False
    return anchors.ours.search(kb.build_index().own_rewrite(text)) is None


def _crossed(kb: KnowledgeBase, text: str, start: int, end: int) -> bool:
    """Whether a word of jieba's dictionary runs across the start or the end of text[start:end]."""
    frequency = kb.build_index().analyzer.lexicon.frequency
    for i in range(max(0, start - LONGEST_CROSSING + 1), end):
        for j in range(i + 2, min(len(text), i + LONGEST_CROSSING) + 1):
            crosses = (i < start < j < end) or (start < i < end < j) or (i < start and j > end)
            if crosses and has_cjk(text[i:j]) and frequency(text[i:j]) > 0:
                return True
    return False


def names_dispute(kb: KnowledgeBase, text: str, requested: bool = False) -> bool:
    """Whether a normalised text names a thing of the base's disputes (see the module's doc); in
    what a request asks for, the kind of text (a letter) says nothing of what it is about."""
    anchors = kb.off_topic
    skip = anchors.kinds if requested else frozenset()
    if SERVICE_NUMBER.search(text) or anchors.english(text, skip):
        return True
    return any(not _crossed(kb, text, start, end) for start, end in anchors.chinese(text, skip))


def _requested(kb: KnowledgeBase, text: str) -> str | None:
    """The object of a request to write or translate something (to the end of its clause), or None."""
    found = kb.off_topic.requests.search(text)
    if found is None:
        return None
    return CLAUSE_END.split(text[found.end():], maxsplit=1)[0]


def _unknown_noun(kb: KnowledgeBase, text: str) -> bool:
    """Whether the text has a noun, verb, time word or abbreviation the base's answers never use (a
    hospital, a parking space, to rain, social insurance), or
    a real English word the base has nowhere (gas); of two characters or more (a one-character size
    mark is no noun here)."""
    from knowledge.search import _is_content

    index = kb.build_index()
    _, features = index.query_features(text)
    for feature in features:
        if feature[0] not in "we" or len(feature) < 4 or feature in index.answer_vocabulary \
                or not _is_content(feature, index.question_words):
            continue
        # a Chinese word of those parts of speech; a real English word the base has nowhere (no part of speech to read;
        # xl is a size, no word)
        word = feature[2:]
        if feature[0] == "w" and _asks_known(kb, word):
            continue
        if kb.parts_of_speech(word).startswith(NOUN) if feature[0] == "w" \
                else feature not in index.df and index.english.known(word):
            return True
    return False


def _asks_known(kb: KnowledgeBase, word: str) -> bool:
    """Whether a dictionary word is a question word joined to a word the answers use ("what does
    it mean" typed as one word): it asks about what the question names, it names nothing new."""
    index = kb.build_index()
    asking = kb.search_words.question_words | kb.search_words.stop_words
    return any(word.startswith(q) and (f"w:{word[len(q):]}" in index.answer_vocabulary
                                       or word[len(q):] in asking)
               for q in asking if has_cjk(q) and len(q) < len(word))


def asks_other_text(kb: KnowledgeBase, question: str) -> bool:
    """Whether the (readable) question asks for a text about no dispute (a leave note, a poem):
    off-topic whatever figures it holds (a date in a leave note is no deadline)."""
    wanted = _requested(kb, kb.normaliser.basic(question))
    return wanted is not None and bool(wanted.strip()) and not names_dispute(kb, wanted, requested=True)


def off_topic(kb: KnowledgeBase, question: str) -> bool:
    """Whether the (readable) question is about something other than a shopping dispute."""
    text = kb.normaliser.basic(question)
    wanted = _requested(kb, text)
    if wanted is not None and wanted.strip():
        return not names_dispute(kb, wanted, requested=True)
    if elsewhere(kb, question):
        return True
    if names_dispute(kb, text):
        return False
    described = kb.classify_cues(question)
    if described is not None and described.confidence >= CONFIDENT:
        return False
    return _unknown_noun(kb, text)
