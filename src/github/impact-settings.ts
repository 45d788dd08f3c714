// The action's PR impact inputs: `impact` (what to show against production) and `impact-timeout` (how long
// the row counts may take). Only used when a production state was found (`state-from`).

import { ActionInputError } from './input-error.js';
import type { ImpactOptions } from '../impact/types.js';

export const IMPACT_MODES = ['schema', 'rows', 'off'] as const;
export type ImpactMode = (typeof IMPACT_MODES)[number];
export const DEFAULT_IMPACT_TIMEOUT_SECONDS = 120;
const MAX_IMPACT_TIMEOUT_SECONDS = 3600;

/** undefined: `impact: off`. */
export function parseImpactSettings(mode: string, timeout: string): ImpactOptions | undefined {
  const m = (mode.trim().toLowerCase() || 'schema') as ImpactMode;
  if (!(IMPACT_MODES as readonly string[]).includes(m)) {
    throw new ActionInputError('impact', `'${mode.trim()}' is not one of 'schema' (column changes against production, the default), 'rows' (also row counts, one count query per relation) or 'off'`);
  }
  const t = timeout.trim();
  const seconds = t === '' ? DEFAULT_IMPACT_TIMEOUT_SECONDS : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_IMPACT_TIMEOUT_SECONDS) {
    throw new ActionInputError('impact-timeout', `'${t}' is not a whole number of seconds from 1 to ${MAX_IMPACT_TIMEOUT_SECONDS}`);
  }
  return m === 'off' ? undefined : { rows: m === 'rows', timeoutSeconds: seconds };
}
