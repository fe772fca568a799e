// What the Manage2 middleware learned about a request, kept on the request for the handler, the
// response interceptor and the exception filter.
import type { Manage2Format } from './manage2-format.js';
import type { Manage2Params } from './manage2-params.js';
import type { Manage2Script } from './manage2-scripts.js';

export interface Manage2Request {
  readonly script: Manage2Script | undefined;
  readonly params: Manage2Params;
  readonly format: Manage2Format;
}

const KEY = Symbol('manage2.request');

type Carrier = { [KEY]?: Manage2Request };

export function attachManage2Request(req: object, value: Manage2Request): void {
  (req as Carrier)[KEY] = value;
}

export function manage2RequestOf(req: object): Manage2Request | undefined {
  return (req as Carrier)[KEY];
}
