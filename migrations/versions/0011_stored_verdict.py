"""The whole verdict is stored once: comments.categories and comments.suggested_reason.

Until now reads rebuilt both from the stored flags on every request. Existing screened
comments are filled in from their flags by the same policy code the screener runs
(moderation.policy.screening_of: pure functions, no database, no model), in batches.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

BATCH = 1000

# Plain ALTER TABLE (see 0006, 0009): a batch operation on SQLite would recreate `comments`.


def upgrade():
    op.add_column('comments', sa.Column('categories', sa.JSON(), nullable=True))
    op.add_column('comments', sa.Column('suggested_reason', sa.String(length=32), nullable=True))
    _backfill()


def _backfill():
    from moderation.flags import Flag
    from moderation.policy import screening_of

    comments = sa.table(
        'comments',
        sa.column('id', sa.Integer),
        sa.column('flags', sa.JSON),
        sa.column('risk', sa.Float),
        sa.column('categories', sa.JSON),
        sa.column('suggested_reason', sa.String),
    )
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(comments.c.id, comments.c.flags, comments.c.risk)
            .where(comments.c.id > last, comments.c.flags.is_not(None))
            .order_by(comments.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            flags = [Flag.from_dict(f) for f in row.flags or []]
            verdict = screening_of(row.risk or 0.0, flags)
            bind.execute(
                sa.update(comments)
                .where(comments.c.id == row.id)
                .values(categories=verdict.categories, suggested_reason=verdict.suggested_reason)
            )
        last = rows[-1].id


def downgrade():
    op.execute("ALTER TABLE comments DROP COLUMN suggested_reason")
    op.execute("ALTER TABLE comments DROP COLUMN categories")
