"""PR impact: column metadata and row counts of relations, through dbt's adapter in the bridge process.

Two requests (see src/impact/collect.ts):

  * columns: the columns (name, type, in order) of each relation, ONE catalog query per schema for the
    adapters whose catalog SQL is known here (DuckDB: information_schema.columns; PostgreSQL: pg_catalog,
    whose format_type keeps lengths and precisions such as varchar(20) and numeric(10,2)); any other
    adapter falls back to the adapter's own get_columns_in_relation, one call per relation.
  * counts: `select count(*)` of each relation, one after the other, until the deadline: the relations not
    started by then come back as timed out (a single slow count is bounded by the caller, which stops the
    bridge when the request outlives the deadline).

Nothing here writes; an error is returned per schema or relation, never raised: impact is a report, it
never fails the build.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from .errors import dbt_message
from .protocol import Request
from .session import Session
from .warehouse_sql import fetch_rows, rollback


def lit(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _key(database: Optional[str], schema: str, identifier: str) -> Tuple[str, str, str]:
    return ((database or "").lower(), schema.lower(), identifier.lower())


def catalog_sql(adapter_type: str, database: Optional[str], schema: str, identifiers: List[str]) -> Optional[str]:
    """identifier, column name, type, position of the named relations of one schema; None: unknown adapter."""
    names = ", ".join(lit(i.lower()) for i in sorted(set(identifiers)))
    if adapter_type == "duckdb":
        where = f"lower(table_schema) = lower({lit(schema)}) and lower(table_name) in ({names})"
        if database:
            where += f" and lower(table_catalog) = lower({lit(database)})"
        return (
            "select table_name, column_name, data_type, ordinal_position from information_schema.columns"
            f" where {where} order by table_name, ordinal_position"
        )
    if adapter_type == "postgres":
        return (
            "select c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnum"
            " from pg_catalog.pg_attribute a"
            " join pg_catalog.pg_class c on c.oid = a.attrelid"
            " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
            f" where n.nspname = {lit(schema)} and lower(c.relname) in ({names})"
            " and a.attnum > 0 and not a.attisdropped order by c.relname, a.attnum"
        )
    return None


class Impact:
    def __init__(self, adapter: Any, adapter_type: str, quote_policy: Dict[str, Any]) -> None:
        self.adapter = adapter
        self.adapter_type = adapter_type
        self.quote_policy = quote_policy

    def _relation(self, ref: Dict[str, Any]) -> Any:
        return self.adapter.Relation.create(
            database=ref.get("database"), schema=ref["schema"], identifier=ref["identifier"], quote_policy=self.quote_policy
        )

    def _rows(self, sql: str) -> List[Tuple[Any, ...]]:
        return fetch_rows(self.adapter, sql)

    def _rollback(self) -> None:
        rollback(self.adapter)

    def _connected(self, work: Callable[[], Dict[str, Any]]) -> Dict[str, Any]:
        try:
            with self.adapter.connection_named("dbt-orchestrator-impact"):
                return work()
        finally:
            try:
                self.adapter.cleanup_connections()
            except Exception:
                pass

    # -- columns ---------------------------------------------------------------------------------

    def columns(self, refs: List[Dict[str, Any]], message: Callable[[BaseException], str]) -> Dict[str, Any]:
        return self._connected(lambda: self._columns(refs, message))

    def _columns(self, refs: List[Dict[str, Any]], message: Callable[[BaseException], str]) -> Dict[str, Any]:
        by_schema: Dict[Tuple[str, str], List[Dict[str, Any]]] = {}
        for ref in refs:
            by_schema.setdefault(((ref.get("database") or "").lower(), ref["schema"].lower()), []).append(ref)
        found: Dict[Tuple[str, str, str], List[Dict[str, str]]] = {}
        errors: Dict[Tuple[str, str], str] = {}
        method = "catalog"
        for (db_key, schema_key), group in by_schema.items():
            first = group[0]
            sql = catalog_sql(self.adapter_type, first.get("database"), first["schema"], [r["identifier"] for r in group])
            try:
                if sql is None:
                    method = "adapter"
                    for ref in group:
                        cols = self.adapter.get_columns_in_relation(self._relation(ref))
                        found[_key(ref.get("database"), ref["schema"], ref["identifier"])] = [
                            {"name": str(c.name), "type": str(getattr(c, "data_type", None) or c.dtype)} for c in cols
                        ]
                else:
                    for identifier, name, dtype, _pos in self._rows(sql):
                        found.setdefault((db_key, schema_key, str(identifier).lower()), []).append(
                            {"name": str(name), "type": str(dtype)}
                        )
            except Exception as exc:  # a schema we cannot read: said per relation, never raised
                self._rollback()
                errors[(db_key, schema_key)] = message(exc).split("\n")[0][:300]
        out = []
        for ref in refs:
            k = _key(ref.get("database"), ref["schema"], ref["identifier"])
            error = errors.get((k[0], k[1]))
            cols = found.get(k)
            out.append({**ref, "columns": cols if cols else None, "error": error})
        return {"method": method, "relations": out}

    # -- counts ----------------------------------------------------------------------------------

    def counts(self, refs: List[Dict[str, Any]], timeout_seconds: float, message: Callable[[BaseException], str]) -> Dict[str, Any]:
        return self._connected(lambda: self._counts(refs, timeout_seconds, message))

    def _counts(self, refs: List[Dict[str, Any]], timeout_seconds: float, message: Callable[[BaseException], str]) -> Dict[str, Any]:
        deadline = time.monotonic() + max(0.0, timeout_seconds)
        out = []
        for ref in refs:
            if time.monotonic() >= deadline:
                out.append({**ref, "timedOut": True})
                continue
            try:
                rows = self._rows(f"select count(*) from {self._relation(ref).render()}")
                out.append({**ref, "rows": int(rows[0][0])})
            except Exception as exc:
                self._rollback()
                out.append({**ref, "error": message(exc).split("\n")[0][:300]})
        return {"relations": out}


def impact(session: Session, req: Request) -> Dict[str, Any]:
    """The `impact` command: columns (what=columns) or row counts (what=counts) of the given relations."""
    from .warehouse import quote_policy

    args = session.with_parse_args(req.args)
    adapter = session.adapter()
    work = Impact(adapter, str(session.adapter_type), quote_policy(adapter))
    if args.get("what") == "counts":
        return work.counts(args.get("relations") or [], float(args.get("timeoutSeconds") or 0), dbt_message)
    return work.columns(args.get("relations") or [], dbt_message)
