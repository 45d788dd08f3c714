// A cache save the service refuses by policy: since 2026-06-26 GitHub gives runs triggered by
// pull_request_target, issue_comment and workflow_run from a fork read-only access to the Actions cache.
// @actions/cache 6.3 recognises the service's answer by the stable prefix below (CacheWriteDeniedError),
// logs it as a warning and returns -1; the runner can also announce it with ACTIONS_CACHE_MODE. Either way
// it is a policy, not a fault: the build goes on, restores keep working, only this run's saves are skipped.

/** The prefix the cache service puts in front of its reason (same as @actions/cache's CACHE_WRITE_DENIED_PREFIX). */
export const CACHE_WRITE_DENIED_PREFIX = 'cache write denied:';

/** Triggers whose runs may write the cache that production runs restore from. */
export const STATE_SAVING_TRIGGERS = ['push', 'schedule', 'workflow_dispatch', 'repository_dispatch'] as const;

/** Thrown by a CacheClient when a save was refused by policy (named as @actions/cache names its error). */
export class CacheWriteDeniedError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'CacheWriteDeniedError';
  }
}

export function isCacheWriteDenied(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'CacheWriteDeniedError' || error.message.includes(CACHE_WRITE_DENIED_PREFIX);
}

/** The runner's own announcement (ACTIONS_CACHE_MODE read/none), before any request is made. */
export function cacheModeDenial(env: NodeJS.ProcessEnv): string | undefined {
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
  return mode === 'read' || mode === 'none' ? `${CACHE_WRITE_DENIED_PREFIX} the runner's cache-mode '${mode}' does not permit writes` : undefined;
}

/** One warning that says what happened, that the build is fine, and which triggers can save state. */
export function writeDeniedWarning(detail: string, eventName: string | undefined): string {
  const trigger = eventName ? ` (this run was triggered by \`${eventName}\`)` : '';
  const at = detail.indexOf(CACHE_WRITE_DENIED_PREFIX);
  const reason = (at >= 0 ? detail.slice(at) : detail).trim().replace(/\.$/, '');
  return [
    `cache: this run may not write to the Actions cache${trigger}: ${reason}.`,
    'GitHub gives pull_request_target, issue_comment and fork-triggered workflow_run runs read-only cache access.',
    'The build result is unchanged and restored results were still reused; nothing from this run is saved.',
    `Production state is saved only by ${STATE_SAVING_TRIGGERS.join(', ')} runs. Set \`reuse: read-only\` for this trigger to skip the save and this warning.`,
  ].join(' ');
}
