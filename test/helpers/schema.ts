// JSON Schema validation of generated dbt artifacts, for tests only (ajv is a devDependency).
//
// The schema is not copied into the project: it is generated at test time from the installed dbt-core's own
// artifact class (`RunResultsArtifact.json_schema()`, the code dbt uses to publish its official schemas), so a
// clone with nothing beside it validates against exactly what the pinned dbt-core defines. run-results v6
// declares "$schema": "https://json-schema.org/draft/2020-12/schema", hence Ajv2020.

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object in type-land.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const PYTHON = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.venv', 'bin', 'python');

const GENERATE = [
  'import json',
  'from dbt.artifacts.schemas.run import RunResultsArtifact',
  'print(json.dumps(RunResultsArtifact.json_schema()))',
].join('\n');

export interface ValidationOutcome {
  valid: boolean;
  /** One line per error: "<instance path>: <message> <params>". */
  errors: string[];
}

let runResultsSchema: Record<string, unknown> | undefined;
let runResultsValidator: ValidateFunction | undefined;

/** The run-results schema of the dbt-core installed in the project's .venv (generated once per process). */
export function runResultsSchemaFromDbt(): Record<string, unknown> {
  runResultsSchema ??= JSON.parse(execFileSync(PYTHON, ['-c', GENERATE], { encoding: 'utf8' })) as Record<string, unknown>;
  return runResultsSchema;
}

function compileRunResults(): ValidateFunction {
  // strict: false because dbt's generated schemas use keywords/defaults strict mode rejects (e.g. "default"
  // beside "anyOf"); allErrors so a failing test shows every problem at once.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(runResultsSchemaFromDbt());
}

function formatError(error: ErrorObject): string {
  return `${error.instancePath || '/'}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

export function validateRunResults(doc: unknown): ValidationOutcome {
  runResultsValidator ??= compileRunResults();
  // Validate the JSON as written, not the in-memory object (undefined values, Dates, ... serialise differently).
  const valid = runResultsValidator(JSON.parse(JSON.stringify(doc)));
  return { valid, errors: (runResultsValidator.errors ?? []).map(formatError) };
}
