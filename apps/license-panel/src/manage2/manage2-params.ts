// Manage2 parameters as its clients send them: a query string or a form body whose pairs may be
// separated by `&` or `;` (http/raw-form-input.ts reads them).
// Names are matched case-insensitively; the first value of a repeated name wins, like CGI.pm's
// scalar `param()`.
import { PanelError } from '../common/panel.error.js';
import { formPairs } from '../http/raw-form-input.js';

/** Parameter values by lower-cased name. */
export type Manage2Params = Readonly<Record<string, string>>;

/** Longest parameter text read; longer ones are refused before any work. */
export const MAX_PARAMS_LENGTH = 16_384;

/** Parses `a=1;b=2&c=3` (application/x-www-form-urlencoded, `+` is a space). */
export function parseParamString(raw: string): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [sent, value] of formPairs(raw)) {
    const name = sent.toLowerCase();
    if (!(name in params)) params[name] = value;
  }
  return params;
}

/** Query first, then the body: a name present in both keeps the body's value (the form wins). */
export function mergeParams(query: Record<string, string>, body: Record<string, string>): Manage2Params {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string>, query, body));
}

const TRUE = new Set(['1', 'true', 'yes', 'on', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'off', 'n', '']);

/** A yes/no parameter (`force=1`); absent is no. Anything else is refused, naming the field. */
export function flagParam(params: Manage2Params, name: string): boolean {
  const value = params[name];
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw PanelError.invalid(name, `The “${name}” argument must be 1 or 0.`);
}

/** A parameter's value when given and not blank, else undefined. */
export function optionalParam(params: Manage2Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A required parameter, refused with the field named when missing or empty. */
export function requiredParam(params: Manage2Params, name: string): string {
  const value = params[name];
  if (value === undefined) throw PanelError.missing(name);
  if (value.trim() === '') throw PanelError.empty(name);
  return value;
}

/**
 * A flag that may be given without a value (`&expand`, as Manage2 documents it): present and
 * empty is yes; otherwise as flagParam.
 */
export function presenceFlag(params: Manage2Params, name: string): boolean {
  const value = params[name];
  if (value !== undefined && value.trim() === '') return true;
  return flagParam(params, name);
}

/**
 * One of two parameters that name the same thing (`groupid` or `group`): the one given, with its
 * name; both given is refused, naming the second. Undefined when neither is given.
 */
export function eitherParam(params: Manage2Params, first: string, second: string): { readonly name: string; readonly value: string } | undefined {
  const a = optionalParam(params, first);
  const b = optionalParam(params, second);
  if (a !== undefined && b !== undefined) throw PanelError.invalid(second, `Give either “${first}” or “${second}”, not both.`);
  if (a !== undefined) return { name: first, value: a };
  if (b !== undefined) return { name: second, value: b };
  return undefined;
}

/**
 * Runs a service call whose refusals name its fields (`group`), rewriting them to the parameter
 * the client actually sent (`groupid`), so that the reason names what the client can fix.
 */
export async function namingFields<T>(work: Promise<T>, names: Readonly<Record<string, string>>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PanelError && error.field !== undefined && names[error.field] !== undefined) {
      const name = names[error.field]!;
      throw new PanelError(error.code, error.message.split(`“${error.field}”`).join(`“${name}”`), error.getStatus(), name);
    }
    throw error;
  }
}
