"""`flask moderation screen|evaluate|rescreen|status|fetch-model`."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from models import Comment, ScreeningState
from tests.factories import make_article, post_comment

LINES = [
    {"id": "a", "text": "The council should publish the budget before the vote."},
    {"id": "b", "text": "We know where you live, councillor. You will pay for this."},
    {"id": "c", "text": "Cheap visas! WhatsApp +964 770 123 4567 or visit www.cheapvisa.com"},
]


def _write(path: Path, rows: list[dict] | list[str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_screen_writes_one_line_per_comment_in_the_documented_shape(runner, tmp_path: Path) -> None:
    src, out = _write(tmp_path / "in.jsonl", LINES), tmp_path / "out.jsonl"
    result = runner.invoke(
        args=["moderation", "screen", "--input", str(src), "--output", str(out), "--no-model"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert set(rows[0]) == {"id", "flagged", "risk", "categories", "suggested_reason", "flags"}
    assert rows[0]["flagged"] is False and rows[0]["flags"] == []
    assert rows[0]["suggested_reason"] is None and rows[1]["suggested_reason"] == "threat"
    assert "threat" in rows[1]["categories"] and rows[1]["risk"] > rows[0]["risk"]
    assert "commercial_promotion" in rows[2]["categories"]
    flag = rows[1]["flags"][0]
    assert set(flag) >= {"category", "source", "detail", "span", "score"}
    assert flag["source"] == "rule" and flag["score"] is None


def test_screen_refuses_bad_input_naming_the_line_and_writes_nothing(
    runner, tmp_path: Path
) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(LINES[0]), "{not json", json.dumps(LINES[1])])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        args=["moderation", "screen", "--input", str(src), "--output", str(out), "--no-model"]
    )
    assert result.exit_code == 1
    assert "line 2: not valid JSON" in result.output
    assert not out.exists()  # click opens the output lazily: a refused input creates no file


def test_screen_refuses_a_line_without_text(runner, tmp_path: Path) -> None:
    src = _write(tmp_path / "in.jsonl", [{"id": 1, "body": "wrong key"}])
    result = runner.invoke(
        args=["moderation", "screen", "--input", str(src), "--output", str(tmp_path / "o")]
    )
    assert result.exit_code == 1 and 'line 1: "text" must be a string' in result.output


def test_evaluate_prints_recall_false_flags_and_misses(runner, tmp_path: Path) -> None:
    rows = [
        {**LINES[0], "label": "clean"},
        {**LINES[1], "label": "threat"},
        {**LINES[2], "label": "commercial_promotion"},
        {"id": "d", "text": "Lovely weather for the festival.", "label": "clean"},
        {
            "id": "e",
            "text": "This comment breaks a rule nobody can see.",
            "label": "personal_attack",
        },
    ]
    src = _write(tmp_path / "labelled.jsonl", rows)
    result = runner.invoke(args=["moderation", "evaluate", "--input", str(src), "--no-model"])
    assert result.exit_code == 0, result.output
    assert "recall of violations: 0.667 (2/3)" in result.output
    assert "false-flag rate on clean: 0.000 (0/2)" in result.output
    assert "[e] personal_attack" in result.output  # listed among the worst misses


def test_evaluate_refuses_unknown_labels(runner, tmp_path: Path) -> None:
    src = _write(tmp_path / "labelled.jsonl", [{**LINES[0], "label": "rude"}])
    result = runner.invoke(args=["moderation", "evaluate", "--input", str(src), "--no-model"])
    assert result.exit_code == 1 and "line 1: unknown label(s) ['rude']" in result.output


def test_rescreen_pending_screens_again_with_current_rules(runner, db) -> None:
    article = make_article(db)
    ids = [post_comment(article, row["text"]).comment.id for row in LINES]
    result = runner.invoke(args=["moderation", "rescreen", "--pending"])
    assert result.exit_code == 0, result.output
    assert "re-queued 3 comments" in result.output and "re-screened 3 comments" in result.output
    db.session.expire_all()
    states = db.session.scalars(select(Comment.screening_state).where(Comment.id.in_(ids))).all()
    assert set(states) == {ScreeningState.SCREENED}


def test_fetch_model_offline_fails_clearly(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        args=["moderation", "fetch-model", "--model", "unbiased", "--dest", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert "could not fetch 'unbiased'" in result.output


def test_status_reports_rules_only_when_model_disabled(runner, db) -> None:
    result = runner.invoke(args=["moderation", "status"])
    assert result.exit_code == 0, result.output
    assert "model screening disabled by configuration" in result.output
    assert "rule lists: version" in result.output


def test_screen_and_evaluate_use_the_admins_terms_as_the_worker_does(
    runner, db, tmp_path: Path
) -> None:
    """An admin's term flags in the worker; the CLI once read the list files only."""
    from services import rule_terms
    from tests.factories import make_user

    rule_terms.add_term("personal_attack", "ar", "زربلاخ", created_by=make_user("admin"))
    text = "انت زربلاخ"
    src, out = _write(tmp_path / "in.jsonl", [{"id": 1, "text": text}]), tmp_path / "out.jsonl"
    result = runner.invoke(
        args=["moderation", "screen", "--input", str(src), "--output", str(out), "--no-model"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["categories"] == ["personal_attack"]
    labelled = _write(tmp_path / "l.jsonl", [{"id": 1, "text": text, "label": "personal_attack"}])
    result = runner.invoke(args=["moderation", "evaluate", "--input", str(labelled), "--no-model"])
    assert "recall of violations: 1.000 (1/1)" in result.output, result.output


def test_worker_with_a_batch_size_screens_and_stops_after_max_batches(runner, db) -> None:
    """`--batch-size` once crashed: the settings are a slotted dataclass without __dict__."""
    article = make_article(db)
    ids = [post_comment(article, row["text"]).comment.id for row in LINES]
    result = runner.invoke(args=["moderation", "worker", "--batch-size", "2", "--max-batches", "2"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    states = db.session.scalars(select(Comment.screening_state).where(Comment.id.in_(ids))).all()
    assert sorted(states) == sorted([ScreeningState.SCREENED] * 3)
