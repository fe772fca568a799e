// The headers the library suites present credentials and client addresses with, as `[name, value]`
// pairs for supertest's `.set(...pair)`, and the addresses and forged secret they use.
export const XFF = 'X-Forwarded-For';
/** A home range, an address in it, and one outside it. */
export const HOME = '198.51.100.0/24';
export const AT_HOME = '198.51.100.7';
export const ELSEWHERE = '203.0.113.9';
/** A token of the right shape whose checksum is wrong. */
export const WRONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The request came from `ip`, through the trusted proxy on 127.0.0.1. */
export const from = (ip: string): [string, string] => [XFF, ip];
export const cpanel = (user: string, token: string): [string, string] => ['Authorization', `cpanel ${user}:${token}`];
export const basic = (user: string, key: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`];
/** `cpanel` for alice, the suites' usual owner. */
export const aliceCpanel = (token: string): [string, string] => cpanel('alice', token);
