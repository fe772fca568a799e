import { PanelError } from '../common/panel.error.js';
import { eitherParam, flagParam, mergeParams, namingFields, parseParamString, presenceFlag, requiredParam } from './manage2-params.js';

describe('Manage2 parameters', () => {
  it('splits on & and ; and decodes form encoding', () => {
    expect({ ...parseParamString('ip=1.2.3.4;packageid=P6&output=json;reason=a+b%3Bc') }).toEqual({
      ip: '1.2.3.4',
      packageid: 'P6',
      output: 'json',
      reason: 'a b;c',
    });
  });

  it('matches names case-insensitively and keeps the first of a repeated name', () => {
    expect({ ...parseParamString('OUTPUT=JSON&Output=xml&flag') }).toEqual({ output: 'JSON', flag: '' });
  });

  it('keeps a stray % and ignores empty pairs and names', () => {
    expect({ ...parseParamString(';;a=100%;=x&&b=%zz') }).toEqual({ a: '100%', b: '%zz' });
  });

  it('is not fooled by prototype names', () => {
    const p = parseParamString('__proto__=x&constructor=y');
    expect(p['__proto__']).toBe('x');
    expect(p.constructor).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('lets the form body win over the query string', () => {
    expect({ ...mergeParams({ a: '1', b: '1' }, { b: '2' }) }).toEqual({ a: '1', b: '2' });
  });

  it('reads flags and refuses anything but yes or no, naming the field', () => {
    const p = parseParamString('force=1&dryrun=0&all=yes&bad=maybe');
    expect(flagParam(p, 'force')).toBe(true);
    expect(flagParam(p, 'dryrun')).toBe(false);
    expect(flagParam(p, 'all')).toBe(true);
    expect(flagParam(p, 'absent')).toBe(false);
    expect(() => flagParam(p, 'bad')).toThrow('The “bad” argument must be 1 or 0.');
  });

  it('names a missing or empty required field', () => {
    const p = parseParamString('ip=');
    expect(() => requiredParam(p, 'ip')).toThrow('The “ip” argument cannot be empty.');
    expect(() => requiredParam(p, 'liscid')).toThrow('Provide the “liscid” argument.');
  });

  it('reads a flag given without a value as yes (`&expand`)', () => {
    const p = parseParamString('expand&other=0&odd=maybe');
    expect(presenceFlag(p, 'expand')).toBe(true);
    expect(presenceFlag(p, 'other')).toBe(false);
    expect(presenceFlag(p, 'absent')).toBe(false);
    expect(() => presenceFlag(p, 'odd')).toThrow('The “odd” argument must be 1 or 0.');
  });

  it('takes one of two names for the same thing, never both', () => {
    expect(eitherParam(parseParamString('groupid=G2'), 'groupid', 'group')).toEqual({ name: 'groupid', value: 'G2' });
    expect(eitherParam(parseParamString('group=Web'), 'groupid', 'group')).toEqual({ name: 'group', value: 'Web' });
    expect(eitherParam(parseParamString('group='), 'groupid', 'group')).toBeUndefined();
    expect(() => eitherParam(parseParamString('groupid=1&group=Web'), 'groupid', 'group')).toThrow('Give either “groupid” or “group”, not both.');
  });

  it('renames the field of a refusal to the parameter the client sent', async () => {
    const refused = namingFields(Promise.reject(PanelError.missing('group')), { group: 'groupid' });
    await expect(refused).rejects.toMatchObject({ field: 'groupid', message: 'Provide the “groupid” argument.' });
    const other = namingFields(Promise.reject(PanelError.missing('ip')), { group: 'groupid' });
    await expect(other).rejects.toMatchObject({ field: 'ip' });
    await expect(namingFields(Promise.resolve(1), {})).resolves.toBe(1);
  });
});
