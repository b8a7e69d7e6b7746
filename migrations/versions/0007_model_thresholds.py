"""House-model probabilities stored per comment; threshold sets applied from decisions.

comments.model_probabilities keeps the calibrated probability of every combined category at
screening, flagged or not, so thresholds can be proposed from the site's decisions;
threshold_sets records each set an admin applied (and undid).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:30:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# Plain ALTER TABLE (see 0006): a batch operation on SQLite would recreate `comments` and drop
# its write-once trigger.


def upgrade():
    op.add_column("comments", sa.Column("model_probabilities", sa.JSON(), nullable=True))
    op.create_table(
        "threshold_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=120), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_threshold_sets_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by"], ["users.id"], name=op.f("fk_threshold_sets_undone_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threshold_sets")),
    )
    op.create_index(
        op.f("ix_threshold_sets_model_version"), "threshold_sets", ["model_version"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_threshold_sets_model_version"), table_name="threshold_sets")
    op.drop_table("threshold_sets")
    op.execute("ALTER TABLE comments DROP COLUMN model_probabilities")
