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

/** 12,345: counts in reports. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** 0.46 s, 12.3 s, 4m 05s, 1h 02m. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m ${String(secs).padStart(2, '0')}s`;
}

/** A source's age in its largest whole unit (45s, 12m, 5h, 3d); `none` when it is not known. */
export function formatAge(seconds: number | null, none: string): string {
  if (seconds === null) return none;
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}
