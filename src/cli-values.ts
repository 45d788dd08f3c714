// Commander's parsed option values, read with their types checked instead of cast: the CLI's door.
// Commander stores each option as a string, a string list (variadic or collected) or a boolean (flags);
// any other shape is a bug in the option definitions, reported as such.

export class OptionValues {
  constructor(private readonly values: Record<string, unknown>) {}

  /** A `<value>` option: its text, or undefined when not given and without a default. */
  text(key: string): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new Error(`option ${key}: expected text from commander, got ${typeof value}`);
    return value;
  }

  /** A `<value>` option with a default: always text. */
  required(key: string): string {
    const value = this.text(key);
    if (value === undefined) throw new Error(`option ${key}: has no default`);
    return value;
  }

  /** A `<values...>` option: its list, or undefined when not given. */
  list(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`option ${key}: expected a list of text from commander`);
    return value as string[];
  }

  /** A flag (`--x`, `--no-x`): true or false. */
  flag(key: string): boolean {
    const value = this.values[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') throw new Error(`option ${key}: expected a flag from commander, got ${typeof value}`);
    return value;
  }

  /** One of fixed choices (commander's `.choices()` already refused anything else). */
  choice<T extends string>(key: string, choices: readonly T[]): T {
    const value = this.required(key);
    if (!(choices as readonly string[]).includes(value)) throw new Error(`option ${key}: ${value} is not one of ${choices.join(', ')}`);
    return value as T;
  }
}
