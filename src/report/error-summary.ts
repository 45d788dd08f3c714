// The job summary of a step that stopped on bad input or environment before any SQL ran: there is no run
// report to show, so the summary says what is wrong and what to do (the same text as the failure message).

import { fencedBlock } from './summary.js';

export function renderBadInputSummary(message: string): string {
  return [
    '## dbt-orchestrator: nothing ran',
    '',
    'The step stopped before dbt ran any SQL: an input or the environment is not usable. Nothing was built, reused or saved.',
    '',
    fencedBlock(message, 'text'),
    '',
  ].join('\n');
}
