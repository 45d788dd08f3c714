"""SQL through dbt's adapter, for the bridge's own queries of the warehouse (warehouse_records.py, impact.py):
literals, the rows of a query, and the rollback after a failed statement."""

from __future__ import annotations

from typing import Any, List, Optional, Tuple


def lit(value: Any) -> str:
    if value is None:
        return "null"
    return "'" + str(value).replace("'", "''") + "'"


def fetch_rows(adapter: Any, sql: str) -> List[Tuple[Any, ...]]:
    """The rows of one query through dbt's adapter (its connection, quoting and query header)."""
    _, table = adapter.execute(sql, auto_begin=True, fetch=True)
    return [tuple(row.values()) for row in table.rows]


class _DriverRows(list):  # type: ignore[type-arg]
    """The rows of a cursor as its driver returned them (see fetch_text_rows)."""


def _driver_rows(cursor: Any, limit: Optional[int] = None) -> _DriverRows:
    return _DriverRows(tuple(row) for row in cursor.fetchall()) if cursor.description is not None else _DriverRows()


def fetch_text_rows(adapter: Any, sql: str) -> List[Tuple[Any, ...]]:
    """fetch_rows for a query whose every column is text: the driver's rows without dbt's agate table.

    dbt's table keeps text values as they are (agate_helper.table_from_data_flat) and a column of nulls
    holds nulls, so the rows are the same; at thousands of rows the table cost more than the query.
    Still one `adapter.execute` (query header, transactions): only its result step is the driver's, on
    this thread's request (no dbt invocation runs meanwhile). An adapter that does not fetch through
    get_result_from_cursor returns dbt's table, read as fetch_rows reads it.
    """
    connections = adapter.connections
    try:
        connections.get_result_from_cursor = _driver_rows  # the instance's, in front of the class's
    except (AttributeError, TypeError):  # a connection manager without instance attributes
        return fetch_rows(adapter, sql)
    try:
        _, table = adapter.execute(sql, auto_begin=True, fetch=True)
    finally:
        del connections.get_result_from_cursor
    return list(table) if isinstance(table, _DriverRows) else [tuple(row.values()) for row in table.rows]


def rollback(adapter: Any) -> None:
    """Ends the transaction a failed statement left, so the adapter's connection stays usable."""
    try:
        adapter.connections.rollback_if_open()
    except Exception:
        pass
    # dbt-duckdb 1.10 does not always see its transaction as open after a failed statement, so the
    # rollback above can leave DuckDB's transaction aborted: end it explicitly (an error here means
    # there was nothing to end).
    try:
        adapter.execute("rollback")
    except Exception:
        pass
