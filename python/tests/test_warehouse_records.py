"""Reading the warehouse's records (python/dbt_bridge/warehouse_records.py) through dbt's real DuckDB adapter: the
content of many relations read in batches is what one query reads, and the driver's rows are dbt's rows."""

import pytest

from dbt_bridge import warehouse, warehouse_records, warehouse_sql

SCHEMA = "records_spec"
TABLES = [f"t{i}" for i in range(7)]


@pytest.fixture()
def records(parsed_example):
    recs = warehouse.open_records(parsed_example.session)
    adapter = recs.adapter
    with adapter.connection_named("spec"):
        adapter.execute(f"create schema if not exists {SCHEMA}")
        for i, name in enumerate(TABLES):
            adapter.execute(f"create table {SCHEMA}.{name} as select range as id, 'row ' || range as label from range({i + 1})")
        adapter.execute(f"create view {SCHEMA}.v as select 1 as id")
        adapter.commit_if_has_connection()
    items = [
        {"database": database(recs), "schema": SCHEMA, "identifier": name, "hash": f"h{name}", "uniqueId": f"model.p.{name}",
         "kind": "view" if name == "v" else "table", "runId": "run-1", "recordedAt": "2026-12-01T00:00:00Z"}
        for name in TABLES + ["v"]
    ]
    assert recs.write(items) == []
    yield recs
    adapter.cleanup_connections()


def database(recs):
    return recs.adapter.config.credentials.database


def read(recs):
    adapter = recs.adapter
    with adapter.connection_named("spec-read"):
        listed = lambda: list(adapter.list_relations_without_caching(recs.relation(database(recs), SCHEMA, "x").without_identifier()))  # noqa: E731
        return recs.read_schema(database(recs), SCHEMA, listed)


@pytest.mark.dbt
def test_contents_read_in_batches_are_those_one_query_reads(records, monkeypatch):
    monkeypatch.setattr(warehouse_records, "CONTENT_BATCH", 10_000)
    whole = read(records)
    monkeypatch.setattr(warehouse_records, "CONTENT_BATCH", 2)
    batched = read(records)
    assert batched == whole
    by_name = {r["identifier"]: r for r in batched["relations"]}
    assert sorted(by_name) == sorted(TABLES + ["v"])
    assert all(r["records"] and r["records"][0]["matches"] for r in by_name.values())
    assert len({by_name[name]["contentId"] for name in TABLES}) == len(TABLES)  # each its own rows
    assert by_name["v"]["contentId"] == ""  # a view is identified by its definition alone


@pytest.mark.dbt
def test_a_relation_changed_in_a_later_batch_no_longer_matches(records, monkeypatch):
    monkeypatch.setattr(warehouse_records, "CONTENT_BATCH", 2)
    adapter = records.adapter
    with adapter.connection_named("spec-change"):
        adapter.execute(f"insert into {SCHEMA}.{TABLES[-1]} values (99, 'added outside')")
        adapter.commit_if_has_connection()
    by_name = {r["identifier"]: r for r in read(records)["relations"]}
    assert by_name[TABLES[-1]]["records"][0]["matches"] is False
    assert all(by_name[name]["records"][0]["matches"] for name in TABLES[:-1])


@pytest.mark.dbt
def test_the_drivers_rows_are_the_rows_of_dbts_table(records):
    adapter = records.adapter
    catalog = records.dialect.catalog_sql(database(records), SCHEMA)
    queries = [
        catalog,
        f"select c.identifier, r.node_hash, r.run_id, r.content_id, null as nothing from ({catalog}) c"
        f" left join {records.table(database(records), SCHEMA)} r on lower(r.relation_name) = lower(c.identifier)",
        "select '' as empty, 'null' as word, '005' as digits, '2026-12-01' as day",
    ]
    with adapter.connection_named("spec-rows"):
        for sql in queries:
            assert warehouse_sql.fetch_text_rows(adapter, sql) == warehouse_sql.fetch_rows(adapter, sql), sql
        # afterwards `execute` returns dbt's table again
        _, table = adapter.execute("select 1 as one", fetch=True)
        assert table.column_names == ("one",)


@pytest.mark.dbt
def test_an_empty_table_has_the_content_its_record_was_written_with(records):
    # The batch query groups the rows' hashes by relation: a table without rows has no group, and must still
    # read what the write's own count and sum gave it ('0:0'), or every empty table would rebuild each run.
    adapter = records.adapter
    with adapter.connection_named("spec-empty"):
        adapter.execute(f"create table {SCHEMA}.empty as select 1 as id where false")
        adapter.commit_if_has_connection()
    item = {"database": database(records), "schema": SCHEMA, "identifier": "empty", "hash": "hempty", "uniqueId": "model.p.empty",
            "kind": "table", "runId": "run-1", "recordedAt": "2026-12-01T00:00:00Z"}
    assert records.write([item]) == []
    by_name = {r["identifier"]: r for r in read(records)["relations"]}
    assert by_name["empty"]["contentId"] == "0:0"
    assert by_name["empty"]["records"][0]["matches"] is True
    with adapter.connection_named("spec-empty-insert"):
        adapter.execute(f"insert into {SCHEMA}.empty values (1)")
        adapter.commit_if_has_connection()
    by_name = {r["identifier"]: r for r in read(records)["relations"]}
    assert by_name["empty"]["records"][0]["matches"] is False
