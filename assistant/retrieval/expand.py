"""Query expansion with the colloquial -> policy-term lexicon (``corpus/lexicon.yaml``)."""

from __future__ import annotations

from assistant.retrieval.tokenizer import normalize


class Expander:
    """Adds the policy terms of every lexicon entry whose colloquial key occurs in the question.

    Keys are matched as substrings of the normalised question (longest first, so 区里配套 wins over
    配套 where both exist and the shorter key's span is covered); terms already in the question are not
    repeated.
    """

    def __init__(self, synonyms: dict[str, tuple[str, ...]]):
        self._entries = sorted(
            ((normalize(k).replace(" ", ""), tuple(v)) for k, v in synonyms.items() if k.strip()),
            key=lambda kv: -len(kv[0]),
        )

    def terms(self, query: str) -> list[str]:
        q = normalize(query).replace(" ", "")
        covered = [False] * len(q)
        out: list[str] = []
        seen: set[str] = set()
        for key, values in self._entries:
            start = q.find(key)
            if start < 0:
                continue
            span = range(start, start + len(key))
            if all(covered[i] for i in span):
                continue  # inside a longer key that already matched
            for i in span:
                covered[i] = True
            for v in values:
                nv = normalize(v).replace(" ", "")
                if nv and nv not in q and nv not in seen:
                    seen.add(nv)
                    out.append(v)
        return out

    def expand(self, query: str) -> str:
        terms = self.terms(query)
        return query if not terms else f"{query} {' '.join(terms)}"
