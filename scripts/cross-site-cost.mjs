// What the cross-site check costs per request, for the cases that matter: the common ones (no
// browser headers; Sec-Fetch-Site: same-origin), the Origin fallback of browsers without Fetch
// Metadata, and a refusal. Not a test: it prints figures. Needs the built library:
//
//   npm run build:lib && node scripts/cross-site-cost.mjs
//
// The check runs before every authentication; the figures are to be read against the 250-400 µs
// of CPU a request costs Nest + Express (README, Performance).
import { CrossSitePolicy } from 'nestjs-api-tokens';

const ITERATIONS = Number(process.env.ITERATIONS ?? 5_000_000);
// Only what the policy reads of the resolved options.
const policy = new CrossSitePolicy({ crossSite: { allowedOrigins: new Set(['https://admin.example']) }, trustedProxies: [] });
const host = 'panel.example:3000';
const cases = {
  'no browser headers (curl, server-side clients)': { host, authorization: 'cpanel alice:TOKEN' },
  'Sec-Fetch-Site: same-origin': { host, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
  'no Fetch Metadata, Origin = own origin': { host, origin: `http://${host}` },
  'Sec-Fetch-Site: cross-site, listed Origin': { host, 'sec-fetch-site': 'cross-site', origin: 'https://admin.example' },
  'Sec-Fetch-Site: cross-site (refused)': { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
};

process.stdout.write(`node ${process.version}, ${ITERATIONS.toLocaleString('en-US')} checks per case\n`);
for (const [name, headers] of Object.entries(cases)) {
  const req = { headers, socket: { remoteAddress: '127.0.0.1' } };
  for (let i = 0; i < 200_000; i++) policy.refusal(req); // warm-up
  let refused = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) if (policy.refusal(req) !== null) refused++;
  const ns = Number(process.hrtime.bigint() - started) / ITERATIONS;
  process.stdout.write(`${name.padEnd(48)} ${ns.toFixed(1).padStart(8)} ns  ${refused ? 'refused' : 'served'}\n`);
}
