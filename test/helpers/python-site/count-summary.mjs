// Prints the counts a DBT_TEST_COUNT file holds (test/helpers/python-site/sitecustomize.py):
//   node test/helpers/python-site/count-summary.mjs /tmp/counts.txt
import { readFileSync } from 'node:fs';

const counts = new Map();
for (const line of readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) counts.set(line, (counts.get(line) ?? 0) + 1);
const dbt = [...counts].filter(([k]) => k === 'bridge' || k.startsWith('dbt ')).reduce((n, [, c]) => n + c, 0);
console.log(`dbt starts: ${dbt} (${[...counts].filter(([k]) => k === 'bridge' || k.startsWith('dbt ')).sort().map(([k, c]) => `${k} ${c}`).join(', ')}); other python: ${[...counts].filter(([k]) => k !== 'bridge' && !k.startsWith('dbt ')).map(([k, c]) => `${k} ${c}`).join(', ')}`);
