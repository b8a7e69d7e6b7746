"""Duplicate check on a normalised skeleton of the body, not its exact bytes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:45:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


# Plain ALTER TABLE (see 0006): a batch operation on SQLite would recreate `comments` and drop
# its write-once trigger. Existing rows keep a NULL key: the duplicate window is minutes long.


def upgrade():
    op.add_column('comments', sa.Column('duplicate_key', sa.String(length=64), nullable=True))
    op.drop_index('ix_comments_body_sha256_article', table_name='comments')
    op.create_index(
        'ix_comments_duplicate_key_article', 'comments', ['duplicate_key', 'article_id'], unique=False
    )


def downgrade():
    op.drop_index('ix_comments_duplicate_key_article', table_name='comments')
    op.create_index(
        'ix_comments_body_sha256_article', 'comments', ['body_sha256', 'article_id'], unique=False
    )
    op.execute("ALTER TABLE comments DROP COLUMN duplicate_key")
