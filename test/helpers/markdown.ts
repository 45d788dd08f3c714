// Markdown checks shared by the summary and PR comment tests.

import assert from 'node:assert/strict';

/** Every code fence is closed, and <details> tags outside fences nest and close. */
export function assertBalanced(markdown: string): void {
  let fence: string | null = null;
  let depth = 0;
  for (const line of markdown.split('\n')) {
    if (fence !== null) {
      if (new RegExp(`^${fence}\`*\\s*$`).test(line)) fence = null;
      continue;
    }
    const open = /^(`{3,})/.exec(line);
    if (open) {
      fence = open[1];
      continue;
    }
    for (const tag of line.match(/<\/?details>/g) ?? []) {
      depth += tag === '<details>' ? 1 : -1;
      assert.ok(depth >= 0, `</details> without <details>: ${line}`);
    }
  }
  assert.equal(fence, null, 'a code fence is left open');
  assert.equal(depth, 0, 'a <details> is left open');
}
