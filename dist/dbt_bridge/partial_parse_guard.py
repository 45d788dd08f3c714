"""Makes dbt's partial parsing re-read files whose bytes changed in ways its checksum ignores.

dbt-core 1.12's partial parsing checksums files on whitespace-normalised contents
(dbt/parser/read_files.py), so `'gold tier'` -> `'gold  tier'` inside a string literal keeps the old
file's nodes (raw_code, macro_sql, YAML) although the SQL dbt would run differs. The engine hashes what
dbt parsed, so it would record a result under code it did not build.

The guard wraps PartialParsing.build_file_diff, the one place where dbt holds both the saved manifest
and the files just read: for every file it is about to call unchanged, it compares what the saved
manifest parsed from it with the file's current contents; a mismatch is put in the diff as changed, so
dbt re-parses just that file inside the same parse (no second parse, no full parse). The checksum is
restored right after the diff, so the new partial-parse file stores dbt's own checksum.

Compared: raw_code of SQL/Python nodes (models, snapshots, analyses, singular tests, functions),
macro_sql of macros and generic tests, docs blocks, unit-test fixture files, and the parsed YAML of
schema files that dbt read this time (dbt skips reading a YAML file whose mtime is unchanged).
"""

import csv
import io
import time
from typing import Any, Dict, Iterable, List, Optional

# File ids re-read by the last parse; reset by the bridge before each parse.
reread: List[str] = []
# Cost of the last check (files compared, seconds), for the bridge's log.
last_check: Dict[str, float] = {"files": 0, "seconds": 0.0}


def _values(collection: Any, ids: Iterable[str]) -> List[Any]:
    out = []
    for uid in ids:
        obj = (collection or {}).get(uid)
        if obj is not None:
            out.append(obj)
    return out


def _saved_nodes(saved: Any, ids: Iterable[str]) -> List[Any]:
    out = []
    for uid in ids:
        node = saved.nodes.get(uid)
        if node is None:
            node = (getattr(saved, "functions", None) or {}).get(uid)
        if node is not None:
            out.append(node)
            continue
        out.extend((getattr(saved, "disabled", None) or {}).get(uid, []))
    return out


def _fixture_rows(path: str, contents: str) -> Any:
    if path.endswith(".sql"):
        return contents
    return [row for row in csv.DictReader(io.StringIO(contents))]


def is_stale(saved_manifest: Any, saved_file: Any, new_file: Any) -> bool:
    """True when what dbt parsed from `saved_file` is not what `new_file` holds now."""
    kind = str(getattr(saved_file.parse_file_type, "value", saved_file.parse_file_type))
    if kind == "schema":
        new_dfy: Optional[Dict[str, Any]] = getattr(new_file, "dfy", None)
        if new_file.contents is None:  # dbt did not read it (same mtime): nothing to compare
            return False
        return (new_dfy or {}) != (getattr(saved_file, "dfy", None) or {})
    contents = new_file.contents
    if contents is None or kind == "seed":
        return False  # seeds are checksummed on their bytes
    if kind == "fixture":
        fixture = (getattr(saved_manifest, "fixtures", None) or {}).get(getattr(saved_file, "fixture", None) or "")
        if fixture is None:
            return False
        return fixture.rows != _fixture_rows(new_file.path.original_file_path, contents)
    for node in _saved_nodes(saved_manifest, getattr(saved_file, "nodes", []) or []):
        raw = getattr(node, "raw_code", None)
        if raw and raw not in contents:
            return True
    for macro in _values(saved_manifest.macros, getattr(saved_file, "macros", []) or []):
        if macro.macro_sql and macro.macro_sql not in contents:
            return True
    for doc in _values(getattr(saved_manifest, "docs", None), getattr(saved_file, "docs", []) or []):
        if doc.block_contents and doc.block_contents not in contents:
            return True
    return False


def install() -> bool:
    """Wraps dbt's partial-parsing diff once per process; False when this dbt has no such hook."""
    try:
        from dbt.contracts.files import FileHash
        from dbt.parser.partial import PartialParsing
    except Exception:
        return False
    original = getattr(PartialParsing, "build_file_diff", None)
    if original is None:
        return False
    if getattr(original, "_dbt_orchestrator_guard", False):
        return True

    def build_file_diff(self: Any) -> Any:
        forced: Dict[str, Any] = {}
        started = time.perf_counter()
        for file_id, new_file in self.new_files.items():
            saved_file = self.saved_files.get(file_id)
            if saved_file is None or saved_file.checksum != new_file.checksum:
                continue
            try:
                stale = is_stale(self.saved_manifest, saved_file, new_file)
            except Exception:
                stale = True  # cannot tell what dbt parsed: let it read the file again
            if stale:
                forced[file_id] = new_file.checksum
                new_file.checksum = FileHash(name="sha256", checksum="dbt-orchestrator:reread:" + file_id)
        last_check["files"] = len(self.new_files)
        last_check["seconds"] = time.perf_counter() - started
        try:
            return original(self)
        finally:
            for file_id, checksum in forced.items():
                self.new_files[file_id].checksum = checksum
            reread.extend(sorted(forced))

    build_file_diff._dbt_orchestrator_guard = True  # type: ignore[attr-defined]
    PartialParsing.build_file_diff = build_file_diff
    return True
