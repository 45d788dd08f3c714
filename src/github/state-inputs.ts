// The state-from / production-workflow / state-missing inputs, parsed at the door into typed values
// (see production-state.ts for what each source means).

import { ActionInputError } from './input-error.js';

export const StateInputs = {
  stateFrom: 'state-from',
  productionWorkflow: 'production-workflow',
  stateMissing: 'state-missing',
} as const;

export class StateInputError extends ActionInputError {
  constructor(input: string, message: string) {
    super(input, message);
    this.name = 'StateInputError';
  }
}

export type StateFrom = { kind: 'production'; workflow: string } | { kind: 'path'; dir: string } | { kind: 'artifact'; runId: number };

export type StateMissingPolicy = 'build-all' | 'fail' | 'skip';
export const STATE_MISSING_POLICIES: readonly StateMissingPolicy[] = ['build-all', 'fail', 'skip'];

const FORMS = "use 'production', 'path:<dir>' or 'artifact:<run-id>'";

/**
 * The production workflow as the REST API accepts it for `workflow_id`: its file name in .github/workflows
 * (`dbt-prod.yml`; a leading `.github/workflows/` is dropped) or its numeric id.
 */
export function parseProductionWorkflow(value: string): string {
  let v = value.trim();
  if (v === '') {
    throw new StateInputError(
      StateInputs.stateFrom,
      `'production' needs the production workflow: set '${StateInputs.productionWorkflow}' to its file name in .github/workflows, e.g. dbt-prod.yml`,
    );
  }
  v = v.replace(/^\.?\/?\.github\/workflows\//, '');
  if (/^\d+$/.test(v) || /^[^/\\]+\.ya?ml$/i.test(v)) return v;
  throw new StateInputError(
    StateInputs.productionWorkflow,
    `'${value.trim()}' is not a workflow file name; use the file name in .github/workflows (e.g. dbt-prod.yml) or the workflow's numeric id, not its display name`,
  );
}

export function parseStateFrom(value: string, productionWorkflow: string): StateFrom {
  const v = value.trim();
  if (v === '') throw new StateInputError(StateInputs.stateFrom, `is empty; ${FORMS}`);
  if (v.toLowerCase() === 'production') return { kind: 'production', workflow: parseProductionWorkflow(productionWorkflow) };
  const m = /^(path|artifact):(.*)$/is.exec(v);
  if (m) {
    const kind = m[1]!.toLowerCase();
    const arg = m[2]!.trim();
    if (kind === 'path') {
      if (arg === '') throw new StateInputError(StateInputs.stateFrom, `'${v}' names no directory; write path:<dir>, e.g. path:prod-state`);
      return { kind: 'path', dir: arg };
    }
    const id = /^\d+$/.test(arg) ? Number(arg) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new StateInputError(
        StateInputs.stateFrom,
        `'${v}' needs a workflow run id (the number in .../actions/runs/<run-id>), e.g. artifact:1234567890`,
      );
    }
    return { kind: 'artifact', runId: id };
  }
  throw new StateInputError(StateInputs.stateFrom, `'${v}' is not a state source; ${FORMS}`);
}

export function parseStateMissing(value: string): StateMissingPolicy {
  const v = value.trim().toLowerCase();
  if (v === '') return 'build-all';
  if ((STATE_MISSING_POLICIES as readonly string[]).includes(v)) return v as StateMissingPolicy;
  throw new StateInputError(
    StateInputs.stateMissing,
    `'${value.trim()}' is not one of ${STATE_MISSING_POLICIES.map((p) => `'${p}'`).join(', ')} (build-all: build the selection without state; fail: fail the check; skip: run nothing)`,
  );
}
