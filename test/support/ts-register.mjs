// `node --import ./test/support/ts-register.mjs app.ts`: registers ts-hooks.mjs.
import { register } from 'node:module';

register(new URL('./ts-hooks.mjs', import.meta.url));
