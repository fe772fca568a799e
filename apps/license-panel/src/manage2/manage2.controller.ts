// Manage2-compatible scripts at the server root (wire-formats §2, docs/manage2.md): every script
// cPanel documents. Existing Manage2 clients work unchanged: GET or POST, `&` or `;`, XML unless
// output=json or output=yaml, HTTP Basic
// (user + password-like key or API token) after the "cPanel Licensing System" challenge, or
// `apikey=<key>`. The only face that reads Basic; like every authenticated route it refuses
// requests a browser sent from another site. Each handler is one line: the work is in the
// script services.
import { Controller, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AcceptBasicAuth,
  AuthChallenge,
  CurrentPrincipal,
  RefuseCrossSite,
  TokenAuthenticator,
  type AuthenticatableRequest,
  type Principal,
} from 'nestjs-api-tokens';
import type { Manage2Answer } from './manage2-answer.js';
import { Manage2AuthkeyScripts } from './manage2-authkey-scripts.js';
import { Manage2GroupScripts } from './manage2-group-scripts.js';
import { Manage2LicenseScripts } from './manage2-license-scripts.js';
import { Manage2ModificationScripts } from './manage2-modification-scripts.js';
import type { Manage2Params } from './manage2-params.js';
import { Manage2Input } from './manage2-request.js';
import { Manage2ExceptionFilter, Manage2ResponseInterceptor } from './manage2-response.js';
import { Manage2Route, MANAGE2_SCRIPTS as S } from './manage2-scripts.js';

/** The challenge a well-known Manage2 client waits for before it sends Basic credentials. */
export const MANAGE2_CHALLENGE = 'Basic realm="cPanel Licensing System"';

// Documented in docs/manage2.md rather than OpenAPI: these routes answer XML and take any method's form.
@ApiExcludeController()
@AuthChallenge(MANAGE2_CHALLENGE)
// Existing Manage2 clients answer the challenge with Basic: this face reads it, no other does.
@AcceptBasicAuth()
@UseFilters(Manage2ExceptionFilter)
@UseInterceptors(Manage2ResponseInterceptor)
@Controller()
export class Manage2Controller {
  constructor(
    private readonly licenses: Manage2LicenseScripts,
    private readonly groups: Manage2GroupScripts,
    private readonly modifications: Manage2ModificationScripts,
    private readonly authkeys: Manage2AuthkeyScripts,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  @Manage2Route(S.licenseAdd)
  licenseAdd(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.add(me.user, p);
  }

  @Manage2Route(S.licenseExpire)
  licenseExpire(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.expire(me.user, p);
  }

  @Manage2Route(S.licenseInfo)
  licenseInfo(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.info(me.user, p);
  }

  @Manage2Route(S.lookup)
  lookup(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.lookup(me.user, p);
  }

  @Manage2Route(S.rawLookup)
  rawLookup(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.rawLookup(me.user, p);
  }

  @Manage2Route(S.transfer)
  transfer(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.transfer(me.user, p);
  }

  @Manage2Route(S.reactivate)
  licenseReActivate(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.reactivate(me.user, p);
  }

  @Manage2Route(S.oneTimeExt)
  oneTimeExt(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.oneTimeExtension(me.user, p);
  }

  @Manage2Route(S.secVerify)
  secVerify(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.licenses.securityVerification(me.user, p);
  }

  @Manage2Route(S.groupInfo)
  groupInfo(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.groups.groupInfo(me.user, p);
  }

  @Manage2Route(S.packageInfo)
  packageInfo(@Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.groups.packageInfo(p);
  }

  @Manage2Route(S.groupAdd)
  groupAdd(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.groups.groupAdd(me.user, p);
  }

  @Manage2Route(S.groupEdit)
  groupEdit(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.groups.groupEdit(me.user, p);
  }

  @Manage2Route(S.groupUpdate)
  groupUpdate(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.modifications.groupUpdate(me.user, p);
  }

  @Manage2Route(S.packageUpdate)
  packageUpdate(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.modifications.packageUpdate(me.user, p);
  }

  @Manage2Route(S.updateMetadata)
  updateActiveLicenseMetadata(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.modifications.updateMetadata(me.user, p);
  }

  @Manage2Route(S.transferRequest)
  transferRequest(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.modifications.transferRequest(me.user, p);
  }

  @Manage2Route(S.addPickupPass)
  addPickupPass(@CurrentPrincipal() me: Principal, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.authkeys.addPickupPass(me, p);
  }

  /**
   * Public: the passphrase is the credential. The key is bound to the address the request came
   * from — so a page on another site must not make a visitor's browser register from there.
   */
  @Manage2Route(S.registerAuth)
  @RefuseCrossSite()
  registerAuth(@Req() req: AuthenticatableRequest, @Manage2Input() p: Manage2Params): Promise<Manage2Answer> {
    return this.authkeys.registerAuth(this.authenticator.clientAddress(req), p);
  }
}
