"""The dbt session one bridge process holds: the parsed manifest and what it was parsed with, the
adapter wired to it, and the wire events go out on. Handlers (commands.py) read and update it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Set

from .errors import BridgeFailure
from .invocation import COMMON_KEYS, Args, ParseKey, parse_key
from .lifecycle import Lifecycle
from .protocol import Wire

if TYPE_CHECKING:
    from dbt.contracts.graph.manifest import Manifest
    from dbt.config.runtime import RuntimeConfig
    from dbt.adapters.base.impl import BaseAdapter


class Session:
    def __init__(self, wire: Optional[Wire] = None, lifecycle: Optional[Lifecycle] = None) -> None:
        self.wire = wire if wire is not None else Wire()
        self.lifecycle = lifecycle if lifecycle is not None else Lifecycle()
        self.manifest: Optional[Manifest] = None  # of the last successful parse
        self.config: Optional[RuntimeConfig] = None  # of the last successful parse
        self.adapter_type: Optional[str] = None
        self.key: Optional[ParseKey] = None
        self.parse_args: Args = {}
        self.selectable: Optional[Set[str]] = None  # cache of selection.selectable_ids(manifest)
        self._selection_dir: Optional[str] = None
        self.run_status: Any = None  # run_status.ShardStatus of a sharded run, once begun

    # -- the manifest ---------------------------------------------------------------------------

    def forget_manifest(self) -> None:
        self.manifest = None
        self.selectable = None

    def remember_parse(self, args: Args, manifest: Manifest, config: RuntimeConfig, adapter_type: str) -> None:
        self.manifest = manifest
        self.config = config
        self.adapter_type = adapter_type
        self.key = parse_key(args)
        self.parse_args = {k: args[k] for k in COMMON_KEYS if k in args}

    def with_parse_args(self, args: Args) -> Args:
        """ls/relations/build: DbtCommonArgs fields left out default to those of the last parse."""
        if self.manifest is None:
            raise BridgeFailure("internal", "no manifest in memory: send a successful `parse` first")
        merged: Dict[str, Any] = dict(self.parse_args)
        merged.update(args)
        if parse_key(merged) != self.key:
            raise BridgeFailure(
                "internal",
                "projectDir/profilesDir/target/vars differ from those of the last parse: parse again",
            )
        return merged

    def selection_dir(self) -> str:
        """The --state directory exact selections are written to (one per process)."""
        if self._selection_dir is None:
            self._selection_dir = self.lifecycle.temp_dir("dbt-orchestrator-selection-")
        return self._selection_dir

    # -- the adapter ----------------------------------------------------------------------------

    def adapter(self) -> BaseAdapter:
        """The registered adapter, wired to the in-memory manifest (what dbt does for a pre-set one)."""
        from dbt.adapters.factory import FACTORY

        adapter = FACTORY.adapters.get(self.adapter_type) if self.adapter_type else None
        if adapter is None or adapter.get_macro_resolver() is None:
            from dbt.cli import requires

            wire = getattr(requires, "_wire_adapter_for_external_manifest", None)
            if wire is not None:
                adapter = wire(self.config, self.manifest, [])
            else:  # older/newer dbt: same steps by hand
                from dbt.adapters.factory import get_adapter, register_adapter
                from dbt.context.providers import generate_runtime_macro_context
                from dbt.context.query_header import generate_query_header_context
                from dbt.mp_context import get_mp_context

                register_adapter(self.config, get_mp_context())
                adapter = get_adapter(self.config)
                adapter.set_macro_context_generator(generate_runtime_macro_context)
                adapter.set_macro_resolver(self.manifest)
                adapter.connections.set_query_header(
                    generate_query_header_context(adapter.config, self.manifest)
                )
        return adapter
