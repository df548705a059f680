/** Minimal argument parsing for the tanfeeth command: a command, then --flag value pairs. */
export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const flags = new Map<string, string | true>();
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const next = rest[index + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next !== undefined && !next.startsWith("--")) {
      flags.set(name, next);
      index++;
    } else flags.set(name, true);
  }
  return { command, flags };
}

export function integerFlag(args: ParsedArgs, name: string, fallback: number): number {
  const value = args.flags.get(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value === true || !Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} needs a whole number`);
  return parsed;
}
