// JSON Schema validation of generated dbt artifacts, for tests only (ajv is a devDependency).
//
// dbt's official schemas (dbt-core v1.12.3) live beside the project checkout in ../shared/schemas/;
// we validate against them there rather than copying them in. run-results v6 declares "$schema": "https://json-schema.org/draft/2020-12/schema", hence Ajv2020.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object in type-land.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const SCHEMAS_DIR = process.env.DBT_SCHEMAS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'schemas');
export const RUN_RESULTS_SCHEMA_PATH = join(SCHEMAS_DIR, 'run-results-v6.json');

export interface ValidationOutcome {
  valid: boolean;
  /** One line per error: "<instance path>: <message> <params>". */
  errors: string[];
}

let runResultsValidator: ValidateFunction | undefined;

function compileRunResults(): ValidateFunction {
  const schema = JSON.parse(readFileSync(RUN_RESULTS_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // strict: false because dbt's generated schemas use keywords/defaults strict mode rejects (e.g. "default"
  // beside "anyOf"); allErrors so a failing test shows every problem at once.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
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
