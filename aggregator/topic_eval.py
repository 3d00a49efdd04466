"""`topics eval`: precision and recall of topics on an analyst's own hand-labelled sample.

The sample is loaded into a scratch database and tagged by the very code that tags stored
articles (`store.retag_topics`: the search index finds candidates, `relevance` scores them),
so what is measured is what the archive will get.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from . import store
from .topics import TopicRule


class LabelledArticle(BaseModel):
    """One line of a sample: the article and the topics it is substantially about."""

    model_config = ConfigDict(extra="ignore")

    title: str
    text: str = ""
    topics: list[str]
    language: str | None = None
    source: str = "sample"
    url: str = ""
    id: str | int | None = None

    @model_validator(mode="before")
    @classmethod
    def _usual_spellings(cls, data: Any) -> Any:
        """Labelled sets name the language `lang` and the outlet `outlet` as often."""
        if isinstance(data, dict):
            data = dict(data)
            data.setdefault("language", data.get("lang"))
            data.setdefault("source", data.get("outlet") or "sample")
        return data


@dataclass
class TopicQuality:
    topic: str
    labelled: int
    tagged: int
    correct: int
    false_positives: list[str] = field(default_factory=list)  # titles
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.tagged if self.tagged else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "labelled": self.labelled,
            "tagged": self.tagged,
            "correct": self.correct,
            "false_positives": self.false_positives,
            "missed": self.missed,
        }


def read_sample(path: Path) -> Iterator[LabelledArticle | str]:
    """Each non-blank line as an article, or a one-line error naming the line."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield LabelledArticle.model_validate_json(line)
            except ValidationError as exc:
                first = exc.errors()[0]
                key = ".".join(str(p) for p in first["loc"]) or "(line)"
                message = (
                    "required field is missing" if first["type"] == "missing" else first["msg"]
                )
                if first["type"] == "json_invalid":
                    key, message = "(line)", "not valid JSON"
                yield f"{path}:{number}: {key}: {message}"


def score_sample(
    sample: Sequence[LabelledArticle], topics: Sequence[TopicRule]
) -> list[TopicQuality]:
    """Tag the sample with each topic and compare with its labels."""
    tags = tag_sample(sample, topics)
    return [quality(topic.name, sample, set(tagged)) for topic, tagged in tags]


def tag_sample(
    sample: Sequence[LabelledArticle], topics: Sequence[TopicRule]
) -> list[tuple[TopicRule, dict[int, float]]]:
    """Each topic with the positions in `sample` of the articles it tags, and their scores."""
    db = store.open_db(":memory:")
    try:
        ids = store.load_sample(db, [_document(article) for article in sample])
        position = {article_id: i for i, article_id in enumerate(ids)}
        store.retag_topics(db, topics)
        results = []
        for topic in topics:
            scores = store.topic_scores(db, topic.name)
            results.append((topic, {position[i]: score for i, score in scores.items()}))
        return results
    finally:
        db.close()


def quality(name: str, sample: Sequence[LabelledArticle], tagged: set[int]) -> TopicQuality:
    labelled = {i for i, article in enumerate(sample) if name in article.topics}
    return TopicQuality(
        topic=name,
        labelled=len(labelled),
        tagged=len(tagged),
        correct=len(labelled & tagged),
        false_positives=[sample[i].title for i in sorted(tagged - labelled)],
        missed=[sample[i].title for i in sorted(labelled - tagged)],
    )


def _document(article: LabelledArticle) -> dict[str, Any]:
    return {**article.model_dump(), "url": article.url or f"sample:{article.id}"}
