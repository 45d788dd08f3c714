"""The project as dbt parsed it: the `parse` and `deps` commands, and what a parse reply says of the
project (target, vars, env-var digests, files partial parsing re-read)."""

from __future__ import annotations

import os
from typing import Any, Dict, Set, Tuple

from . import partial_parse_guard
from .env_vars import digest_env, dotenv_names, env_var_digests, env_vars_by_unique_id
from .errors import BridgeFailure
from .invocation import Invocation, common_flags, dbt_version, invoke, package_version
from .protocol import Request, log
from .session import Session


def resolved_vars(config: Any) -> Dict[str, Any]:
    """dbt's var() resolution flattened into {global, byPackage, cli} for the engine.

    For a node of package P dbt looks up (highest first; ModelConfiguredVar + VarProvider.vars_for
    in dbt/context/providers.py and dbt/config/project.py): --vars, root vars[P], root vars,
    P's own vars[P], P's own vars. The engine looks up cli, byPackage[P], global; so global = root
    vars and byPackage[P] = root vars[P] plus P's own vars that nothing above shadows.
    """
    root_vars = dict(config.vars.to_dict() or {})
    by_package: Dict[str, Dict[str, Any]] = {}
    try:
        projects = config.load_dependencies()
    except Exception:
        projects = {}
    names = set(projects.keys()) | {config.project_name}
    for pkg in sorted(names):
        scoped = root_vars.get(pkg)
        merged: Dict[str, Any] = dict(scoped) if isinstance(scoped, dict) else {}
        project = projects.get(pkg)
        if project is not None and pkg != config.project_name:
            own = dict(project.vars.to_dict() or {})
            own_scoped = own.get(pkg)
            lower = dict(own)
            if isinstance(own_scoped, dict):
                lower.update(own_scoped)
            for key, value in lower.items():
                if key not in merged and key not in root_vars:
                    merged[key] = value
        if merged:
            by_package[pkg] = merged
    return {"global": root_vars, "byPackage": by_package, "cli": dict(config.cli_vars or {})}


def _parse_with_guard(args: Dict[str, Any]) -> Tuple[Invocation, bool]:
    """`dbt parse`, with partial parsing made to re-read files whose bytes changed (partial_parse_guard.py);
    also says whether the guard could be installed."""
    guarded = partial_parse_guard.install()
    partial_parse_guard.reread.clear()
    partial_parse_guard.last_check.update(files=0, seconds=0.0)
    inv = invoke(["parse", *common_flags(args), "--write-json"])
    if partial_parse_guard.last_check["files"]:
        check = partial_parse_guard.last_check
        log(f"partial-parse guard: {int(check['files'])} files compared in {check['seconds'] * 1000:.1f} ms")
    if partial_parse_guard.reread:
        log(f"partial parsing: re-read {len(partial_parse_guard.reread)} file(s) whose bytes changed: " + ", ".join(partial_parse_guard.reread))
    return inv, guarded


def parse(session: Session, req: Request) -> Dict[str, Any]:
    from dbt.adapters.factory import FACTORY
    from dbt.contracts.graph.manifest import Manifest

    args = req.args
    session.forget_manifest()
    inv, guarded = _parse_with_guard(args)
    if not inv.success or not isinstance(inv.result.result, Manifest):
        raise inv.failure("parse")
    manifest = inv.result.result
    adapter_type = manifest.metadata.adapter_type
    adapter = FACTORY.adapters.get(adapter_type) if adapter_type else None
    if adapter is None and len(FACTORY.adapters) == 1:
        adapter = next(iter(FACTORY.adapters.values()))
    if adapter is None:
        raise BridgeFailure("internal", "dbt parsed but no adapter is registered")
    config = adapter.config
    creds = config.credentials
    adapter_type = str(creds.type)

    session.remember_parse(args, manifest, config, adapter_type)

    target_dir = config.project_target_path
    if not os.path.isabs(target_dir):
        target_dir = os.path.join(config.project_root, target_dir)
    state_check = manifest.state_check
    project_hash = getattr(state_check, "project_env_vars_hash", None)
    profile_env = getattr(config, "profile_env_vars", None)
    env_by_uid = env_vars_by_unique_id(manifest)
    tracked: Set[str] = set(getattr(manifest, "env_vars", {}) or {})
    for names in env_by_uid.values():
        tracked.update(names)
    tracked.update(dotenv_names(config.project_root))
    install_path = str(config.packages_install_path)
    if os.path.isabs(install_path):
        install_path = os.path.relpath(install_path, config.project_root)
    return {
        "manifestPath": os.path.abspath(os.path.join(target_dir, "manifest.json")),
        "dbtVersion": dbt_version(),
        "adapterVersion": package_version(adapter_type),
        "target": {
            "profileName": config.profile_name,
            "targetName": config.target_name,
            "adapterType": adapter_type,
            "database": getattr(creds, "database", None),
            "schema": getattr(creds, "schema", None),
            "threads": int(config.threads),
        },
        "envVarsByUniqueId": env_by_uid,
        "projectEnvVarsHash": (
            project_hash.checksum
            if project_hash is not None and project_hash.name != "none" and project_hash.checksum
            else None
        ),
        "profileEnvVarsHash": (
            digest_env(profile_env) if isinstance(profile_env, dict) else None
        ),
        "envVarDigests": env_var_digests(
            name for name in tracked if not name.startswith("DBT_ENV_SECRET")
        ),
        "vars": resolved_vars(config),
        "projectName": config.project_name,
        "packagesInstallPath": install_path,
        # files partial parsing would have kept although their bytes changed (partial_parse_guard.py)
        "rereadFiles": list(partial_parse_guard.reread),
        "partialParseGuard": guarded,
    }


def deps(session: Session, req: Request) -> None:
    inv = invoke(["deps", *common_flags(req.args)])
    if not inv.success:
        raise inv.failure("project")
    return None
