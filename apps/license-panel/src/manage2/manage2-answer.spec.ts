import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { formatOf, NamedElements, renderManage2, TextElements } from './manage2-answer.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['license', 'licenses', 'licenseid'].includes(name),
});

describe('Manage2 renderer', () => {
  it('reads the format from output=, in any case, XML otherwise', () => {
    expect(formatOf({ output: 'JSON' })).toBe('json');
    expect(formatOf({ output: ' yaml ' })).toBe('yaml');
    expect(formatOf({ output: 'html' })).toBe('xml');
    expect(formatOf({})).toBe('xml');
  });

  it('writes JSON as it is', () => {
    const out = renderManage2('XMLlookup', { status: 1, reason: 'OK', licenseid: '12' }, 'json');
    expect(out.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(out.body)).toEqual({ status: 1, reason: 'OK', licenseid: '12' });
  });

  it('writes one root element named after the script, results in attributes, null as an empty attribute', () => {
    const out = renderManage2('XMLlookup', { status: 1, reason: 'OK', licenseid: '12', gone: null }, 'xml');
    expect(out.contentType).toMatch(/^text\/xml/);
    expect(out.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<XMLlookup status="1" reason="OK" licenseid="12" gone=""/>\n');
  });

  it('nests maps as child elements and lists as repeated elements', () => {
    const out = renderManage2(
      'XMLgroupInfo',
      { status: 1, reason: 'OK', groups: { G1: 'Default', G2: 'Resellers' }, license: [{ licenseid: '1' }, { licenseid: '2' }] },
      'xml',
    );
    const doc = parser.parse(out.body).XMLgroupInfo;
    expect(doc.status).toBe('1');
    expect(doc.groups).toEqual({ G1: 'Default', G2: 'Resellers' });
    expect(doc.license).toEqual([{ licenseid: '1' }, { licenseid: '2' }]);
  });

  it('writes named elements as one element per entry with its key in `name`, and an object in JSON and YAML', () => {
    const answer = { status: 1 as const, reason: 'OK', licenses: new NamedElements({ L1: { licenseid: '1', ip: '192.0.2.1' }, L2: { licenseid: '2', ip: '192.0.2.2' } }) };
    const xml = renderManage2('XMLlicenseInfo', answer, 'xml');
    expect(xml.body).toContain('<licenses name="L1" licenseid="1" ip="192.0.2.1"/><licenses name="L2" licenseid="2" ip="192.0.2.2"/>');
    expect(parser.parse(xml.body).XMLlicenseInfo.licenses).toEqual([
      { name: 'L1', licenseid: '1', ip: '192.0.2.1' },
      { name: 'L2', licenseid: '2', ip: '192.0.2.2' },
    ]);
    const expected = { status: 1, reason: 'OK', licenses: { L1: { licenseid: '1', ip: '192.0.2.1' }, L2: { licenseid: '2', ip: '192.0.2.2' } } };
    expect(JSON.parse(renderManage2('XMLlicenseInfo', answer, 'json').body)).toEqual(expected);
    expect(parseYaml(renderManage2('XMLlicenseInfo', answer, 'yaml').body)).toEqual(expected);
  });

  it('writes text elements as one element each; one value, or a list, in JSON and YAML', () => {
    const one = { status: 1 as const, reason: 'OK', licenseid: new TextElements(['12']) };
    const two = { status: 1 as const, reason: 'OK', licenseid: new TextElements(['12', '13']) };
    expect(renderManage2('XMLlookup', two, 'xml').body).toContain('<XMLlookup status="1" reason="OK"><licenseid>12</licenseid><licenseid>13</licenseid></XMLlookup>');
    expect(parser.parse(renderManage2('XMLlookup', one, 'xml').body).XMLlookup.licenseid).toEqual(['12']);
    expect(JSON.parse(renderManage2('XMLlookup', one, 'json').body).licenseid).toBe('12');
    expect(JSON.parse(renderManage2('XMLlookup', two, 'json').body).licenseid).toEqual(['12', '13']);
    expect(parseYaml(renderManage2('XMLlookup', two, 'yaml').body).licenseid).toEqual(['12', '13']);
  });

  it('writes YAML 1.1 as Manage2 does: a document start, ~ for null, and text that stays text for a YAML 1.1 reader', () => {
    const out = renderManage2('XMLlicenseInfo', { status: 1, reason: 'OK', version: 0.7, adddate: '1591995380', flag: 'yes', off: 'off', gone: null }, 'yaml');
    expect(out.contentType).toMatch(/^application\/yaml/);
    expect(out.body.startsWith('---\n')).toBe(true);
    expect(out.body).toContain('gone: ~');
    expect(out.body).toContain("adddate: '1591995380'");
    // Read as YAML 1.1 (booleans yes/no/on/off): the texts are still texts.
    expect(parseYaml(out.body, { version: '1.1' })).toEqual({ status: 1, reason: 'OK', version: 0.7, adddate: '1591995380', flag: 'yes', off: 'off', gone: null });
  });

  it('escapes every value and drops characters XML cannot carry', () => {
    const nasty = `<a href="x">&'"</a>\u0001\nend`;
    const out = renderManage2('XMLlicenseExpire', { status: 0, reason: nasty }, 'xml');
    expect(out.body).not.toContain('<a ');
    expect(parser.parse(out.body).XMLlicenseExpire.reason).toBe(`<a href="x">&'"</a>  end`);
    const yaml = renderManage2('XMLlicenseExpire', { status: 0, reason: `${nasty}\n--- !!js/function x` }, 'yaml');
    expect(parseYaml(yaml.body).reason).toBe(`${nasty}\n--- !!js/function x`);
  });

  it('refuses a key that is not an XML name (a bug, never user input)', () => {
    expect(() => renderManage2('XMLlookup', { status: 1, reason: 'OK', 'bad key': 'x' }, 'xml')).toThrow('not an XML name');
  });
});
