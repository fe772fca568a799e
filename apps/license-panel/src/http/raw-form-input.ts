// The name–value pairs of a query string or form body as CGI-era clients send them (Manage2's,
// WHM's): pairs separated by `&` or `;` (the platforms' parsers split on `&` only, so the raw
// text is read here), `+` is a space, a pair without `=` has an empty value, and a stray `%` is
// kept as it is, the way CGI.pm reads it. Empty names are skipped; each face decides case and
// repeats. Read from the raw query string and the raw form body (create-app.ts keeps raw bodies on
// Express and Fastify), so that both platforms read the same pairs.

/** What a face's request guard reads, on either platform (Express and Fastify requests both have these). */
export interface RawFormRequest {
  method: string;
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  rawBody?: Buffer;
}

/** The raw query string, and the form body as sent (undefined when it is not a raw urlencoded form). */
export function rawFormText(req: RawFormRequest): { query: string; body: string | undefined } {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  const type = req.headers['content-type'];
  const form = typeof type === 'string' && /^application\/x-www-form-urlencoded\b/i.test(type);
  return { query: q < 0 ? '' : url.slice(q + 1), body: form && Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : undefined };
}

/** Makes `req.query` the face's parsed input, so that the token library sees an `apikey` sent in a `;`-separated query. */
export function replaceQuery(req: object, input: object): void {
  // Express 5 defines `query` as a getter on the prototype: shadow it on this request.
  Object.defineProperty(req, 'query', { value: input, writable: true, configurable: true, enumerable: true });
}

/** The decoded pairs of `a=1;b=2&c=3`, in order. */
export function formPairs(raw: string): Array<readonly [name: string, value: string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const pair of raw.split(/[&;]/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (name !== '') pairs.push([name, eq < 0 ? '' : decode(pair.slice(eq + 1))]);
  }
  return pairs;
}

function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
