// Whether the console gets colour, decided once per stream. picocolors does the styling: zero
// dependencies, and createColors(enabled) keeps the decision ours (it is made for the stream we write to,
// not for process.stdout).

import picocolors from 'picocolors';

export type Palette = ReturnType<typeof picocolors.createColors>;

/**
 * Colour on a terminal only. FORCE_COLOR (any value but 0/false) forces it on and wins over NO_COLOR, as in
 * Node itself; NO_COLOR (any non-empty value) turns it off; a stream that is not a TTY (a pipe, a file, a CI
 * log) and TERM=dumb get plain text.
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function palette(enabled: boolean): Palette {
  return picocolors.createColors(enabled);
}
