// Key authentication the Manage2 way: a logged-in account adds a pickup passphrase
// (XMLaddPickupPass.cgi); later, from the server that will call the scripts and without
// credentials, XMLregisterAuth.cgi trades it for a 20-character key bound to the caller's IP.
import { Injectable } from '@nestjs/common';
import { API_TOKENS_PRIVILEGE, PickupPassphrasesService, type PrivilegeId, type Principal } from 'nestjs-api-tokens';
import type { Manage2Answer } from './manage2-answer.js';
import { optionalParam, requiredParam, type Manage2Params } from './manage2-params.js';

@Injectable()
export class Manage2AuthkeyScripts {
  constructor(private readonly passphrases: PickupPassphrasesService) {}

  /**
   * XMLaddPickupPass.cgi: pickup. The passphrase (and every key registered with it) gets the
   * caller's Manage2 privileges, or — an extension — only those in `privileges=list,search`.
   */
  async addPickupPass(me: Principal, p: Manage2Params): Promise<Manage2Answer> {
    const passphrase = requiredParam(p, 'pickup');
    const wanted = optionalParam(p, 'privileges');
    const privileges =
      wanted === undefined
        ? me.privileges.filter((id) => id !== API_TOKENS_PRIVILEGE)
        : wanted
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    // Raw text: the library refuses an id that is not a privilege (400 naming the field).
    const created = await this.passphrases.create(me, { passphrase, privileges: privileges as PrivilegeId[] });
    // The passphrase is a secret: never echoed.
    return { status: 1, reason: 'Successfully added pickup phrase.', privileges: created.privileges.join(',') };
  }

  /** XMLregisterAuth.cgi: user, pickup, service; the key is bound to the caller's address `ip`. */
  async registerAuth(ip: string, p: Manage2Params): Promise<Manage2Answer> {
    const user = requiredParam(p, 'user');
    const passphrase = requiredParam(p, 'pickup');
    const service = requiredParam(p, 'service');
    const registered = await this.passphrases.register({ user, passphrase, service, ip });
    return {
      status: 1,
      reason: `Successfully registered ${registered.service} on ${registered.ip}`,
      key: registered.key,
      ip: registered.ip,
    };
  }
}
