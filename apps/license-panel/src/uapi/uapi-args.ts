// Reads UAPI arguments the way cPanel clients send them: query string or form body, one value per
// name, and lists as repeated names (`features=a&features=b`), numbered names (`features-1=a`,
// `features-2=b`, cPanel's convention for multiple values) or a comma-separated value.
import { TOKEN_NAME_PATTERN } from 'nestjs-api-tokens';
import { PanelError } from '../common/panel.error.js';

/** Arguments of one call: the query string and the form body, merged (the body wins). */
export type UapiArgs = Readonly<Record<string, unknown>>;

export function mergeArgs(query: unknown, body: unknown): UapiArgs {
  return { ...asRecord(query), ...asRecord(body) };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A single-valued argument; undefined when absent. Several values or nested keys are refused. */
export function scalarArg(args: UapiArgs, name: string): string | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw PanelError.invalid(name, `The “${name}” argument must be given once, as a single value.`);
}

/** A required argument, with cPanel's texts for a missing or empty one. */
export function requiredArg(args: UapiArgs, name: string): string {
  const value = scalarArg(args, name);
  if (value === undefined) throw PanelError.missing(name);
  if (value === '') throw PanelError.empty(name);
  return value;
}

/** A required API token name (checked here so the error names the UAPI argument, e.g. `new_name`). */
export function tokenNameArg(args: UapiArgs, name: string): string {
  const value = requiredArg(args, name);
  if (!TOKEN_NAME_PATTERN.test(value)) throw PanelError.invalidTokenName(value, name);
  return value;
}

const NUMBERED = /^(.+)-(\d{1,6})$/;

/**
 * Every value given for a list argument, in order: `name`, then `name-1`, `name-2`, …; each value
 * may itself be a comma-separated list when `splitCommas`. Empty items are dropped.
 * Returns undefined when the argument is absent altogether.
 */
export function listArg(args: UapiArgs, name: string, splitCommas: boolean): string[] | undefined {
  const raw: string[] = [];
  let present = false;
  const push = (key: string, value: unknown): void => {
    present = true;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'string') throw PanelError.invalid(key, `The “${key}” argument must be a list of plain values.`);
      raw.push(v);
    }
  };
  if (args[name] !== undefined) push(name, args[name]);
  const numbered = Object.keys(args)
    .map((key) => ({ key, match: NUMBERED.exec(key) }))
    .filter((k) => k.match?.[1] === name)
    .sort((a, b) => Number(a.match?.[2]) - Number(b.match?.[2]));
  for (const { key } of numbered) push(key, args[key]);
  if (!present) return undefined;
  const items = raw.flatMap((v) => (splitCommas ? v.split(',') : [v])).map((v) => v.trim());
  return items.filter((v) => v !== '');
}
