"""Chinese tokenisation for the keyword side: jieba with the project's user dictionary.

One private ``jieba.Tokenizer`` per user-dictionary content (never jieba's global instance, so other
code that uses jieba is unaffected). jieba's cache goes to a writable temp directory and its
messages go to the log, never to stdout.

Why a cache of our own (``jieba.cache`` in the index build): building jieba's prefix dictionary takes
~1.6 s (0.6 s from jieba's own temp-dir cache) and adding the user dictionary and ~1,200 domain words
more; the index build saves the finished dictionary (prefix dictionary + user words) and a question-path
start loads it in ~0.2 s. The file carries a key (jieba version, dictionary, user words) and its sha256
is in the index manifest; a cache that does not match is ignored and the dictionary is built as before,
so it changes start-up time, never the tokens.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)

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

    def __init__(self, userdict: Path | None = None, extra_words: list[str] | tuple[str, ...] = (),
                 prefix_dict: tuple[dict, int] | None = None):
        tk = jieba.Tokenizer()
        if prefix_dict is not None:  # the finished dictionary from ``save_cache`` (user words included)
            tk.FREQ, tk.total = prefix_dict
            tk.initialized = True
        else:
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
CACHE_FORMAT = 1


def tokenizer_key(userdict: Path | None, extra_words: tuple[str, ...] = ()) -> str:
    """What the segmentation depends on: jieba's version and dictionary, the user dictionary, the extra words."""
    h = hashlib.sha256()
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    h.update(f"{CACHE_FORMAT}|{jieba.__version__}|{dict_path.stat().st_size if dict_path.exists() else 0}|".encode())
    if userdict is not None and Path(userdict).is_file():
        h.update(Path(userdict).read_bytes())
    h.update(b"\0")
    h.update("\n".join(extra_words).encode())
    return h.hexdigest()


def save_cache(tokenizer: ChineseTokenizer, key: str, path: Path) -> str:
    """Write the tokenizer's finished dictionary to ``path`` (fsynced); returns the file's sha256."""
    data = marshal.dumps((CACHE_FORMAT, key, tokenizer._tk.FREQ, tokenizer._tk.total))
    tmp = Path(path).with_name(Path(path).name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return hashlib.sha256(data).hexdigest()


def _load_cache(path: Path, key: str, sha256: str) -> tuple[dict, int] | None:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        log.warning("jieba cache %s unreadable (%s): building the dictionary instead", path, e)
        return None
    if hashlib.sha256(data).hexdigest() != sha256:
        log.warning("jieba cache %s does not match the manifest: building the dictionary instead", path)
        return None
    try:
        fmt, stored_key, freq, total = marshal.loads(data)
    except (EOFError, ValueError, TypeError) as e:
        log.warning("jieba cache %s unreadable (%s): building the dictionary instead", path, e)
        return None
    if fmt != CACHE_FORMAT or stored_key != key:
        log.info("jieba cache %s is for other words: building the dictionary instead", path)
        return None
    return freq, total


def get_tokenizer(userdict: Path | None, extra_words: tuple[str, ...] = (), cache: Path | None = None,
                  cache_sha256: str | None = None) -> ChineseTokenizer:
    """One tokenizer per (user dictionary content, extra words): jieba's dictionary loads once per process,
    from ``cache`` (checked against ``cache_sha256``) when it is given and matches."""
    key = tokenizer_key(userdict, extra_words)
    with _TOKENIZERS_LOCK:
        if key not in _TOKENIZERS:
            prefix = _load_cache(cache, key, cache_sha256) if cache is not None and cache_sha256 else None
            _TOKENIZERS[key] = ChineseTokenizer(userdict, extra_words, prefix_dict=prefix)
        return _TOKENIZERS[key]
