// What a Manage2 script answers, and how it is written: JSON with `output=json`, otherwise XML
// with one root element named after the script (docs/manage2.md, "XML mapping"):
//   - text and numbers become attributes of their element; null is left out;
//   - a nested map becomes a child element named by its key, by the same rules
//     (`licenses: {L12: {...}}` → <licenses><L12 .../></licenses>; `groups: {G1: "Default"}` → <groups G1="Default"/>);
//   - a list becomes one child element per item, each named by the list's key
//     (`license: [{...}, {...}]` → <license .../><license .../>); a text item is the element's text.
// fast-xml-builder does the writing and the escaping; nothing here concatenates XML.
import XMLBuilder from 'fast-xml-builder';
import type { Manage2Params } from './manage2-params.js';

/** A value in an answer: text, a number, null (left out of XML), a nested map or a list. */
export type Manage2Value = string | number | null | Manage2Map | readonly Manage2Value[];

export interface Manage2Map {
  readonly [name: string]: Manage2Value;
}

/** Every answer: `status` 1 (success) or 0 (failure) and a human `reason`, then the results. */
export interface Manage2Answer extends Manage2Map {
  readonly status: 0 | 1;
  readonly reason: string;
}

export function manage2Failure(reason: string): Manage2Answer {
  return { status: 0, reason };
}

/** XML unless the client asked for `output=json` (name and value in any case). */
export type Manage2Format = 'xml' | 'json';

export function formatOf(params: Manage2Params): Manage2Format {
  return params.output?.trim().toLowerCase() === 'json' ? 'json' : 'xml';
}

export interface RenderedAnswer {
  readonly contentType: string;
  readonly body: string;
}

const ATTR = '@_';
const TEXT = '#text';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
});

/** Characters XML 1.0 cannot carry, and line breaks (which attribute parsing would fold into spaces). */
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u001f\u007f\ufffe\uffff]|[\ud800-\udfff]/g;
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function renderManage2(root: string, answer: Manage2Answer, format: Manage2Format): RenderedAnswer {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(answer) };
  const xml = builder.build({ [xmlName(root)]: element(answer) }) as string;
  return { contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n` };
}

type XmlNode = Record<string, unknown>;

function element(map: Manage2Map): XmlNode {
  const node: XmlNode = {};
  for (const [key, value] of Object.entries(map)) {
    if (value === null || value === undefined) continue;
    const name = xmlName(key);
    if (typeof value === 'string' || typeof value === 'number') node[`${ATTR}${name}`] = xmlText(value);
    else if (Array.isArray(value)) node[name] = (value as readonly Manage2Value[]).filter((v) => v !== null).map(item);
    else node[name] = element(value as Manage2Map);
  }
  return node;
}

function item(value: Manage2Value): unknown {
  if (typeof value === 'string' || typeof value === 'number') return { [TEXT]: xmlText(value) };
  if (Array.isArray(value)) return { item: (value as readonly Manage2Value[]).filter((v) => v !== null).map(item) };
  return element(value as Manage2Map);
}

function xmlText(value: string | number): string {
  return String(value).replace(NOT_IN_XML, ' ');
}

/** Keys are the panel's own field names and prefixed ids; anything else is a programming error. */
function xmlName(key: string): string {
  if (!XML_NAME.test(key)) throw new Error(`Manage2 answer key "${key}" is not an XML name`);
  return key;
}
