"""The screening engine: rule lists + classifier + policy, one Screening per comment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from moderation.classifier import Classifier, ModelStatus
from moderation.flags import Screening
from moderation.policy import Thresholds, decide
from moderation.rules import RuleSet


class Screener:
    """Screens batches of comment texts; the model is run once per batch."""

    def __init__(
        self,
        rules: RuleSet,
        classifier: Classifier | None,
        *,
        status: ModelStatus | None = None,
        thresholds: Thresholds | None = None,
        threshold_overrides: Mapping[str, float | str | None] | None = None,
    ) -> None:
        self.rules = rules
        self.classifier = classifier
        self.status = status
        base = thresholds or Thresholds.for_model(classifier.name if classifier else "")
        self.thresholds = (
            Thresholds.from_mapping(threshold_overrides, base=base) if threshold_overrides else base
        )

    @property
    def model_version(self) -> str | None:
        """Recorded on every screening: which model (and version) produced the scores."""
        if self.classifier is None:
            return None
        return f"{self.classifier.name}@{self.classifier.version}"

    @property
    def rules_version(self) -> str:
        """Recorded on every screening: a hash of the effective rule lists."""
        return self.rules.version

    def screen(self, texts: Sequence[str], *, use_model: bool = True) -> list[Screening]:
        """One Screening per text, in order. Model exceptions propagate to the caller."""
        if not texts:
            return []
        scores: list[dict[str, float] | None]
        if use_model and self.classifier is not None:
            scores = list(self.classifier.predict(list(texts)))
        else:
            scores = [None] * len(texts)
        source = self.classifier.name if self.classifier is not None else "none"
        return [
            decide(
                self.rules.match(text),
                model_scores,
                source=source,
                groups=self.rules.mentioned_groups(text),
                thresholds=self.thresholds,
            )
            for text, model_scores in zip(texts, scores, strict=True)
        ]
