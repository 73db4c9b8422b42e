"""The import record of an attached history in a column of its own.

Revision 0002 and before, the wizard packed what it knew about an upload (where it came from,
each file's name, tool and date range) as JSON into ``histories.source`` (300 characters), so
two files' record did not fit and a restarted server showed one merged range under the joined
file names. ``imports_json`` now keeps the record (``{"origin": {...}, "files": [{...}]}``) and
``source`` is a plain label again (the file names, "demo: <id>"). Old rows are migrated by
parsing the packed JSON; a source that is not that JSON stays as it was (no record).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SOURCE_LIMIT = 300


def packed_record(source: str | None) -> tuple[dict, str] | None:
    """The record and a plain label from a source the wizard packed as JSON, else None."""
    try:
        packed = json.loads(source or "")
    except ValueError:
        return None
    if not isinstance(packed, dict) or not isinstance(packed.get("hs"), dict):
        return None
    origin = packed["hs"]
    files = [dict(item) for item in packed.get("imports") or [] if isinstance(item, dict)]
    names = [str(item.get("file")) for item in files if item.get("file")] or [
        str(name) for name in origin.get("files") or []]
    label = ", ".join(names) if names else (f"{origin.get('kind')}: {origin.get('id')}" if origin.get("id") else "")
    return {"origin": origin, "files": files}, label[:SOURCE_LIMIT]


def upgrade() -> None:
    with op.batch_alter_table("histories") as batch:
        batch.add_column(sa.Column("imports_json", sa.Text))
    bind = op.get_bind()
    histories = sa.table("histories", sa.column("id", sa.Integer), sa.column("source", sa.String),
                         sa.column("imports_json", sa.Text))
    for row in bind.execute(sa.select(histories.c.id, histories.c.source)).mappings().all():
        found = packed_record(row["source"])
        if found is None:
            continue
        record, label = found
        bind.execute(sa.update(histories).where(histories.c.id == row["id"])
                     .values(source=label, imports_json=json.dumps(record, ensure_ascii=False)))


def downgrade() -> None:
    bind = op.get_bind()
    histories = sa.table("histories", sa.column("id", sa.Integer), sa.column("source", sa.String),
                         sa.column("imports_json", sa.Text))
    for row in bind.execute(sa.select(histories.c.id, histories.c.imports_json)
                            .where(histories.c.imports_json.is_not(None))).mappings().all():
        record = json.loads(row["imports_json"])
        files = [{k: v for k, v in item.items() if k in ("file", "source", "start", "end", "periods", "granularity")}
                 for item in record.get("files") or []]
        packed = json.dumps({"hs": record.get("origin"), "imports": files}, ensure_ascii=False)
        if len(packed) > SOURCE_LIMIT:
            packed = json.dumps({"hs": record.get("origin")}, ensure_ascii=False)
        if len(packed) <= SOURCE_LIMIT:
            bind.execute(sa.update(histories).where(histories.c.id == row["id"]).values(source=packed))
    with op.batch_alter_table("histories") as batch:
        batch.drop_column("imports_json")
