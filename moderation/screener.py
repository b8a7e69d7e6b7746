"""The screening engine: rule lists + classifier + policy, one Screening per comment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from moderation.classifier import Classifier
from moderation.classifier_loading import ModelStatus
from moderation.combined_policy import combined_verdict
from moderation.flags import Flag, Screening
from moderation.model.occlusion import explain
from moderation.model.text import script_of
from moderation.policy import (
    CALIBRATED_SOURCE,
    Thresholds,
    is_calibrated,
    threshold_verdict,
    with_flags,
)
from moderation.rules import RuleSet
from moderation.rules.context import is_counter_speech, is_reported_quote, negated_before

#: Seconds the rule lists may spend on one comment before the rest is left to the model (the
#: slowest adversarial comment at the length limit takes well under 0.1 s: bench_screening.py).
DEFAULT_RULES_BUDGET = 0.5


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
        rules_budget: float | None = DEFAULT_RULES_BUDGET,
    ) -> None:
        self.rules = rules
        self.classifier = classifier
        self.status = status
        base = thresholds or Thresholds.for_model(classifier.name if classifier else "")
        self.thresholds = (
            Thresholds.from_mapping(threshold_overrides, base=base) if threshold_overrides else base
        )
        #: Thresholds an admin applied from the site's decisions (house model only); the worker
        #: refreshes them before each batch (use_site_thresholds).
        self.site_thresholds: dict[str, float] = {}
        #: Seconds the rule lists may take on one comment (checked between families).
        self.rules_budget: float | None = rules_budget
        self.site_thresholds_version: int | None = None

    def use_site_thresholds(self, version: int | None, thresholds: Mapping[str, float]) -> None:
        """Screen with these site thresholds from now on (version None: the shipped ones)."""
        self.site_thresholds_version = version
        self.site_thresholds = dict(thresholds) if version is not None else {}

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
        matched = [self.rules.match_within(text, self.rules_budget) for text in texts]
        combiner = getattr(self.classifier, "combiner", None)
        if combiner is not None and use_model:
            screenings = [
                combined_verdict(
                    rule_flags,
                    model_scores or {},
                    source=f"{CALIBRATED_SOURCE}{self.classifier.version}",
                    groups=self.rules.mentioned_groups(text),
                    combiner=combiner,
                    script=script_of(text),
                    site_thresholds=self.site_thresholds,
                )
                for text, model_scores, (rule_flags, _) in zip(texts, scores, matched, strict=True)
            ]
            screenings = self._with_model_spans(texts, scores, screenings)
        else:
            screenings = [
                threshold_verdict(
                    rule_flags,
                    model_scores,
                    source=source,
                    groups=self.rules.mentioned_groups(text),
                    thresholds=self.thresholds,
                )
                for text, model_scores, (rule_flags, _) in zip(texts, scores, matched, strict=True)
            ]
        return [
            s if complete else replace(s, note=self._over_budget_note())
            for s, (_, complete) in zip(screenings, matched, strict=True)
        ]

    def _over_budget_note(self) -> str:
        return (
            f"rule lists stopped at the {self.rules_budget * 1000:.0f} ms budget: "
            "screened by the model and the rule families that ran"
        )

    def _with_model_spans(
        self,
        texts: Sequence[str],
        scores: Sequence[Mapping[str, float] | None],
        screenings: list[Screening],
    ) -> list[Screening]:
        """Give each calibrated model flag the words that drove its score (occlusion)."""
        assert self.classifier is not None
        wanted: dict[int, set[str]] = {}
        for i, screening in enumerate(screenings):
            # A category whose rule evidence already has a span needs no occlusion pass.
            with_span = {f.category for f in screening.flags if f.span and not is_calibrated(f)}
            labels = {
                _label_of(f)
                for f in screening.flags
                if is_calibrated(f) and not f.span and f.category not in with_span
            }
            if labels:
                wanted[i] = labels
        if not wanted:
            return screenings
        found = explain(texts, wanted, [s or {} for s in scores], self.classifier.predict)
        out = []
        for i, screening in enumerate(screenings):
            spans = found.get(i)
            if not spans:
                out.append(screening)
                continue
            flags = []
            for f in screening.flags:
                if is_calibrated(f) and not f.span and _label_of(f) in spans:
                    span = spans[_label_of(f)]
                    if span is not None and excused(texts[i], span):
                        continue  # the words that drove it are quoted, condemned or negated
                    f = replace(f, span=span)
                flags.append(f)
            out.append(with_flags(screening, flags))
        return out


def excused(text: str, span: tuple[int, int]) -> bool:
    """Whether the rules' context checks excuse these words: reported or quoted to condemn
    them, or negated ("I never said ..."). The model scores words more than their use, so a
    model flag whose evidence is excused is dropped, as a rule hit there would be."""
    start, end = span
    # Occlusion spans are whole words with their punctuation: look at the letters alone, so a
    # closing quotation mark stays outside the span the quote checks read.
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (
        is_counter_speech(text, start, end)
        or is_reported_quote(text, start, end)
        or negated_before(text, start)
    )


def _label_of(flag: Flag) -> str:
    """The model label a calibrated flag stands for (its detail starts with it)."""
    return flag.detail.split(" ", 1)[0]
