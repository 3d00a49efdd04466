"""What Chinese and Japanese cost per article: the search index's shadow columns and word counts.

On the shared real-coverage set (`../shared/benchmarks/stories/articles.jsonl`), per language:

1. `cjk.shadow_values` (title and text split into bigrams for `title_cjk` / `text_cjk`), the
   work `store.ArticleBatch.insert` adds to every article, and `cjk.count_words`;
2. the FTS5 insert of a Chinese or Japanese article into a table shaped like `articles_fts`,
   with the shadow columns computed and filled, and left NULL (as before them): what the
   bigrams add to storing an article, all told.

    python benchmarks/cjk.py
    python benchmarks/cjk.py --repeat 500
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aggregator.cjk import count_words, shadow_values

SHARED = Path(__file__).resolve().parents[2] / "shared/benchmarks/stories/articles.jsonl"


def per_article_ms(
    articles: list[dict[str, Any]], work: Callable[[dict[str, Any]], object], repeat: int
) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for article in articles:
            work(article)
    return (time.perf_counter() - started) / (repeat * len(articles)) * 1000


def fts_insert_ms(articles: list[dict[str, Any]], shadows: bool, repeat: int) -> float:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(title, text, title_cjk, text_cjk, "
        "tokenize='unicode61 remove_diacritics 2')"
    )

    def insert(article: dict[str, Any]) -> None:
        forms = (
            shadow_values(title=article["title"], text=article["text"])
            if shadows
            else {"title_cjk": None, "text_cjk": None}
        )
        conn.execute(
            "INSERT INTO f VALUES (?, ?, ?, ?)",
            [article["title"], article["text"], forms["title_cjk"], forms["text_cjk"]],
        )

    took = per_article_ms(articles, insert, repeat)
    conn.commit()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=SHARED)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.articles.read_text().splitlines() if line]
    print("per article, ms            shadow_values  count_words   (articles, mean characters)")
    for lang in ("zh", "ja", "en", "de"):
        chosen = [r for r in rows if r["lang"] == lang]
        if not chosen:
            continue
        shadow = per_article_ms(
            chosen, lambda r: shadow_values(title=r["title"], text=r["text"]), args.repeat
        )
        words = per_article_ms(chosen, lambda r: count_words(r["text"]), args.repeat)
        size = sum(len(r["text"]) for r in chosen) / len(chosen)
        print(
            f"  {lang}                       {shadow:8.3f}     {words:8.3f}     ({len(chosen)}, {size:,.0f})"
        )
    cjk = [r for r in rows if r["lang"] in ("zh", "ja")]
    without = fts_insert_ms(cjk, shadows=False, repeat=max(1, args.repeat // 5))
    with_shadows = fts_insert_ms(cjk, shadows=True, repeat=max(1, args.repeat // 5))
    print(
        f"FTS5 insert of a zh/ja article, split forms included: {with_shadows:.3f} ms "
        f"(without shadow columns: {without:.3f} ms)"
    )


if __name__ == "__main__":
    main()
