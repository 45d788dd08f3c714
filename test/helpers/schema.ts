// JSON Schema validation of generated dbt artifacts, for tests only (ajv is a devDependency).
//
// The schema is not copied into the project: it is generated at test time from the installed dbt-core's own
// artifact class (`RunResultsArtifact.json_schema()`, the code dbt uses to publish its official schemas), so a
// clone with nothing beside it validates against exactly what the pinned dbt-core defines. run-results v6
// declares "$schema": "https://json-schema.org/draft/2020-12/schema", hence Ajv2020.
//
// Importing dbt-core for that costs a Python process ~2 s, so the generated schema is kept in
// node_modules/.cache/dbt-orchestrator-tests/ under a key of everything it is generated from: the venv's
// interpreter, the name (with version) and time of every package installed in it, and the generating
// script. Installing, upgrading or removing any package in .venv changes the key and the schema is generated
// anew; RUN_RESULTS_SCHEMA_CACHE=0 generates it every time.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object in type-land.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENV = join(REPO, '.venv');
const PYTHON = join(VENV, 'bin', 'python');
const CACHE_DIR = join(REPO, 'node_modules', '.cache', 'dbt-orchestrator-tests');

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

/** The run-results schema of the dbt-core installed in the project's .venv (generated once per installed set). */
export function runResultsSchemaFromDbt(): Record<string, unknown> {
  runResultsSchema ??= JSON.parse(cachedSchemaText() ?? generateSchemaText()) as Record<string, unknown>;
  return runResultsSchema;
}

/** What the generated schema depends on: the interpreter, each installed distribution (name, version, time), the script. */
function installKey(): string | undefined {
  try {
    const hash = createHash('sha256').update(realpathSync(PYTHON)).update('\0').update(GENERATE);
    for (const lib of readdirSync(join(VENV, 'lib')).sort()) {
      const site = join(VENV, 'lib', lib, 'site-packages');
      for (const entry of readdirSync(site).filter((e) => e.endsWith('.dist-info')).sort()) {
        hash.update(`\0${lib}/${entry}@${statSync(join(site, entry)).mtimeMs}`);
      }
    }
    return hash.digest('hex').slice(0, 32);
  } catch {
    return undefined; // no venv laid out as expected: generate every time
  }
}

function cachePath(): string | undefined {
  if (process.env.RUN_RESULTS_SCHEMA_CACHE === '0') return undefined;
  const key = installKey();
  return key === undefined ? undefined : join(CACHE_DIR, `run-results-schema-${key}.json`);
}

function cachedSchemaText(): string | undefined {
  const path = cachePath();
  if (path === undefined) return undefined;
  try {
    const text = readFileSync(path, 'utf8');
    JSON.parse(text);
    return text;
  } catch {
    return undefined;
  }
}

function generateSchemaText(): string {
  const text = execFileSync(PYTHON, ['-c', GENERATE], { encoding: 'utf8' });
  JSON.parse(text); // only a schema that parses is kept
  const path = cachePath();
  if (path !== undefined) {
    // Written aside and renamed: test files running side by side never read half a schema.
    mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
  }
  return text;
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
