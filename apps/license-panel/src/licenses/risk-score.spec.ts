import { riskLevel, riskScore } from './risk-score.js';

const none = { fraudOrChargeback: 0, complianceExpiries: 0, recentTransfers: 0, recentAdds: 0 };

describe('riskScore', () => {
  it('is 0 for an IP with one recent add and no history', () => {
    expect(riskScore({ ...none, recentAdds: 1 })).toBe(0);
    expect(riskLevel(0)).toBe('low');
  });

  it('weighs each factor as documented', () => {
    expect(riskScore({ ...none, fraudOrChargeback: 1 })).toBe(40);
    expect(riskScore({ ...none, complianceExpiries: 2 })).toBe(20);
    expect(riskScore({ ...none, recentTransfers: 3 })).toBe(30);
    expect(riskScore({ ...none, recentAdds: 4 })).toBe(15);
    expect(riskScore({ fraudOrChargeback: 1, complianceExpiries: 1, recentTransfers: 1, recentAdds: 2 })).toBe(65);
  });

  it('is capped at 100', () => {
    expect(riskScore({ ...none, fraudOrChargeback: 5 })).toBe(100);
  });

  it('maps scores to levels at 25 and 60', () => {
    expect([24, 25, 59, 60, 100].map(riskLevel)).toEqual(['low', 'medium', 'medium', 'high', 'high']);
  });
});
