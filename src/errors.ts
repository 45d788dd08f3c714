/** Exit codes shared by the CLI and the action. */
export const EXIT_OK = 0;
export const EXIT_NODE_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * Bad input or environment, detected before any SQL runs. The message names the input, what was wrong,
 * and what to do.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`${input}: ${message}`);
    this.name = 'InputError';
  }
}
