// The one copy of each small formatting rule shared by reports, logs and messages.

/** Sizes in decimal units, as the step summary shows them: 512 B, 12.3 kB, 4.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Sizes in binary units, as size limits are set (DBT_ORCHESTRATOR_STATE_MAX_MIB): 512 B, 1.5 KiB, 2.0 MiB. */
export function formatBinaryBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
