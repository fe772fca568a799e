// What a Manage2 script answers, and how it is written in the three formats every script
// documents: XML by default, JSON with `output=json`, YAML with `output=yaml`
// (docs/manage2.md, "Formats"). XML, as Manage2 writes it (and as XML::Simple, which the Perl
// client prefers, reads it back):
//   - text and numbers become attributes of their element; null is an empty attribute;
//   - a nested map becomes a child element named by its key, by the same rules
//     (`groups: {G1: "Default"}` → <groups G1="Default"/>);
//   - a list becomes one child element per item, each named by the list's key
//     (`license: [{...}, {...}]` → <license .../><license .../>); a text item is the element's text;
//   - NamedElements: a map written as one element per entry, named by the field, its key in a
//     `name` attribute (`licenses` → <licenses name="L12" .../>), an object in JSON and YAML;
//   - TextElements: values written as one text element each (<licenseid>12</licenseid>), the
//     value itself in JSON and YAML when there is one, a list when there are several.
// fast-xml-builder and yaml do the writing and the escaping; nothing here concatenates markup.
import XMLBuilder from 'fast-xml-builder';
import { Document } from 'yaml';
import type { Manage2Params } from './manage2-params.js';

/** A value in an answer: text, a number, null, a nested map, a list, or one of the two element forms. */
export type Manage2Value = string | number | null | Manage2Map | readonly Manage2Value[] | NamedElements | TextElements;

export interface Manage2Map {
  readonly [name: string]: Manage2Value;
}

/** A map of maps written in XML as one element per entry, its key in a `name` attribute. */
export class NamedElements {
  constructor(readonly entries: Readonly<Record<string, Manage2Map>>) {}
}

/** Text values written in XML as one element each; in JSON and YAML one value, or a list of several. */
export class TextElements {
  constructor(readonly values: readonly string[]) {}
}

/** Every answer: `status` 1 (success) or 0 (failure) and a human `reason`, then the results. */
export interface Manage2Answer extends Manage2Map {
  readonly status: 0 | 1;
  readonly reason: string;
}

export function manage2Failure(reason: string): Manage2Answer {
  return { status: 0, reason };
}

export const MANAGE2_FORMATS = ['xml', 'json', 'yaml'] as const;

/** XML unless the client asked for `output=json` or `output=yaml` (name and value in any case). */
export type Manage2Format = (typeof MANAGE2_FORMATS)[number];

export function formatOf(params: Manage2Params): Manage2Format {
  const asked = params.output?.trim().toLowerCase();
  return asked === 'json' || asked === 'yaml' ? asked : 'xml';
}

export interface RenderedAnswer {
  readonly contentType: string;
  readonly body: string;
}

export function renderManage2(root: string, answer: Manage2Answer, format: Manage2Format): RenderedAnswer {
  switch (format) {
    case 'json':
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(plain(answer)) };
    case 'yaml':
      return { contentType: 'application/yaml; charset=utf-8', body: yamlOf(plain(answer)) };
    case 'xml': {
      const xml = builder.build({ [xmlName(root)]: element(answer) }) as string;
      return { contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n` };
    }
  }
}

// ---- JSON and YAML: the answer as plain data ----

type Plain = string | number | null | Plain[] | { [name: string]: Plain };

function plain(value: Manage2Value): Plain {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (value instanceof TextElements) return value.values.length === 1 ? value.values[0]! : [...value.values];
  if (value instanceof NamedElements) return plainMap(value.entries);
  if (Array.isArray(value)) return (value as readonly Manage2Value[]).map(plain);
  return plainMap(value as Manage2Map);
}

function plainMap(map: Readonly<Record<string, Manage2Value>>): { [name: string]: Plain } {
  const out: { [name: string]: Plain } = {};
  for (const [key, value] of Object.entries(map)) if (value !== undefined) out[key] = plain(value);
  return out;
}

/**
 * A YAML 1.1 document, as Manage2 writes it (`---`, `~` for null, quoted text where a YAML 1.1
 * reader — Perl's YAML::Syck, YAML.pm — would otherwise see a number or a boolean).
 */
function yamlOf(data: Plain): string {
  return new Document(data, { version: '1.1' }).toString({ directives: true, nullStr: '~', singleQuote: true, lineWidth: 0 });
}

// ---- XML ----

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

type XmlNode = Record<string, unknown>;

function element(map: Readonly<Record<string, Manage2Value>>): XmlNode {
  const node: XmlNode = {};
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const name = xmlName(key);
    if (value === null) node[`${ATTR}${name}`] = '';
    else if (typeof value === 'string' || typeof value === 'number') node[`${ATTR}${name}`] = xmlText(value);
    else if (value instanceof TextElements) node[name] = value.values.map((v) => ({ [TEXT]: xmlText(v) }));
    else if (value instanceof NamedElements) {
      node[name] = Object.entries(value.entries).map(([entryName, entry]) => element({ name: entryName, ...entry }));
    } else if (Array.isArray(value)) node[name] = (value as readonly Manage2Value[]).filter((v) => v !== null).map(item);
    else node[name] = element(value as Manage2Map);
  }
  return node;
}

function item(value: Manage2Value): unknown {
  if (typeof value === 'string' || typeof value === 'number') return { [TEXT]: xmlText(value) };
  if (Array.isArray(value)) return { item: (value as readonly Manage2Value[]).filter((v) => v !== null).map(item) };
  if (value instanceof TextElements || value instanceof NamedElements) return element({ item: value });
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
