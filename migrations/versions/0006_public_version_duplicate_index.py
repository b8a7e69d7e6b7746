"""Article public_version (a cheap ETag for the public list); duplicate-check index with article.

articles.public_version counts the changes to which of an article's comments are approved, and
ix_comments_body_sha256_article replaces the single-column index on body_sha256.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


# Plain ALTER TABLE and CREATE INDEX, not batch_alter_table: on SQLite a batch operation
# recreates the table; for `articles`, with foreign keys on, dropping the old table would cascade
# to every comment, and for `comments` it would drop the write-once trigger.


def upgrade():
    op.add_column(
        'articles', sa.Column('public_version', sa.Integer(), server_default='0', nullable=False)
    )
    op.drop_index('ix_comments_body_sha256', table_name='comments')
    op.create_index(
        'ix_comments_body_sha256_article', 'comments', ['body_sha256', 'article_id'], unique=False
    )


def downgrade():
    op.drop_index('ix_comments_body_sha256_article', table_name='comments')
    op.create_index('ix_comments_body_sha256', 'comments', ['body_sha256'], unique=False)
    op.execute("ALTER TABLE articles DROP COLUMN public_version")
