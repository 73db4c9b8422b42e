"""The schema is made and changed by the Alembic migrations only; a library made with the first
revision upgrades to the latest and loses nothing (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from smartkit.models import GoalDraft
from smartkit.storage import Library, TargetChange
from smartkit.storage.library import table_to_json
from smartkit.storage.migrate import current_revision, head_revision, make_engine, upgrade
from smartkit.storage.tables import Base
from smartkit.storage.testing import database_url
from worked_examples import goal

D = dt.date
NOW = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    return database_url(request.param, tmp_path)


def first_revision_library(url: str):
    """A library as revision 0001 wrote it: a parent goal with a sub-goal, a history, a
    check-in and a review that adjusted the target."""
    engine = make_engine(url)
    upgrade(engine, "0001")
    parent, child = goal("website_traffic"), GoalDraft(kpi="ctr", name="Ad CTR", target=1.5)
    import pandas as pd

    table = pd.DataFrame({"referral_sessions": [10.0, 12.5]}, index=pd.date_range("2026-12-01", periods=2, name="date"))
    with engine.begin() as conn:
        for gid, draft, parent_id, status in (("parent0001", parent, None, "active"),
                                              ("child0001", child, "parent0001", "draft")):
            conn.execute(text(
                "INSERT INTO goals (id, workspace, owner, status, version, created_at, updated_at, parent_id, goal_json,"
                " name, kpi, target, deadline, channel, pacing, pacing_json, next_review) VALUES (:id, 'Acme', 'Mai',"
                " :status, 3, :now, :now, :parent, :json, :name, :kpi, :target, :deadline, :channel, NULL, NULL, NULL)"),
                {"id": gid, "status": status, "now": NOW, "parent": parent_id,
                 "json": json.dumps(draft.model_dump(mode="json")), "name": draft.name or draft.business_goal,
                 "kpi": draft.kpi, "target": draft.resolved_target, "deadline": draft.deadline,
                 "channel": draft.channel})
        conn.execute(text("INSERT INTO histories (goal_id, source, warnings_json, table_json, attached_at) VALUES"
                          " ('parent0001', 'ga4.csv', '[\"gap\"]', :table, :now)"),
                     {"table": table_to_json(table), "now": NOW})
        conn.execute(text("INSERT INTO checkins (goal_id, date, note, confidence, done, created_at) VALUES"
                          " ('parent0001', :d, 'ok', 'medium', 'posts', :now)"), {"d": D(2026, 12, 10), "now": NOW})
        conn.execute(text("INSERT INTO reviews (goal_id, date, what_happened, decision, new_target, new_deadline,"
                          " created_at) VALUES ('parent0001', :d, 'slow', 'adjust_target', 2300, NULL, :now)"),
                     {"d": D(2027, 1, 15), "now": NOW})
    engine.dispose()
    return parent, child, table


def test_a_first_revision_library_upgrades_to_the_latest_and_loses_nothing(url):
    parent, child, table = first_revision_library(url)
    library = Library(url)  # upgrades at start-up
    try:
        assert current_revision(library.engine) == head_revision() != "0001"
        stored = library.get("parent0001")
        assert stored.goal == parent and (stored.workspace, stored.owner, stored.status, stored.version) == (
            "Acme", "Mai", "active", 3)
        assert stored.created_at == NOW
        assert library.parent_of("child0001") == "parent0001" and library.get("child0001").goal == child
        assert [c.id for c in library.children("parent0001")] == ["child0001"]
        assert library.history("parent0001")["referral_sessions"].tolist() == table["referral_sessions"].tolist()
        assert library.histories("parent0001")[0]["warnings"] == ["gap"]
        assert [(c.note, c.confidence) for c in library.checkins("parent0001")] == [("ok", "medium")]
        assert [(r.decision, r.new_target) for r in library.reviews("parent0001")] == [("adjust_target", 2300)]
        # the new revision's target history is filled from the goal and its review
        assert library.target_history("parent0001") == [
            TargetChange(D(2026, 12, 1), 2500, D(2027, 5, 31), "goal"),
            TargetChange(D(2027, 1, 15), 2300, D(2027, 5, 31), "review")]
        # and the new revision's features work on the old goals
        token = library.share_token("parent0001")
        assert library.goal_for_share_token(token).id == "parent0001"
        assert library.restore(library.archive("parent0001").id).status == "active"
    finally:
        library.close()


def test_the_table_models_match_the_latest_migration(url):
    library = Library(url)
    try:
        with library.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        library.close()


def test_opening_twice_does_not_migrate_again(url):
    first = Library(url)
    first.create(GoalDraft(name="kept"))
    second = Library(url)
    try:
        assert [g.name for g in second.list()] == ["kept"]
    finally:
        first.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_app_instances_starting_together_on_a_new_library_migrate_it_once(kind, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    url = database_url(kind, tmp_path)
    root = Path(__file__).resolve().parents[1]
    code = "import sys; from smartkit.storage import Library; Library(sys.argv[1]); print('opened')"
    starting = [subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)}) for _ in range(4)]
    outputs = [p.communicate(timeout=180) for p in starting]
    assert [out.strip() for out, _ in outputs] == ["opened"] * 4, [err for _, err in outputs]
    library = Library(url)
    try:
        assert current_revision(library.engine) == head_revision()
    finally:
        library.close()


def test_an_import_record_packed_into_the_source_gets_its_own_column_when_upgraded(url):
    """Revision 0002 and before: the wizard packed the import record as JSON into
    ``histories.source``; revision 0003 moves it to ``imports_json`` and leaves a plain label."""
    import pandas as pd

    engine = make_engine(url)
    upgrade(engine, "0002")
    table = pd.DataFrame({"followers": [400.0, 401.0]}, index=pd.date_range("2026-12-01", periods=2, name="date"))
    files = [{"file": "a.csv", "source": "generic", "start": "2026-12-01", "end": "2026-12-01", "periods": 1},
             {"file": "b.csv", "source": "generic", "start": "2026-12-02", "end": "2026-12-02", "periods": 1}]
    packed = json.dumps({"hs": {"kind": "upload", "files": ["a.csv", "b.csv"]}, "imports": files})
    assert len(packed) <= 300  # what fitted in the old column
    demo = json.dumps({"hs": {"kind": "demo", "id": "pepperoni_palace"}, "imports": []})
    with engine.begin() as conn:
        for gid, source in (("packed0001", packed), ("demo0001", demo), ("plain0001", "ga4.csv")):
            conn.execute(text(
                "INSERT INTO goals (id, workspace, owner, status, version, created_at, updated_at, parent_id, goal_json,"
                " name, kpi, target, deadline, channel, pacing, pacing_json, next_review, status_note, archived_from)"
                " VALUES (:id, 'default', NULL, 'draft', 1, :now, :now, NULL, :json, :id, NULL, NULL, NULL, NULL, NULL,"
                " NULL, NULL, NULL, NULL)"), {"id": gid, "now": NOW, "json": GoalDraft(name=gid).model_dump_json()})
            conn.execute(text("INSERT INTO histories (goal_id, source, warnings_json, table_json, attached_at) VALUES"
                              " (:gid, :source, '[\"gap\"]', :table, :now)"),
                         {"gid": gid, "source": source, "table": table_to_json(table), "now": NOW})
    engine.dispose()
    library = Library(url)  # upgrades at start-up
    try:
        [upload] = library.histories("packed0001")
        assert upload["source"] == "a.csv, b.csv"
        assert upload["record"] == {"origin": {"kind": "upload", "files": ["a.csv", "b.csv"]}, "files": files}
        assert upload["warnings"] == ["gap"]
        [from_demo] = library.histories("demo0001")
        assert from_demo["record"] == {"origin": {"kind": "demo", "id": "pepperoni_palace"}, "files": []}
        assert "{" not in from_demo["source"]
        [plain] = library.histories("plain0001")
        assert (plain["source"], plain["record"]) == ("ga4.csv", None)
    finally:
        library.close()
