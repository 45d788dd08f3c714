"""Per-run status of a sharded build, shared by its shards through the warehouse (issue 14).

One table next to the target schema's records:

    dbt_orchestrator_run_status(run_id, unique_id, shard, status, message, updated_at)

Rows of a node: status `success` (written live, as dbt finishes it), `error` or `skipped` (written by the
engine once the shard knows it is final, i.e. after its retries). Rows of a shard (`unique_id = 'shard:I'`):
a heartbeat whose `message` is a counter bumped every few seconds while the shard's dbt process lives, and
`finished` when the shard is done. Readers judge a heartbeat stale by watching the counter not move (no clock
is compared across machines).

Cleanup: the merge deletes a run's rows once it merged the run successfully (op `delete_run`), and every
shard's `begin` deletes the rows of runs whose newest row is older than `KEEP_DAYS` (GitHub re-runs failed jobs
of a workflow run for up to 30 days, and a re-run needs the rows of the shards that finished). A failed
cleanup is reported, never raised: the build does not depend on it.

Everything goes through dbt's adapter (its connections, credentials and quoting), on connections of our own.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any, Dict, List, Optional

STATUS_TABLE = "dbt_orchestrator_run_status"
COLUMNS = ("run_id", "unique_id", "shard", "status", "message", "updated_at")
SUCCESS = ("success", "pass", "warn", "no-op")
KEEP_DAYS = 35


def lit(value: Any) -> str:
    if value is None:
        return "null"
    return "'" + str(value).replace("'", "''") + "'"


def now_iso(seconds_ago: float = 0) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - seconds_ago))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class RunStatusTable:
    """Reads and writes one run's rows; every call opens (and commits on) a named connection of its own thread."""

    def __init__(self, adapter: Any, quote_policy: Dict[str, Any], database: Optional[str], schema: str, run_id: str) -> None:
        self.adapter = adapter
        self.run_id = run_id
        rel = adapter.Relation.create(database=database, schema=schema, identifier=STATUS_TABLE, quote_policy=quote_policy)
        self.schema_relation = rel.without_identifier()
        self.rendered = rel.render()

    def _execute(self, name: str, statements: List[str], fetch: bool = False) -> List[List[Any]]:
        rows: List[List[Any]] = []
        with self.adapter.connection_named(name):
            try:
                for sql in statements:
                    _, table = self.adapter.execute(sql, auto_begin=True, fetch=fetch)
                    if fetch:
                        rows = [list(r.values()) for r in table.rows]
                self.adapter.commit_if_has_connection()
            except Exception:
                try:
                    self.adapter.connections.rollback_if_open()
                except Exception:
                    pass
                raise
        return rows

    def ensure(self) -> None:
        """Creates the schema and table; shards start at once, so a concurrent create is retried."""
        cols = ", ".join(f"{c} varchar(4000)" if c == "message" else f"{c} varchar(512)" for c in COLUMNS)
        last: Optional[BaseException] = None
        for attempt in range(5):
            try:
                with self.adapter.connection_named("dbt-orchestrator-status"):
                    self.adapter.create_schema(self.schema_relation)
                self._execute("dbt-orchestrator-status", [f"create table if not exists {self.rendered} ({cols})"])
                return
            except Exception as exc:  # e.g. a duplicate pg_type row when two shards create it at once
                last = exc
                time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"could not create {self.rendered}: {str(last).strip().splitlines()[0] if last else ''}")

    def write(self, rows: List[Dict[str, Any]], name: str = "dbt-orchestrator-status") -> None:
        if not rows:
            return
        ids = ", ".join(lit(r["uniqueId"]) for r in rows)
        values = ", ".join(
            "(" + ", ".join([lit(self.run_id), lit(r["uniqueId"]), lit(r.get("shard")), lit(r["status"]),
                             lit((r.get("message") or "")[:3900]), lit(now_iso())]) + ")"
            for r in rows
        )
        self._execute(name, [
            f"delete from {self.rendered} where run_id = {lit(self.run_id)} and unique_id in ({ids})",
            f"insert into {self.rendered} ({', '.join(COLUMNS)}) values {values}",
        ])

    def clear(self, unique_ids: List[str]) -> None:
        for i in range(0, len(unique_ids), 500):
            ids = ", ".join(lit(u) for u in unique_ids[i:i + 500])
            self._execute("dbt-orchestrator-status", [f"delete from {self.rendered} where run_id = {lit(self.run_id)} and unique_id in ({ids})"])

    def delete_run(self) -> None:
        """Deletes every row of this run (the merge, once the run is merged)."""
        self._execute("dbt-orchestrator-status", [f"delete from {self.rendered} where run_id = {lit(self.run_id)}"])

    def delete_old_runs(self, keep_days: float) -> None:
        """Deletes the runs whose newest row is older than `keep_days` (updated_at is ISO 8601 UTC, so text order is time order)."""
        cutoff = lit(now_iso(keep_days * 86400))
        self._execute("dbt-orchestrator-status", [
            f"delete from {self.rendered} where run_id in"
            f" (select run_id from {self.rendered} group by run_id having max(updated_at) < {cutoff})"
        ])

    def read(self) -> List[Dict[str, Any]]:
        rows = self._execute(
            "dbt-orchestrator-status",
            [f"select unique_id, shard, status, message, updated_at from {self.rendered} where run_id = {lit(self.run_id)}"],
            fetch=True,
        )
        return [{"uniqueId": r[0], "shard": r[1], "status": r[2], "message": r[3], "updatedAt": r[4]} for r in rows]


