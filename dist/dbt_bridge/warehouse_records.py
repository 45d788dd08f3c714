"""The warehouse's own record of what each relation built by dbt-orchestrator holds.

One small table per schema, next to the relations it describes:

    dbt_orchestrator_records(relation_name, node_hash, unique_id, kind, catalog_id, content_id,
                             run_id, recorded_at)

Everything goes through dbt's adapter (its connections, credentials, quoting and query header); only
the catalog SQL differs per adapter, chosen here by adapter type:

  * catalog_id: identity of the physical relation read from the catalog in the same query that lists
    the schema's relations. PostgreSQL: pg_class oid + relfilenode (a re-created relation gets a new
    oid; TRUNCATE, and so a re-seed, gets a new relfilenode). DuckDB renumbers its oids every time
    the file is opened, so there it is the md5 of the catalog's definition (duckdb_tables().sql /
    duckdb_views().sql): complete for a view, the column list for a table.
  * content_id: for relations whose catalog entry does not change when they are rewritten in place,
    a summary of the rows (grouped UNION ALL queries, CONTENT_BATCH relations each): DuckDB tables, seeds, snapshots and
    incremental models `count(*)` and the sum of the rows' hashes (a content fingerprint);
    PostgreSQL snapshots and incremental models `count(*)` and the newest `xmin`.

A record matches the relation only if the relation exists with the same catalog_id and content_id.
Reading costs one query per schema (plus one per CONTENT_BATCH relations for the content of DuckDB tables,
PostgreSQL snapshots and incremental models that have a record); writing is batched.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from .warehouse_sql import fetch_text_rows, lit, rollback

RECORDS_TABLE = "dbt_orchestrator_records"
# Relations per content query. DuckDB plans a UNION ALL in time quadratic in its branches: one query for
# 3,600 tables took ~70 s of CPU; batches of this size take ~0.4 ms per table (binding each table, hashing its
# rows) in the grouped form of Dialect.content_batch_sql.
CONTENT_BATCH = 100
COLUMNS = ("relation_name", "node_hash", "unique_id", "kind", "catalog_id", "content_id", "run_id", "recorded_at")


class Dialect:
    """Catalog SQL of one adapter type. `default` knows no physical identity (see README)."""

    def __init__(self, adapter_type: str) -> None:
        self.kind = adapter_type if adapter_type in ("duckdb", "postgres") else "default"

    def catalog_sql(self, database: Optional[str], schema: str) -> Optional[str]:
        """identifier, rel_type, catalog_id of every relation in the schema (None: not known here)."""
        if self.kind == "duckdb":
            where = f"lower(schema_name) = lower({lit(schema)})"
            if database:
                where += f" and lower(database_name) = lower({lit(database)})"
            return (
                f"select table_name as identifier, 'table' as rel_type, md5(coalesce(sql, '')) as catalog_id"
                f" from duckdb_tables() where {where} and not temporary"
                f" union all select view_name, 'view', md5(coalesce(sql, ''))"
                f" from duckdb_views() where {where} and not internal and not temporary"
            )
        if self.kind == "postgres":
            return (
                "select c.relname as identifier,"
                " case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end as rel_type,"
                " c.oid::text || ':' || c.relfilenode::text as catalog_id"
                " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                f" where n.nspname = {lit(schema)} and c.relkind in ('r', 'v', 'm', 'p', 'f')"
            )
        return None

    def content_sql(self, rendered: str, kind: str, rel_type: str = "table") -> Optional[str]:
        """A scalar expression summarising the rows, for relations rewritten in place; None: not needed.

        Decided by the record's kind (the node's materialization) so that writing and reading agree.
        """
        if rel_type == "view":
            return None
        if self.kind == "duckdb" and kind in ("table", "seed", "snapshot", "incremental"):
            # DuckDB has no stable identity of a table instance (oids are renumbered on every open, a re-created
            # table starts its row ids at 0 again), so the record holds a fingerprint of the rows themselves:
            # the count and the sum of each row's hash. A table re-created, re-seeded, appended to, merged or
            # updated outside dbt-orchestrator with different rows no longer matches; one with identical rows
            # still does, which is right (it holds what the record says). Costs a scan (~50 ms per million rows).
            return f"(select cast(count(*) as varchar) || ':' || cast(coalesce(sum(hash(t)), 0) as varchar) from {rendered} as t)"
        if self.kind == "postgres" and kind in ("snapshot", "incremental"):
            return f"(select count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text from {rendered})"
        return None

    def content_batch_sql(self, probes: List[Tuple[str, str, str, str]]) -> Tuple[Optional[str], str]:
        """One query for the content of several relations (key, rendered name, kind, rel_type): rows (key, value),
        each value what content_sql gives for that relation; and the value of a relation the query returns no
        row for. None: none of them needs one.

        DuckDB: the rows' hashes of every table in one grouped UNION ALL. Binding and planning a scalar subquery
        per table cost DuckDB about twice as much as one branch of a union (3,600 tables: ~2.5 s against
        ~1.4 s of CPU); a table without rows has no group, and content_sql gives it '0:0' too.
        """
        exprs = [(key, rendered, self.content_sql(rendered, kind, rel_type)) for key, rendered, kind, rel_type in probes]
        exprs = [(key, rendered, expr) for key, rendered, expr in exprs if expr is not None]
        if not exprs:
            return None, ""
        if self.kind == "duckdb":
            rows = " union all ".join(f"select {lit(key)} as k, hash(t) as h from {rendered} as t" for key, rendered, _ in exprs)
            return (
                f"select k, cast(count(*) as varchar) || ':' || cast(coalesce(sum(h), 0) as varchar) from ({rows}) as r group by k",
                "0:0",
            )
        return " union all ".join(f"select {lit(key)} as k, {expr} as v" for key, _, expr in exprs), ""

    def table_ddl(self, rendered: str) -> str:
        cols = ", ".join(f"{c} varchar(512)" for c in COLUMNS)
        return f"create table if not exists {rendered} ({cols})"


class Records:
    """Reads and writes the records of the schemas of one bridge, through its adapter."""

    def __init__(self, adapter: Any, adapter_type: str, quote_policy: Dict[str, Any]) -> None:
        self.adapter = adapter
        self.dialect = Dialect(adapter_type)
        self.quote_policy = quote_policy

    def relation(self, database: Optional[str], schema: str, identifier: str) -> Any:
        return self.adapter.Relation.create(
            database=database, schema=schema, identifier=identifier, quote_policy=self.quote_policy
        )

    def table(self, database: Optional[str], schema: str) -> str:
        return self.relation(database, schema, RECORDS_TABLE).render()

    def _rows(self, sql: str) -> List[Tuple[Any, ...]]:
        return fetch_text_rows(self.adapter, sql)  # every query of Records selects text columns

    def _rollback(self) -> None:
        rollback(self.adapter)

    # -- read --------------------------------------------------------------------------------

    def read_schema(self, database: Optional[str], schema: str, list_relations: Callable[[], List[Any]]) -> Dict[str, Any]:
        """Relations of one schema with their record state. Needs an open connection."""
        catalog = self.dialect.catalog_sql(database, schema)
        records_table = self.table(database, schema)
        rows: List[Tuple[Any, ...]] = []
        records_error: Optional[str] = None
        have_records = True
        if catalog is not None:
            joined = (
                "select c.identifier, c.rel_type, c.catalog_id, r.node_hash, r.unique_id, r.kind,"
                " r.catalog_id, r.content_id, r.run_id, r.recorded_at"
                f" from ({catalog}) c left join {records_table} r on lower(r.relation_name) = lower(c.identifier)"
            )
            # The catalog first: a schema without a records table (every cold build) must not make a query fail,
            # since some adapter versions cannot recover the connection's transaction after one.
            listing = self._rows(catalog)
            if not any(str(r[0]).lower() == RECORDS_TABLE for r in listing):
                rows = [(i, t, cid) + (None,) * 7 for (i, t, cid) in listing]
                have_records = False
            else:
                try:
                    rows = self._rows(joined)
                except Exception as exc:
                    self._rollback()
                    rows = [(i, t, cid) + (None,) * 7 for (i, t, cid) in listing]
                    have_records = False
                    records_error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        else:
            listed = list_relations()
            found = {str(r.identifier).lower(): r for r in listed}
            recorded: Dict[str, List[Tuple[Any, ...]]] = {}
            if RECORDS_TABLE in found:
                try:
                    for rec in self._rows(f"select {', '.join(COLUMNS)} from {records_table}"):
                        recorded.setdefault(str(rec[0]).lower(), []).append(rec)
                except Exception as exc:
                    self._rollback()
                    records_error = str(exc).strip().splitlines()[0]
            else:
                have_records = False
            for key, rel in found.items():
                rtype = getattr(rel, "type", None)
                rtype = str(getattr(rtype, "value", rtype)) if rtype is not None else "table"
                for rec in recorded.get(key) or [None]:
                    if rec is None:
                        rows.append((rel.identifier, rtype, "") + (None,) * 7)
                    else:
                        rows.append((rel.identifier, rtype, "", rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7]))

        by_name: Dict[str, Dict[str, Any]] = {}
        for ident, rel_type, catalog_id, n_hash, uid, kind, r_catalog, r_content, run_id, recorded_at in rows:
            if str(ident).lower() == RECORDS_TABLE:
                continue
            entry = by_name.setdefault(
                str(ident).lower(),
                {"database": database, "schema": schema, "identifier": ident, "type": rel_type,
                 "catalogId": catalog_id or "", "records": []},
            )
            if n_hash is not None:
                entry["records"].append(
                    {"hash": n_hash, "uniqueId": uid, "kind": kind, "catalogId": r_catalog or "",
                     "contentId": r_content or "", "runId": run_id, "recordedAt": recorded_at}
                )

        # Content of relations rewritten in place: one query for the schema, only where a record exists.
        probes: List[Tuple[str, str, str, str]] = []
        for key, entry in by_name.items():
            kinds = {r["kind"] for r in entry["records"]}
            if kinds:
                probes.append((key, self.relation(database, schema, entry["identifier"]).render(), sorted(kinds)[0], entry["type"]))
        contents: Dict[str, str] = {}
        for start in range(0, len(probes), CONTENT_BATCH):
            sql, no_row = self.dialect.content_batch_sql(probes[start:start + CONTENT_BATCH])
            if sql is None:
                continue
            try:
                got = {str(k): str(v) for k, v in self._rows(sql)}
                for key, rendered, kind, rel_type in probes[start:start + CONTENT_BATCH]:
                    if self.dialect.content_sql(rendered, kind, rel_type) is not None:
                        contents[key] = got.get(key, no_row)
            except Exception as exc:
                self._rollback()
                contents = {}  # as when one query held them all: no content for any relation of the schema
                records_error = records_error or ("content check failed: " + str(exc).strip().splitlines()[0])
                break
        for key, entry in by_name.items():
            entry["contentId"] = contents.get(key, "")
            for rec in entry["records"]:
                rec["matches"] = rec["catalogId"] == entry["catalogId"] and rec["contentId"] == entry["contentId"]
                del rec["catalogId"], rec["contentId"]
        return {"relations": list(by_name.values()), "recordsTable": have_records, "recordsError": records_error}

    # -- write -------------------------------------------------------------------------------

    def invalidate(self, schemas: Dict[Tuple[Optional[str], str], List[str]]) -> Optional[str]:
        """Deletes the records of these relations, one statement per schema. Returns the failure, if any."""
        for (database, schema), identifiers in schemas.items():
            try:
                with self.adapter.connection_named("dbt-orchestrator-records"):
                    self.adapter.create_schema(self.relation(database, schema, RECORDS_TABLE).without_identifier())
                    table = self.table(database, schema)
                    self.adapter.execute(self.dialect.table_ddl(table), auto_begin=True)
                    names = ", ".join(lit(i.lower()) for i in sorted(set(identifiers)))
                    self.adapter.execute(f"delete from {table} where lower(relation_name) in ({names})", auto_begin=True)
                    self.adapter.commit_if_has_connection()
            except Exception as exc:
                self._rollback()
                where = f"{database + '.' if database else ''}{schema}.{RECORDS_TABLE}"
                return f"could not invalidate the records in {where}: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}"
        return None

    def write(self, items: List[Dict[str, Any]]) -> List[str]:
        """Writes records of built relations: one statement per schema. Returns failures (one per schema)."""
        by_schema: Dict[Tuple[Optional[str], str], List[Dict[str, Any]]] = {}
        for item in items:
            by_schema.setdefault((item["database"], item["schema"]), []).append(item)
        failures: List[str] = []
        for (database, schema), group in by_schema.items():
            table = self.table(database, schema)
            catalog = self.dialect.catalog_sql(database, schema)
            values = []
            for it in group:
                rendered = self.relation(database, schema, it["identifier"]).render()
                content = self.dialect.content_sql(rendered, it["kind"])
                values.append(
                    "(" + ", ".join([lit(it["identifier"]), lit(it["hash"]), lit(it["uniqueId"]), lit(it["kind"]),
                                     content or "''", lit(it["runId"]), lit(it["recordedAt"])]) + ")"
                )
            names = ", ".join(lit(it["identifier"].lower()) for it in group)
            source = (
                f"(values {', '.join(values)}) as v(relation_name, node_hash, unique_id, kind, content_id, run_id, recorded_at)"
            )
            if catalog is not None:
                select = (
                    "select v.relation_name, v.node_hash, v.unique_id, v.kind, c.catalog_id, v.content_id, v.run_id, v.recorded_at"
                    f" from {source} join ({catalog}) c on lower(c.identifier) = lower(v.relation_name)"
                )
            else:
                select = (
                    "select v.relation_name, v.node_hash, v.unique_id, v.kind, '', v.content_id, v.run_id, v.recorded_at"
                    f" from {source}"
                )
            try:
                with self.adapter.connection_named("dbt-orchestrator-records"):
                    self.adapter.execute(self.dialect.table_ddl(table), auto_begin=True)
                    self.adapter.execute(f"delete from {table} where lower(relation_name) in ({names})", auto_begin=True)
                    self.adapter.execute(f"insert into {table} ({', '.join(COLUMNS)}) {select}", auto_begin=True)
                    self.adapter.commit_if_has_connection()
            except Exception as exc:
                self._rollback()
                failures.append(
                    f"{schema}: {', '.join(it['identifier'] for it in group)}: "
                    + (str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
                )
        return failures


class RecordWriter:
    """Writes records on its own thread while dbt builds, in batches of whatever finished meanwhile."""

    BATCH_WINDOW_SECONDS = 1.0

    def __init__(self, records: Records) -> None:
        self.records = records
        # Test seam: holds each batch back this long, so a test can kill the process between a node's
        # SQL and its record (the case a crash must survive). Never set in production.
        try:
            self.delay = float(os.environ.get("DBT_ORCHESTRATOR_TEST_RECORD_DELAY") or 0)
        except ValueError:
            self.delay = 0.0
        self.queue: "queue.Queue[Optional[Dict[str, Any]]]" = queue.Queue()
        self.failures: List[str] = []
        self.written = 0
        self.thread = threading.Thread(target=self._loop, name="dbt-orchestrator-records", daemon=True)
        self.thread.start()

    def add(self, item: Dict[str, Any]) -> None:
        self.queue.put(item)

    def _loop(self) -> None:
        done = False
        while not done:
            first = self.queue.get()
            if first is None:
                break
            batch = [first]
            deadline = time.monotonic() + self.BATCH_WINDOW_SECONDS
            while True:
                try:
                    item = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if item is None:
                    done = True
                    break
                batch.append(item)
            if self.delay > 0:
                time.sleep(self.delay)
            try:
                self.failures.extend(self.records.write(batch))
                self.written += len(batch)
            except Exception as exc:  # a bug here must not lose the build: the records are only missing
                self.failures.append(f"{type(exc).__name__}: {exc}")

    def close(self) -> List[str]:
        self.queue.put(None)
        self.thread.join()
        return self.failures
