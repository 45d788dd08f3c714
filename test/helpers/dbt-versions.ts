// The dbt-core versions the engine supports, each in a venv of its own installed by scripts/setup.sh from
// python/requirements-dbt<minor>.lock. The newest (1.12) is the project's main .venv, which runs the full suite;
// the older ones run the compatibility suite (test/dbt-versions.test.ts).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './project.js';

export interface DbtVersionVenv {
  /** "1.10" */
  minor: string;
  dbt: string;
  python: string;
}

export const COMPAT_MINORS = ['1.10', '1.11'];

export function compatVenv(minor: string): DbtVersionVenv {
  const dir = join(REPO, `.venv-dbt${minor}`);
  return { minor, dbt: join(dir, 'bin', 'dbt'), python: join(dir, 'bin', 'python') };
}

/** Fails loudly when setup did not install a version's venv: a missing venv must not pass as "no tests". */
export function requireVenv(venv: DbtVersionVenv): void {
  if (!existsSync(venv.dbt)) throw new Error(`${venv.dbt} is missing: run \`bash scripts/setup.sh\` (it installs one venv per supported dbt-core)`);
}
