"""Which environment variables each node depends on, and their digests as dbt saw them.

Never a value on the wire: only names and sha256 digests (secrets stay in this process).
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Set

if TYPE_CHECKING:
    from dbt.contracts.graph.manifest import Manifest
    from dbt.contracts.files import SchemaSourceFile

# schema.yml top-level keys and the resource type of what they define or patch
_YAML_KEY_TYPES = {
    "models": "model",
    "seeds": "seed",
    "snapshots": "snapshot",
    "analyses": "analysis",
    "sources": "source",
    "macros": "macro",
    "exposures": "exposure",
    "metrics": "metric",
    "semantic_models": "semantic_model",
    "saved_queries": "saved_query",
    "unit_tests": "unit_test",
    "functions": "function",
    "groups": "group",
}

_MANIFEST_COLLECTIONS = (
    "nodes",
    "sources",
    "macros",
    "exposures",
    "metrics",
    "semantic_models",
    "saved_queries",
    "unit_tests",
    "functions",
    "groups",
)


def _manifest_lookup(manifest: Manifest, uid: str) -> Any:
    for name in _MANIFEST_COLLECTIONS:
        coll = getattr(manifest, name, None)
        if coll and uid in coll:
            return coll[uid]
    return None


def _rtype(obj: Any) -> str:
    rt = getattr(obj, "resource_type", None)
    return str(getattr(rt, "value", rt)) if rt is not None else ""


def env_vars_by_unique_id(manifest: Manifest) -> Dict[str, List[str]]:
    """Env var names read while parsing, attributed to what the file that read them defines.

    SQL/Python/seed files (SourceFile.env_vars: list) → every node/macro/function of that file.
    Schema files (SchemaSourceFile.env_vars: {yaml_key: {entry_name: [vars]}}) → the resources
    defined or patched under that yaml entry, plus the data tests generated from it; when nothing
    matches, every resource the file defines or patches (conservative).
    """
    out: Dict[str, Set[str]] = {}

    def add(uid: str, names: Iterable[str]) -> None:
        out.setdefault(uid, set()).update(names)

    for sf in manifest.files.values():
        env = getattr(sf, "env_vars", None)
        if not env:
            continue
        if isinstance(env, list):
            owned = list(getattr(sf, "nodes", []) or []) + list(getattr(sf, "macros", []) or [])
            owned += list(getattr(sf, "functions", []) or [])
            for uid in owned:
                add(uid, env)
            continue
        if not isinstance(env, dict):
            continue
        owned_all = _schema_file_owned(manifest, sf)
        data_tests = getattr(sf, "data_tests", {}) or {}
        for yaml_key, by_name in env.items():
            if not isinstance(by_name, dict):
                continue
            for name, names in by_name.items():
                targets = set(data_tests.get(yaml_key, {}).get(name, []))
                rtype = _YAML_KEY_TYPES.get(yaml_key)
                matched: Set[str] = set()
                if rtype is not None:
                    for uid in owned_all:
                        obj = _manifest_lookup(manifest, uid)
                        if obj is None or _rtype(obj) != rtype:
                            continue
                        obj_name = getattr(obj, "source_name", None) if rtype == "source" else obj.name
                        if obj_name == name:
                            matched.add(uid)
                    if rtype == "source" and not matched:
                        # patches of another package's source (SchemaSourceFile.sop)
                        matched = {
                            uid for uid, s in manifest.sources.items() if s.source_name == name
                        }
                targets |= matched
                if not matched:
                    targets |= owned_all
                for uid in targets:
                    add(uid, names)
    return {uid: sorted(names) for uid, names in sorted(out.items())}


def _schema_file_owned(manifest: Manifest, sf: SchemaSourceFile) -> Set[str]:
    owned: Set[str] = set()
    for attr in (
        "ndp",
        "sources",
        "exposures",
        "metrics",
        "snapshots",
        "semantic_models",
        "unit_tests",
        "saved_queries",
        "functions",
        "groups",
    ):
        owned.update(getattr(sf, attr, []) or [])
    owned.update((getattr(sf, "mcp", {}) or {}).keys())
    for by_name in (getattr(sf, "data_tests", {}) or {}).values():
        for uids in by_name.values():
            owned.update(uids)
    return owned


UNSET = "<unset>"  # same marker as the engine (src/hash/node-hash.ts)


def env_var_digests(names: Iterable[str]) -> Dict[str, str]:
    """sha256 of `set:<value>` (or of `<unset>`) for each name, as dbt sees the environment.

    dbt loads the project's .env into os.environ (without overriding), so os.environ after an
    invocation is what env_var() read. Same recipe as the engine's fallback for untracked names.
    """
    out: Dict[str, str] = {}
    for name in sorted(set(names)):
        value = os.environ.get(name)
        text = UNSET if value is None else f"set:{value}"
        out[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def dotenv_names(project_dir: str) -> List[str]:
    """Names the project's .env defines (dbt loads it; the engine's own environment lacks them)."""
    try:
        from dotenv import dotenv_values, find_dotenv

        path = find_dotenv(os.path.join(project_dir, ".env"), usecwd=True)
        return [k for k in dotenv_values(path).keys() if k] if path else []
    except Exception:
        return []


def digest_env(env: Dict[str, Any]) -> str:
    """dbt's project_env_vars_hash recipe (parser/manifest.py build_manifest_state_check)."""
    text = "".join(f"{key}:{env[key]}|" for key in sorted(env))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


