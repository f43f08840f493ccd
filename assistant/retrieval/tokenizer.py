"""Chinese tokenisation for the keyword side: jieba with the project's user dictionary.

One private ``jieba.Tokenizer`` per user-dictionary content (never jieba's global instance, so other
code that uses jieba is unaffected). jieba's cache goes to a writable temp directory and its
messages go to the log, never to stdout.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

# Function words and question fillers that carry no policy meaning. Kept short on purpose: words such as
# 企业/奖励 are frequent in the corpus too, and BM25's idf already discounts them.
STOPWORDS = frozenset(
    """
    的 了 是 吗 呢 吧 啊 呀 哦 嘛 么 啥 呗 哈 咋 着 过 得 地 之 其 与 及 和 或 而 且 也 还 就 都 又 再 才 把 被 让 给 向 从 对 在 于 以 为
    我 我们 你 你们 他 他们 她 它 咱 咱们 自己 这 那 这个 那个 这些 那些 这样 那样 这种 那种 哪 哪个 哪些 哪里 哪儿 什么 怎么 怎么样 怎样 如何
    为什么 多少 几 有没有 是不是 能不能 可不可以 会不会 要不要 可以 能 能够 会 要 想 请问 一下 一些 有些 有 没有 没 不 吗 么 个 些
    问 问问 看看 知道 告诉 一个 这边 那边 现在 然后 如果 的话 就是 还是 或者 以及 等 等等 之类 方面 相关 有关 里 上 下 中 内
    """.split()
)
_PUNCT_RE = re.compile(r"^[\W_]+$", re.UNICODE)
_TOKEN_CACHE_LIMIT = 4096


def normalize(text: str) -> str:
    """NFKC (full-width digits/letters to half-width), lower-case, no whitespace runs."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


class ChineseTokenizer:
    """jieba search-mode segmentation with the user dictionary and extra domain words."""

    def __init__(self, userdict: Path | None = None, extra_words: list[str] | tuple[str, ...] = ()):
        tk = jieba.Tokenizer()
        tk.tmp_dir = str(Path(tempfile.gettempdir()))
        tk.cache_file = "policy_assistant.jieba.cache"
        tk.initialize()
        if userdict is not None and Path(userdict).is_file():
            tk.load_userdict(str(userdict))
        for word in extra_words:
            w = normalize(word).replace(" ", "")
            if 2 <= len(w) <= 12 and not _PUNCT_RE.match(w):
                tk.add_word(w)
        self._tk = tk
        self._lock = threading.Lock()
        self._cache: dict[str, list[str]] = {}

    def tokens(self, text: str) -> list[str]:
        """Search-mode tokens (whole words plus their dictionary sub-words), stop words and punctuation removed."""
        text = normalize(text)
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        with self._lock:  # jieba's Tokenizer is not documented as thread-safe
            raw = list(self._tk.cut_for_search(text, HMM=True))
        out = [t for t in (r.strip() for r in raw) if t and t not in STOPWORDS and not _PUNCT_RE.match(t)]
        if len(self._cache) < _TOKEN_CACHE_LIMIT:
            self._cache[text] = out
        return out


_TOKENIZERS: dict[str, ChineseTokenizer] = {}
_TOKENIZERS_LOCK = threading.Lock()


def get_tokenizer(userdict: Path | None, extra_words: tuple[str, ...] = ()) -> ChineseTokenizer:
    """One tokenizer per (user dictionary content, extra words): jieba's dictionary loads once per process."""
    h = hashlib.sha256()
    if userdict is not None and Path(userdict).is_file():
        h.update(Path(userdict).read_bytes())
    h.update("\n".join(extra_words).encode())
    key = h.hexdigest()
    with _TOKENIZERS_LOCK:
        if key not in _TOKENIZERS:
            _TOKENIZERS[key] = ChineseTokenizer(userdict, extra_words)
        return _TOKENIZERS[key]
