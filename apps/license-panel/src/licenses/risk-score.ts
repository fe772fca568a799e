// The security-verification risk figure: a pure function of what the panel knows about an IP,
// so it can be documented and tested without a database.
//
//   risk = min(100, 40 × fraudOrChargeback
//                 + 10 × complianceExpiries
//                 + 10 × recentTransfers          (to or from the IP, last 90 days)
//                 +  5 × max(0, recentAdds − 1))  (licenses added on the IP, last 30 days)
//   level: low < 25 ≤ medium < 60 ≤ high
//
// Fraud and chargebacks weigh most; compliance expiries (shutoff, noverify, nocomplete) less;
// a server that keeps moving or is licensed over and over in a short time is a softer signal.
// Expiries with code normal or other (including licenses replaced with `force`) do not count.
import type { RiskFactors, RiskLevel } from './license.types.js';

export const RISK_WEIGHTS = { fraudOrChargeback: 40, complianceExpiries: 10, recentTransfers: 10, recentAddsBeyondFirst: 5 } as const;
export const RISK_TRANSFER_WINDOW_DAYS = 90;
export const RISK_ADD_WINDOW_DAYS = 30;
export const FRAUD_CODES = ['fraud', 'chargeback'] as const;
export const COMPLIANCE_CODES = ['shutoff', 'noverify', 'nocomplete'] as const;

export function riskScore(f: RiskFactors): number {
  const raw =
    RISK_WEIGHTS.fraudOrChargeback * f.fraudOrChargeback +
    RISK_WEIGHTS.complianceExpiries * f.complianceExpiries +
    RISK_WEIGHTS.recentTransfers * f.recentTransfers +
    RISK_WEIGHTS.recentAddsBeyondFirst * Math.max(0, f.recentAdds - 1);
  return Math.min(100, raw);
}

export function riskLevel(score: number): RiskLevel {
  if (score >= 60) return 'high';
  return score >= 25 ? 'medium' : 'low';
}
