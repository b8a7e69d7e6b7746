"""A moderator can lift an article's flood limit for a while: articles.post_limit_lifted_until.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:15:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


# Plain ALTER TABLE (see 0006, 0009): a batch operation on SQLite would recreate `articles`,
# and dropping the old table with foreign keys on would cascade into its comments.


def upgrade():
    op.add_column(
        'articles',
        sa.Column('post_limit_lifted_until', sa.DateTime(timezone=True), nullable=True),
    )


def downgrade():
    op.execute("ALTER TABLE articles DROP COLUMN post_limit_lifted_until")
