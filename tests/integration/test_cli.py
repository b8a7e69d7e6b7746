"""The operations CLI: users and the first-run bootstrap."""

from __future__ import annotations

from sqlalchemy import func, select

from models import Article, User
from services import users as user_service
from tests.factories import PASSWORD, make_user

GOOD = "a long enough passphrase"


def test_create_user_prompts_for_password_twice(runner, db) -> None:
    result = runner.invoke(
        args=["users", "create", "--email", "Mod@News.Example", "--role", "moderator"],
        input=f"{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "created moderator mod@news.example" in result.output
    user = user_service.find_user("mod@news.example")
    assert user is not None and user.check_password(GOOD) and not user.check_password("wrong")
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD not in user.password_hash


def test_create_user_refuses_weak_password_and_duplicates(runner, db) -> None:
    weak = runner.invoke(args=["users", "create", "--email", "a@b.c"], input="short\nshort\n")
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output
    assert db.session.scalar(select(func.count(User.id))) == 0
    make_user(email="dup@news.example")
    dup = runner.invoke(
        args=["users", "create", "--email", "DUP@news.example"], input=f"{GOOD}\n{GOOD}\n"
    )
    assert dup.exit_code != 0 and "already exists" in dup.output


def test_create_user_refuses_unknown_role(runner, db) -> None:
    result = runner.invoke(args=["users", "create", "--email", "a@b.c", "--role", "owner"])
    assert result.exit_code == 2 and "owner" in result.output


def test_list_and_deactivate(runner, db) -> None:
    user = make_user(email="m@news.example")
    issued = user_service.issue_token(user, "ci", {"moderate"})
    listed = runner.invoke(args=["users", "list"])
    assert "m@news.example" in listed.output and "moderator" in listed.output
    assert user_service.authenticate_token(issued.secret) is not None
    old_session_id = user.get_id()
    result = runner.invoke(args=["users", "deactivate", "--email", "M@news.example"])
    assert result.exit_code == 0 and "deactivated m@news.example" in result.output
    db.session.expire_all()
    user = user_service.find_user("m@news.example")
    assert not user.is_active and user.get_id() != old_session_id
    assert user_service.authenticate_token(issued.secret) is None  # tokens revoked too
    listed = runner.invoke(args=["users", "list"])
    assert "m@news.example" in listed.output and listed.output.rstrip().endswith("no")


def test_deactivate_unknown_user_fails_clearly(runner, db) -> None:
    result = runner.invoke(args=["users", "deactivate", "--email", "ghost@news.example"])
    assert result.exit_code == 1 and "no user with email ghost@news.example" in result.output


def test_reset_password_prints_a_new_one(runner, db) -> None:
    make_user(email="m@news.example")
    result = runner.invoke(args=["users", "reset-password", "--email", "m@news.example"])
    assert result.exit_code == 0
    new_password = result.output.strip().rsplit(" ", 1)[-1]
    user = user_service.find_user("m@news.example")
    assert user.check_password(new_password) and not user.check_password(PASSWORD)


def test_bootstrap_creates_admin_once_and_demo_article(runner, db) -> None:
    first = runner.invoke(args=["bootstrap"])
    assert first.exit_code == 0, first.output
    password = next(
        line.split(":", 1)[1].strip() for line in first.output.splitlines() if "password:" in line
    )
    admin = user_service.find_user("admin@example.org")
    assert admin.is_admin and admin.check_password(password)
    assert "/demo/articles/" in first.output and "/dashboard/" in first.output
    second = runner.invoke(args=["bootstrap"])
    assert second.exit_code == 0 and "password:" not in second.output
    assert "no admin created" in second.output
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert db.session.scalar(select(func.count(Article.id))) == 1


def test_bootstrap_creates_no_admin_when_users_exist(runner, db) -> None:
    make_user()
    result = runner.invoke(args=["bootstrap"])
    assert "password:" not in result.output
    assert user_service.find_user("admin@example.org") is None
