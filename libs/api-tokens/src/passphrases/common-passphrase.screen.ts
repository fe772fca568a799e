// The default passphrase screen, offline: zxcvbn-ts (the maintained TypeScript port of Dropbox's
// zxcvbn) with its common-password dictionary — about 30,000 passwords ranked by how often they
// appear in public breach corpora — and the context words as user inputs; and a rule of its own:
// what is left once the context words are taken out must still be a passphrase of full length.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { passphraseLength } from './passphrase-policy.js';
import type { PassphraseScreen, PassphraseScreenContext } from './passphrase-screen.interface.js';

/** zxcvbn's score 3: "safely unguessable" (about 10^8 guesses), the least it accepts. */
const MIN_SCORE = 3;
/** Context words shorter than this are too common inside ordinary words to refuse on. */
const MIN_CONTEXT_WORD = 3;

export class CommonPassphraseScreen implements PassphraseScreen {
  private factory: ZxcvbnFactory | undefined;

  /** @param minLength what must be left once the context words are taken out (the `passphrases.minLength` option). */
  constructor(private readonly minLength: number) {}

  screen(passphrase: string, context: PassphraseScreenContext): string | null {
    const words = context.contextWords.filter((word) => word.length >= MIN_CONTEXT_WORD);
    const lower = passphrase.toLowerCase();
    if (words.some((word) => lower.includes(word)) && passphraseLength(withoutWords(lower, words)) < this.minLength) {
      return `The pickup passphrase is built on words of this application or account (such as your user name): without them it is shorter than ${this.minLength} characters. Add words of your own.`;
    }
    // The dictionary is built on first use (tens of milliseconds), not when the module loads.
    this.factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
    const { score } = this.factory.check(passphrase, [...words]);
    if (score < MIN_SCORE) {
      return 'The pickup passphrase is too easy to guess: it is, or is close to, a commonly used or breached password. Use a few unrelated words.';
    }
    return null;
  }
}

/** The passphrase with every occurrence of each word (and the separators around it) taken out. */
function withoutWords(text: string, words: readonly string[]): string {
  let rest = text;
  for (const word of [...words].sort((a, b) => b.length - a.length)) rest = rest.split(word).join(' ');
  return rest.replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
}
