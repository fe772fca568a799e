import { XMLParser } from 'fast-xml-parser';
import { renderManage2 } from './manage2-answer.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => name === 'license' });

describe('Manage2 renderer', () => {
  it('writes JSON as it is', () => {
    const out = renderManage2('XMLlookup', { status: 1, reason: 'OK', licenseid: '12' }, 'json');
    expect(out.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(out.body)).toEqual({ status: 1, reason: 'OK', licenseid: '12' });
  });

  it('writes one root element named after the script, results in attributes', () => {
    const out = renderManage2('XMLlookup', { status: 1, reason: 'OK', licenseid: '12', gone: null }, 'xml');
    expect(out.contentType).toMatch(/^text\/xml/);
    expect(out.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<XMLlookup status="1" reason="OK" licenseid="12"/>\n');
  });

  it('nests maps as child elements and lists as repeated elements', () => {
    const out = renderManage2(
      'XMLlicenseInfo',
      {
        status: 1,
        reason: 'OK',
        licenses: { L1: { licenseid: '1', ip: '192.0.2.1' }, L2: { licenseid: '2', ip: '192.0.2.2' } },
        groups: { G1: 'Default', G2: 'Resellers' },
        license: [{ licenseid: '1' }, { licenseid: '2' }],
      },
      'xml',
    );
    const doc = parser.parse(out.body).XMLlicenseInfo;
    expect(doc.status).toBe('1');
    expect(doc.licenses.L2).toEqual({ licenseid: '2', ip: '192.0.2.2' });
    expect(doc.groups).toEqual({ G1: 'Default', G2: 'Resellers' });
    expect(doc.license).toEqual([{ licenseid: '1' }, { licenseid: '2' }]);
  });

  it('escapes every value and drops characters XML cannot carry', () => {
    const nasty = `<a href="x">&'"</a>\u0001\nend`;
    const out = renderManage2('XMLlicenseExpire', { status: 0, reason: nasty }, 'xml');
    expect(out.body).not.toContain('<a ');
    expect(parser.parse(out.body).XMLlicenseExpire.reason).toBe(`<a href="x">&'"</a>  end`);
  });

  it('refuses a key that is not an XML name (a bug, never user input)', () => {
    expect(() => renderManage2('XMLlookup', { status: 1, reason: 'OK', 'bad key': 'x' }, 'xml')).toThrow('not an XML name');
  });
});
