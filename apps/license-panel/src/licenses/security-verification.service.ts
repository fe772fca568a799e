// Security verification of an IP (or of the IP of one of your licenses): whether it is licensed
// on any account, your active licenses there, and the risk figure of risk-score.ts computed from
// the IP's history on every account (that is what verification is for).
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { LicenseEventEntity } from './license-event.entity.js';
import { parseLicenseId } from './license-ids.js';
import { isGiven, parseIp } from './license-input.js';
import { DAY_MS } from './license-rules.js';
import { LicenseEntity, ownLicense } from './license.entity.js';
import type { RiskFactors, SecurityVerification, VerifyInput } from './license.types.js';
import { COMPLIANCE_CODES, FRAUD_CODES, RISK_ADD_WINDOW_DAYS, RISK_TRANSFER_WINDOW_DAYS, riskLevel, riskScore } from './risk-score.js';

@Injectable()
export class SecurityVerificationService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(owner: string, input: VerifyInput, now: Date = new Date()): Promise<SecurityVerification> {
    const byIp = isGiven(input.ip);
    const byId = isGiven(input.licenseId);
    if (byIp && byId) throw PanelError.invalid('licenseId', 'Give either “ip” or “licenseId”, not both.');
    if (!byIp && !byId) throw PanelError.missing('ip');
    let ip: string;
    let licenseId: number | null = null;
    if (byId) {
      licenseId = parseLicenseId(input.licenseId);
      ip = (await ownLicense(this.dataSource.manager, owner, licenseId, 'licenseId')).ip;
    } else {
      ip = parseIp(input.ip, 'ip', false);
    }
    const licenses = this.dataSource.getRepository(LicenseEntity);
    const events = this.dataSource.getRepository(LicenseEventEntity);
    const at = now.getTime();
    const [active, fraudOrChargeback, complianceExpiries, recentTransfers, recentAdds] = await Promise.all([
      licenses.find({ where: { ip, status: 'active' }, select: { id: true, owner: true }, order: { id: 'ASC' } }),
      events.count({ where: { ip, kind: 'expire', code: In([...FRAUD_CODES]) } }),
      events.count({ where: { ip, kind: 'expire', code: In([...COMPLIANCE_CODES]) } }),
      events
        .createQueryBuilder('e')
        .where("e.kind = 'transfer' AND (e.ip = :ip OR e.from_ip = :ip) AND e.at >= :since", { ip, since: at - RISK_TRANSFER_WINDOW_DAYS * DAY_MS })
        .getCount(),
      events
        .createQueryBuilder('e')
        .where("e.kind = 'add' AND e.ip = :ip AND e.at >= :since", { ip, since: at - RISK_ADD_WINDOW_DAYS * DAY_MS })
        .getCount(),
    ]);
    const factors: RiskFactors = { fraudOrChargeback, complianceExpiries, recentTransfers, recentAdds };
    const risk = riskScore(factors);
    return {
      reason: 'Risk Data Fetched',
      ip,
      licenseId,
      licensed: active.length > 0,
      activeLicenseIds: active.filter((l) => l.owner === owner).map((l) => l.id),
      risk,
      riskLevel: riskLevel(risk),
      factors,
    };
  }
}