class ShardStatus:
    """The live side of one shard: a heartbeat thread and the successes written as dbt finishes them."""

    def __init__(self, table: RunStatusTable, shard: int, unique_ids: List[str], heartbeat_seconds: float) -> None:
        self.table = table
        self.shard = shard
        self.mine = set(unique_ids)
        self.interval = heartbeat_seconds
        self.errors: List[str] = []
        self.queue: "queue.Queue[Optional[Dict[str, Any]]]" = queue.Queue()
        self.stopping = threading.Event()
        self.beats = 0
        self.heart = threading.Thread(target=self._beat, name="dbt-orchestrator-heartbeat", daemon=True)
        self.writer = threading.Thread(target=self._write, name="dbt-orchestrator-status", daemon=True)
        self.heart.start()
        self.writer.start()

    def _beat(self) -> None:
        while not self.stopping.is_set():
            self.beats += 1
            try:
                self.table.write([{"uniqueId": f"shard:{self.shard}", "shard": self.shard, "status": "heartbeat", "message": str(self.beats)}], "dbt-orchestrator-heartbeat")
            except Exception as exc:
                self.errors.append(f"heartbeat: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}")
            self.stopping.wait(self.interval)

    def _write(self) -> None:
        while True:
            first = self.queue.get()
            if first is None:
                return
            batch = [first]
            while True:
                try:
                    item = self.queue.get(timeout=0.2)
                except queue.Empty:
                    break
                if item is None:
                    self._flush(batch)
                    return
                batch.append(item)
            self._flush(batch)

    def _flush(self, batch: List[Dict[str, Any]]) -> None:
        try:
            self.table.write(batch, "dbt-orchestrator-status-live")
        except Exception as exc:  # the engine writes every final status again after the batch
            self.errors.append(f"status: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}")

    def node_finished(self, unique_id: str, status: str) -> None:
        """Called from dbt's event callback: a success is final at once (a failure may still be retried)."""
        if unique_id in self.mine and status in SUCCESS:
            self.queue.put({"uniqueId": unique_id, "shard": self.shard, "status": "success", "message": ""})

    def close(self, finished: bool) -> List[str]:
        self.queue.put(None)
        self.writer.join(timeout=30)
        self.stopping.set()
        self.heart.join(timeout=30)
        if finished:
            try:
                self.table.write([{"uniqueId": f"shard:{self.shard}", "shard": self.shard, "status": "finished", "message": str(self.beats)}])
            except Exception as exc:
                self.errors.append(f"finish: {exc}")
        return self.errors


def command(session: Any, req: Any) -> Dict[str, Any]:
    """The bridge's `run_status` command: begin | read | write | finish | delete_run (see src/shard/status.ts)."""
    from .warehouse import quote_policy

    args = req.args
    op = args.get("op")
    if op in ("begin", "delete_run"):
        adapter = session.adapter()
        spec = args["table"]
        table = RunStatusTable(adapter, quote_policy(adapter), spec.get("database"), str(spec["schema"]), str(args["runId"]))
    if op == "delete_run":
        try:
            table.delete_run()
        except Exception as exc:
            return {"table": table.rendered, "error": first_line(exc)}
        return {"table": table.rendered}
    if op == "begin":
        table.ensure()
        ids = [str(u) for u in args.get("uniqueIds") or []]
        table.clear(ids + [f"shard:{int(args['shard'])}"])
        cleanup_error: Optional[str] = None
        try:
            table.delete_old_runs(float(args.get("keepDays") or KEEP_DAYS))
        except Exception as exc:
            cleanup_error = first_line(exc)
        session.run_status = ShardStatus(table, int(args["shard"]), ids, float(args.get("heartbeatSeconds") or 5))
        return {"table": table.rendered, "cleanupError": cleanup_error}
    live: Optional[ShardStatus] = session.run_status
    if live is None:
        raise RuntimeError("run_status: no run begun in this process")
    if op == "read":
        return {"rows": live.table.read(), "errors": list(live.errors)}
    if op == "write":
        live.table.write([{**r, "shard": live.shard} for r in args.get("rows") or []])
        return {}
    if op == "finish":
        session.run_status = None
        return {"errors": live.close(bool(args.get("finished", True)))}
    raise RuntimeError(f"run_status: unknown op {op!r}")
