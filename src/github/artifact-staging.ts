// What the run's artifact holds is a copy, staged outside the project: dbt's logs get every printed
// --vars mapping redacted (src/report/redact-log.ts), other files are copied as they are. The paths inside
// the artifact stay the same (target/…, logs/…), and the runner's own files are left untouched.

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { redactDbtLog } from '../report/redact-log.js';

export interface StagedArtifact {
  root: string;
  files: string[];
}

export function stageArtifact(files: string[], root: string, stagingDir: string): StagedArtifact {
  rmSync(stagingDir, { recursive: true, force: true });
  const staged: string[] = [];
  for (const file of files) {
    const dest = join(stagingDir, relative(root, file));
    mkdirSync(dirname(dest), { recursive: true });
    if (file.endsWith('.log')) writeFileSync(dest, redactDbtLog(readFileSync(file, 'utf8')));
    else copyFileSync(file, dest);
    staged.push(dest);
  }
  return { root: stagingDir, files: staged };
}
