"""The warehouse through dbt's adapter: relations of schemas (with what dbt_orchestrator_records says
of each, see warehouse_records.py), invalidating records before a build, and source freshness."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Set, Tuple

from .errors import BridgeFailure, Interrupted, dbt_message, strip_ansi
from .invocation import common_flags, invoke
from .protocol import Request, finite
from .session import Session

if TYPE_CHECKING:
    from dbt.adapters.base.impl import BaseAdapter
    from .warehouse_records import Records


def freshness(session: Session, req: Request) -> Dict[str, Any]:
    """`dbt source freshness` over exactly the requested sources, in one invocation.

    Sources without a freshness config are not checked by dbt: they come back with status
    "unchecked" so the engine can apply its unknown-data policy. A failing freshness query is
    status "runtime error" with dbt's message, never an exception.
    """
    args = session.with_parse_args(req.args)
    requested = [str(u) for u in args.get("uniqueIds") or []]
    selectors: List[str] = []
    for uid in requested:
        src = session.manifest.sources.get(uid)
        if src is not None:
            selectors.append(f"source:{src.package_name}.{src.source_name}.{src.name}")
    results: Dict[str, Dict[str, Any]] = {
        uid: {"uniqueId": uid, "status": "unchecked", "maxLoadedAt": None, "snapshottedAt": None,
              "ageSeconds": None, "error": None}
        for uid in requested
    }
    if not selectors:
        return {"results": list(results.values())}
    cli = ["source", "freshness", *common_flags(args), "--no-send-anonymous-usage-stats", "--select", *selectors]
    if args.get("outputPath"):
        cli += ["--output", str(args["outputPath"])]
    inv = invoke(cli, manifest=session.manifest)
    execution = getattr(inv.result, "result", None)
    if execution is None or not hasattr(execution, "results"):
        raise inv.failure("database")
    for res in execution.results:
        node = getattr(res, "node", None)
        uid = getattr(node, "unique_id", None)
        if uid not in results:
            continue
        entry = results[uid]
        entry["status"] = str(getattr(res.status, "value", res.status))
        max_loaded_at = getattr(res, "max_loaded_at", None)
        snapshotted_at = getattr(res, "snapshotted_at", None)
        entry["maxLoadedAt"] = max_loaded_at.isoformat() if max_loaded_at is not None else None
        entry["snapshottedAt"] = snapshotted_at.isoformat() if snapshotted_at is not None else None
        entry["ageSeconds"] = finite(getattr(res, "age", None))
        message = getattr(res, "message", None)
        if entry["status"] in ("runtime error",) or max_loaded_at is None:
            entry["error"] = strip_ansi(str(message)) if message else "freshness query failed"
    return {"results": list(results.values())}


def quote_policy(adapter: BaseAdapter) -> Dict[str, Any]:
    from dbt_common.utils import deep_merge

    # the project's quoting config applies, as in BaseRelation.create_from
    policy = deep_merge(
        adapter.Relation.get_default_quote_policy().to_dict(omit_none=True),
        getattr(adapter.config, "quoting", {}) or {},
    )
    policy.pop("column", None)
    return policy


def open_records(session: Session) -> Records:
    from .warehouse_records import Records

    adapter = session.adapter()
    return Records(adapter, str(session.adapter_type), quote_policy(adapter))


def relations(session: Session, req: Request) -> Dict[str, Any]:
    args = session.with_parse_args(req.args)
    if args.get("withRecords"):
        return _relations_with_records(session, args)
    adapter = session.adapter()
    config = adapter.config
    seen: Set[Tuple[Optional[str], str]] = set()
    wanted: List[Tuple[Optional[str], str]] = []
    for ref in args.get("schemas") or []:
        key = (ref.get("database"), str(ref["schema"]))
        if key not in seen:
            seen.add(key)
            wanted.append(key)
    if not wanted:
        return {"relations": []}

    policy = quote_policy(adapter)
    schema_relations = [
        adapter.Relation.create(database=db, schema=schema, quote_policy=policy)
        for db, schema in wanted
    ]

    def list_one(rel: Any) -> List[Any]:
        try:
            return list(adapter.list_relations_without_caching(rel))
        except Exception as exc:
            try:
                exists = adapter.check_schema_exists(rel.database, rel.schema)
            except Exception:
                raise exc
            if not exists:
                return []
            raise

    found: List[Any] = []
    try:
        try:
            from dbt_common.utils.executor import executor
        except ImportError:
            executor = None
        # Like dbt's own cache population (BaseAdapter._relations_cache_for_schemas): one
        # query per schema, on `threads` connections. The outer connection is the one the
        # single-threaded executor (and the sequential path) runs on.
        with adapter.connection_named("dbt-orchestrator"):
            if executor is not None and len(schema_relations) > 1:
                with executor(config) as pool:
                    futures = [
                        pool.submit_connected(
                            adapter, f"list_{r.database}_{r.schema}", list_one, r
                        )
                        for r in schema_relations
                    ]
                    for fut in futures:
                        found.extend(fut.result())
            else:
                for r in schema_relations:
                    found.extend(list_one(r))
    except (KeyboardInterrupt, SystemExit):
        raise Interrupted()
    except BridgeFailure:
        raise
    except Exception as exc:
        raise BridgeFailure("database", dbt_message(exc))
    finally:
        try:
            adapter.cleanup_connections()
        except Exception:
            pass

    out = []
    for rel in found:
        rtype = getattr(rel, "type", None)
        out.append(
            {
                "database": rel.database,
                "schema": rel.schema,
                "identifier": rel.identifier,
                "type": str(getattr(rtype, "value", rtype)) if rtype is not None else None,
            }
        )
    return {"relations": out}


def _relations_with_records(session: Session, args: Dict[str, Any]) -> Dict[str, Any]:
    """Relations of the schemas with what dbt_orchestrator_records says of each (see warehouse_records.py)."""
    records = open_records(session)
    adapter = records.adapter
    out: List[Dict[str, Any]] = []
    schemas: List[Dict[str, Any]] = []
    seen: Set[Tuple[Optional[str], str]] = set()
    try:
        with adapter.connection_named("dbt-orchestrator"):
            for ref in args.get("schemas") or []:
                key = (ref.get("database"), str(ref["schema"]))
                if key in seen:
                    continue
                seen.add(key)
                schema_rel = records.relation(key[0], key[1], "x").without_identifier()

                def list_all(r: Any = schema_rel) -> List[Any]:
                    if not adapter.check_schema_exists(r.database, r.schema):
                        return []
                    return list(adapter.list_relations_without_caching(r))

                got = records.read_schema(key[0], key[1], list_all)
                out.extend(got["relations"])
                schemas.append({"database": key[0], "schema": key[1], "recordsTable": got["recordsTable"], "recordsError": got["recordsError"]})
    except (KeyboardInterrupt, SystemExit):
        raise Interrupted()
    except Exception as exc:
        raise BridgeFailure("database", dbt_message(exc))
    finally:
        try:
            adapter.cleanup_connections()
        except Exception:
            pass
    return {"relations": out, "schemas": schemas}


def invalidate_records(session: Session, spec: Dict[str, Any], unique_ids: List[str]) -> Tuple[Any, Optional[str]]:
    """Fail closed: the records of every relation this request may rewrite go first (one delete per
    schema). Returns the writer for the new records, or the reason nothing may be built."""
    from .warehouse_records import RecordWriter

    nodes = {str(n["uniqueId"]): {**n, "runId": spec.get("runId")} for n in spec.get("nodes") or []}
    wanted = [nodes[u] for u in unique_ids if u in nodes]
    if not wanted:
        return None, None
    by_schema: Dict[Tuple[Optional[str], str], List[str]] = {}
    for n in wanted:
        by_schema.setdefault((n.get("database"), str(n["schema"])), []).append(str(n["identifier"]))
    records = open_records(session)
    try:
        failure = records.invalidate(by_schema)
    finally:
        try:
            records.adapter.cleanup_connections()
        except Exception:
            pass
    if failure:
        return None, failure
    return (RecordWriter(records), {u: nodes[u] for u in unique_ids if u in nodes}), None

