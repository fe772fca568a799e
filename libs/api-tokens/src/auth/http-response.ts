// Response headers on both Nest platforms. Express's Response and Fastify's reply both have
// `header(name, value)` (Fastify's has no `setHeader`); a bare Node.js response, as middleware
// gets on Fastify, has only `setHeader`.

/** What the library needs of a response: Express `Response`, Fastify `FastifyReply` or Node's `ServerResponse`. */
export interface HttpResponseLike {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
  /** Express and Node. */
  headersSent?: boolean;
  /** Fastify: the reply was sent (or hijacked). */
  sent?: boolean;
  /** Fastify: the Node.js response underneath. */
  raw?: { headersSent?: boolean };
}

/** Sets a response header unless the headers are gone already; ignores anything that is not a response. */
export function setResponseHeader(res: HttpResponseLike | undefined, name: string, value: string): void {
  if (res === undefined || res === null || headersSent(res)) return;
  if (typeof res.header === 'function') res.header(name, value);
  else if (typeof res.setHeader === 'function') res.setHeader(name, value);
}

function headersSent(res: HttpResponseLike): boolean {
  return res.headersSent === true || res.sent === true || res.raw?.headersSent === true;
}
