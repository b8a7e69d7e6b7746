"""Commenters as people: comments.commenter_key; bans by commenter key, with an expiry.

comments.commenter_key is a keyed hash (HMAC-SHA256 with the app secret) of the random key the
reader's browser keeps: what groups a commenter's history and what a ban names, instead of the
client address, which an office, a carrier's NAT or a café shares. bans.expires_at lets a ban
lift itself (24 hours, 7 days; NULL: until lifted); bans.kind gains "commenter".

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 19:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

OLD_KINDS = ('fingerprint', 'email')
NEW_KINDS = ('fingerprint', 'email', 'commenter')


def _kind(kinds):
    return sa.Enum(*kinds, name='ban_kind', native_enum=False, create_constraint=True, length=16)


def upgrade():
    # Plain ALTER TABLE on comments (see 0006, 0009): a batch operation on SQLite would
    # recreate the table. `bans` has no children, so SQLite may recreate it to change the
    # CHECK constraint of its kind.
    op.add_column('comments', sa.Column('commenter_key', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_comments_commenter_key'), 'comments', ['commenter_key'])
    with op.batch_alter_table('bans', recreate='auto') as batch:
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch.alter_column('kind', existing_type=_kind(OLD_KINDS), type_=_kind(NEW_KINDS),
                           existing_nullable=False)


def downgrade():
    op.execute("DELETE FROM bans WHERE kind = 'commenter'")
    with op.batch_alter_table('bans', recreate='auto') as batch:
        batch.alter_column('kind', existing_type=_kind(NEW_KINDS), type_=_kind(OLD_KINDS),
                           existing_nullable=False)
        batch.drop_column('expires_at')
    op.drop_index(op.f('ix_comments_commenter_key'), table_name='comments')
    op.execute("ALTER TABLE comments DROP COLUMN commenter_key")
