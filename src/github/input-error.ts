/** A bad action input: the message names the input, says what is wrong and what to do. */
export class ActionInputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}': ${message}`);
    this.name = 'ActionInputError';
  }
}
