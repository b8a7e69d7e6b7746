"""The public sets as evaluation rows: label mapping on rows written here (no dataset needed)."""

from __future__ import annotations

from pathlib import Path

from moderation.evaluation_sets import load_hatecheck, load_jigsaw, load_spam


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_jigsaw_labels_map_to_guideline_categories(tmp_path: Path) -> None:
    header = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
    _write(
        tmp_path / "jigsaw-train" / "part.csv",
        header
        + "1,you idiot,1,0,0,0,1,0\n2,nice edit,0,0,0,0,0,0\n3,i will find you,1,0,1,1,0,0\n"
        + "4,just rude,1,0,0,0,0,0\n",
    )
    rows = {r.text: r for r in load_jigsaw(tmp_path)}
    assert rows["you idiot"].expected == {"personal_attack"} and not rows["you idiot"].clean
    assert rows["nice edit"].expected == set() and rows["nice edit"].clean
    assert rows["i will find you"].expected == {"profanity|vulgarity", "threat"}
    assert rows["just rude"].expected == {"toxic_only"}


def test_hatecheck_keeps_hateful_cases_and_must_pass_ones_as_clean(tmp_path: Path) -> None:
    _write(
        tmp_path / "hatecheck" / "test_suite_cases.csv",
        "functionality,test_case,label_gold,target_ident\n"
        "derog_neg_emote_h,I hate women.,hateful,women\n"
        "threat_dir_h,I will hurt immigrants.,hateful,immigrants\n"
        "counter_quote_nh,\"Saying 'I hate women' is vile.\",non-hateful,women\n"
        "profanity_nh,Fuck yeah.,non-hateful,\n",
    )
    rows = list(load_hatecheck(tmp_path))
    assert [(r.text, r.expected, r.clean, r.kind) for r in rows] == [
        ("I hate women.", {"sexism"}, False, "derog_neg_emote_h"),
        ("I will hurt immigrants.", {"threat"}, False, "threat_dir_h"),
        ("Saying 'I hate women' is vile.", set(), True, "counter_quote_nh"),
    ]


def test_spam_sets_mark_spam_as_promotion(tmp_path: Path) -> None:
    _write(
        tmp_path / "youtube-spam" / "v.csv",
        "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"
        "1,a,d,check my channel<br/>now,1\n2,b,d,great song,0\n",
    )
    _write(
        tmp_path / "sms-spam" / "SMSSpamCollection", "label\ttext\nspam\tWIN cash\nham\thi mum\n"
    )
    rows = {r.text: r.expected for r in load_spam(tmp_path)}
    assert rows == {
        "check my channel now": {"promotion"},
        "great song": set(),
        "WIN cash": {"promotion"},
        "hi mum": set(),
    }
