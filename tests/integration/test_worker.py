"""The screening worker: batches, leases, crashes, retries — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Comment, ScreeningState
from models.base import utcnow
from moderation.rules import RuleSet
from moderation.screener import Screener
from services.worker import WorkerSettings, claim_batch, process_batch
from tests.factories import make_article, post_comment

SETTINGS = WorkerSettings(batch_size=10, lease_seconds=60, max_attempts=3, retry_delay_seconds=0)
CLEAN = "The council should publish the budget before the vote."
THREAT = "We know where you live, councillor. You will pay for this."


class ExplodingClassifier:
    """A classifier that fails on texts containing a marker — a model crash on one comment."""

    name = "exploding"
    version = "1"
    labels = ("threat",)

    def __init__(self, marker: str = "BOOM", always: bool = False) -> None:
        self.marker = marker
        self.always = always
        self.calls = 0

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.calls += 1
        if self.always or any(self.marker in t for t in texts):
            raise RuntimeError("model exploded")
        return [{"threat": 0.0} for _ in texts]


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load()


@pytest.fixture
def session(db) -> Session:
    return db.session


def _post(db, *bodies: str) -> list[int]:
    article = make_article(db)
    return [post_comment(article, body).comment.id for body in bodies]


def _states(session: Session) -> dict[int, str]:
    session.expire_all()
    return {c.id: c.screening_state.value for c in session.scalars(select(Comment))}


def test_batch_is_screened_with_flags_versions_and_risk(db, session, rules) -> None:
    clean_id, threat_id = _post(db, CLEAN, THREAT)
    screener = Screener(rules, None)
    report = process_batch(session, screener, "w1", SETTINGS)
    assert (report.claimed, report.screened, report.failed) == (2, 2, 0)
    session.expire_all()
    clean, threat = session.get(Comment, clean_id), session.get(Comment, threat_id)
    assert clean.screening_state is ScreeningState.SCREENED and clean.flags == []
    assert threat.screening_state is ScreeningState.SCREENED
    assert "threat" in {f["category"] for f in threat.flags}
    span = next(f["span"] for f in threat.flags if f["category"] == "threat")
    assert THREAT[span[0] : span[1]].strip() != ""
    assert threat.risk > clean.risk
    assert threat.rules_version == rules.version and threat.model_version is None
    assert threat.lease_owner is None and threat.lease_until is None
    assert threat.screened_at is not None and threat.screened_at.tzinfo is not None


def test_posting_does_not_wait_for_screening(db, session) -> None:
    (comment_id,) = _post(db, THREAT)
    comment = session.get(Comment, comment_id)
    assert comment.screening_state is ScreeningState.QUEUED and comment.risk is None


def test_claims_are_disjoint_and_leased(db, session) -> None:
    ids = _post(db, *[f"comment number {i}" for i in range(15)])
    first = claim_batch(session, "a", SETTINGS)
    second = claim_batch(session, "b", SETTINGS)
    third = claim_batch(session, "c", SETTINGS)
    assert len(first) == 10 and len(second) == 5 and third == []
    assert set(first) | set(second) == set(ids) and not set(first) & set(second)


def test_crash_mid_batch_loses_nothing_after_lease_expiry(db, session, rules) -> None:
    ids = _post(db, CLEAN, THREAT, "Another view on the bridge.")
    claimed = claim_batch(session, "crashed-worker", SETTINGS)  # then the process dies
    assert claimed == ids
    # Before the lease expires nobody else may take them ...
    assert claim_batch(session, "other", SETTINGS) == []
    # ... afterwards another worker reclaims and screens all of them.
    later = utcnow() + timedelta(seconds=SETTINGS.lease_seconds + 1)
    screened = 0
    while report := process_batch(
        session, Screener(rules, None), "rescuer", SETTINGS, now=lambda: later
    ):
        if not report.claimed:
            break
        assert report.claimed <= 2  # a crashed claim comes back in smaller batches
        screened += report.screened
    assert screened == 3
    assert set(_states(session).values()) == {"screened"}
    assert all(c.screening_attempts == 2 for c in session.scalars(select(Comment)))


def test_model_failure_on_one_comment_spares_the_others(db, session, rules) -> None:
    good_id, bad_id = _post(db, CLEAN, "BOOM goes the model on this one")
    screener = Screener(rules, ExplodingClassifier())
    report = process_batch(session, screener, "w", SETTINGS)
    assert (report.screened, report.retried) == (1, 1)
    states = _states(session)
    assert states[good_id] == "screened" and states[bad_id] == "queued"
    bad = session.get(Comment, bad_id)
    assert "model exploded" in bad.screening_error
    # Retries up to the cap, then the comment reaches moderators marked not screened.
    for _ in range(SETTINGS.max_attempts):
        process_batch(session, screener, "w", SETTINGS)
    session.expire_all()
    bad = session.get(Comment, bad_id)
    assert bad.screening_state is ScreeningState.FAILED
    assert bad.screening_attempts == SETTINGS.max_attempts
    assert bad.status == "pending"  # still in the moderators' queue


def test_failed_comment_keeps_rule_evidence(db, session, rules) -> None:
    (bad_id,) = _post(db, THREAT + " BOOM")
    screener = Screener(rules, ExplodingClassifier())
    for _ in range(SETTINGS.max_attempts):
        process_batch(session, screener, "w", SETTINGS)
    session.expire_all()
    bad = session.get(Comment, bad_id)
    assert bad.screening_state is ScreeningState.FAILED
    assert "threat" in {f["category"] for f in bad.flags}
    assert bad.model_version is None and bad.rules_version == rules.version


def test_worker_that_keeps_crashing_gives_up_at_the_cap(db, session, rules) -> None:
    (comment_id,) = _post(db, CLEAN)
    now = utcnow()
    for attempt in range(SETTINGS.max_attempts):
        at = now + timedelta(seconds=(SETTINGS.lease_seconds + 1) * attempt)
        assert claim_batch(session, f"dying-{attempt}", SETTINGS, now=at) == [comment_id]
    final = now + timedelta(seconds=(SETTINGS.lease_seconds + 1) * SETTINGS.max_attempts)
    report = process_batch(session, Screener(rules, None), "w", SETTINGS, now=lambda: final)
    assert report.failed == 1
    comment = session.get(Comment, comment_id)
    assert comment.screening_state is ScreeningState.FAILED
    assert "gave up after 3 attempts" in comment.screening_error


def test_concurrent_workers_screen_each_comment_once(app, db, rules) -> None:
    ids = _post(db, *[f"comment {i} about the market" for i in range(60)])
    db.session.commit()
    claims: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        with app.app_context():
            session = db.session
            mine: list[int] = []
            try:
                while batch := claim_batch(session, name, WorkerSettings(batch_size=7)):
                    mine.extend(batch)
            except BaseException as exc:  # noqa: BLE001 — reported below
                errors.append(exc)
            finally:
                claims[name] = mine
                db.session.remove()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    claimed = [i for batch in claims.values() for i in batch]
    assert sorted(claimed) == sorted(ids)  # every comment claimed, none twice


class ProcessDeath(BaseException):
    """What the worker sees of a crash (segfault, OOM kill): nothing catches it, leases stay."""


class PoisonScreener(Screener):
    """A real screener whose process dies whenever a batch holds the poison comment."""

    def screen(self, texts: Sequence[str], *, use_model: bool = True):  # noqa: ANN201
        if any("POISON" in t for t in texts):
            raise ProcessDeath
        return super().screen(texts, use_model=use_model)


def test_a_comment_that_kills_the_worker_is_the_only_one_given_up(db, session, rules) -> None:
    settings = WorkerSettings(batch_size=16, lease_seconds=60, max_attempts=3)
    bodies = [f"{CLEAN} Number {i}." for i in range(12)]
    bodies.insert(5, "POISON: this comment kills the model process")
    ids = _post(db, *bodies)
    screener = PoisonScreener(rules, None)
    now = utcnow()
    for step in range(20):  # each crash: the worker dies, its leases run out, another starts
        at = now + timedelta(seconds=(settings.lease_seconds + 1) * step)
        try:
            report = process_batch(
                session, screener, f"worker-{step}", settings, now=lambda at=at: at
            )
        except ProcessDeath:
            session.rollback()
            continue
        if not report.claimed:
            break
    states = _states(session)
    poison = ids[5]
    assert states[poison] == "failed"
    assert all(states[i] == "screened" for i in ids if i != poison), states


class SlowScreener(Screener):
    """A real screener on a slow model: each batch takes `seconds`."""

    def __init__(self, rules: RuleSet, seconds: float) -> None:
        super().__init__(rules, None)
        self.seconds = seconds
        self.started = threading.Event()

    def screen(self, texts: Sequence[str], *, use_model: bool = True):  # noqa: ANN201
        self.started.set()
        threading.Event().wait(self.seconds)
        return super().screen(texts, use_model=use_model)


def test_a_live_worker_keeps_its_short_lease_while_a_slow_batch_screens(db, session, rules):
    """Issue 13.14: leases are short and renewed while working, so a batch slower than the
    lease is neither taken by a second worker nor screened twice."""
    ids = _post(db, CLEAN, THREAT)
    settings = WorkerSettings(batch_size=10, lease_seconds=1, max_attempts=3)
    screener = SlowScreener(rules, seconds=2.5)
    stolen: list[list[int]] = []
    bind = session.get_bind()

    def other_worker() -> None:
        screener.started.wait(10)
        threading.Event().wait(1.8)  # past the first lease, before the batch is done
        with Session(bind) as other:
            stolen.append(claim_batch(other, "other-worker", settings))

    thief = threading.Thread(target=other_worker)
    thief.start()
    report = process_batch(session, screener, "slow-worker", settings)
    thief.join(timeout=30)
    assert stolen == [[]]  # the slow worker's claim was still live
    assert (report.claimed, report.screened) == (2, 2)
    session.expire_all()
    assert all(session.get(Comment, i).screening_attempts == 1 for i in ids)


def test_a_dead_workers_claim_runs_out_in_half_a_minute_by_default(db, session, rules):
    """The default lease is 30 s (was 300): a crashed worker's comments wait at most that."""
    ids = _post(db, CLEAN, THREAT)
    defaults = WorkerSettings()
    now = utcnow()
    assert claim_batch(session, "crashed-worker", defaults, now=now) == ids
    assert claim_batch(session, "other", defaults, now=now + timedelta(seconds=29)) == []
    assert claim_batch(session, "other", defaults, now=now + timedelta(seconds=31)) == ids


def test_a_batch_broken_off_by_a_database_error_is_taken_back_at_once(db, session, rules):
    """A worker whose batch broke off (the database went away while it recorded) takes its own
    orphaned claim back on its next pass instead of leaving it for the whole lease."""
    ids = _post(db, CLEAN, THREAT)
    assert claim_batch(session, "w", SETTINGS) == ids  # ... then the database blinked
    assert claim_batch(session, "someone-else", SETTINGS) == []  # still leased to "w"
    report = process_batch(session, Screener(rules, None), "w", SETTINGS)
    assert (report.claimed, report.screened) == (2, 2)
    assert set(_states(session).values()) == {"screened"}
