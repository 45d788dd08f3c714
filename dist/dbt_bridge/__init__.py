"""Long-lived dbt process for dbt-orchestrator-action (the Python side of src/dbt/bridge.ts).

Holds dbt (and the parsed manifest) in memory so dbt's start-up and parse are paid once per engine
run instead of once per node. Wire protocol: protocol.py here, src/dbt/protocol.ts on the other side.
Started as `<python> <dir>/dbt_bridge` (or `python -m dbt_bridge`) with cwd = the dbt project
directory; `<python> <dir>/dbt_bridge --check-internals` checks the installed dbt's internals.

Modules, one concern each: __main__ (entry, read loop), protocol (the wire), commands (dispatch
table), session (the state of one dbt session), lifecycle (busy flag, signals, exit), errors,
invocation (dbtRunner), results, selection, project_state (+ env_vars, partial_parse_guard),
build (+ extra_parents), warehouse (+ warehouse_records), impact (PR impact: columns and row counts),
dbt_compat (supported dbt versions).
Only the standard library and dbt are used.
"""
