import type { Manage2Params } from './manage2-params.js';

/** XML unless the client asked for `output=json` (name and value in any case). */
export type Manage2Format = 'xml' | 'json';

export function formatOf(params: Manage2Params): Manage2Format {
  return params.output?.trim().toLowerCase() === 'json' ? 'json' : 'xml';
}
