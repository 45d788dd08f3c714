// Columns added, removed and retyped between production's relation and the PR's. Pure.
//
// Names match case-insensitively (warehouses fold unquoted names; the catalog spells them as stored), and
// types are compared as the catalog spells them, ignoring case and spacing (`DECIMAL(18, 3)` = `decimal(18,3)`):
// a length or precision change (varchar(10) → varchar(20)) is a type change.

import type { Column, ColumnDiff } from './types.js';

function normalType(type: string): string {
  return type.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim();
}

/** Changes from `production` to `pr`, in the PR's column order (removed ones in production's). */
export function diffColumns(production: Column[], pr: Column[]): ColumnDiff {
  const before = new Map(production.map((c) => [c.name.toLowerCase(), c]));
  const after = new Map(pr.map((c) => [c.name.toLowerCase(), c]));
  const added = pr.filter((c) => !before.has(c.name.toLowerCase()));
  const removed = production.filter((c) => !after.has(c.name.toLowerCase()));
  const retyped = pr.flatMap((c) => {
    const old = before.get(c.name.toLowerCase());
    return old && normalType(old.type) !== normalType(c.type) ? [{ name: c.name, from: old.type, to: c.type }] : [];
  });
  return { added, removed, retyped };
}

export function hasChanges(diff: ColumnDiff): boolean {
  return diff.added.length + diff.removed.length + diff.retyped.length > 0;
}
