import type { IncomingHttpHeaders } from 'node:http';

/**
 * R28 Global Privacy Control: a browser that sends `Sec-GPC: 1` asks not to
 * have its user's personal information sold or shared (CCPA Regs §7025;
 * Colorado CPA Rules Part 5 and the other state laws with universal opt-outs,
 * docs/laws.md). The header's only valid value is "1" (GPC specification §3).
 */
export function sendsGpc(headers: IncomingHttpHeaders): boolean {
  const value = headers['sec-gpc'];
  return (Array.isArray(value) ? value[0] : value)?.trim() === '1';
}

/** GPC is an opt-out of sale and sharing: it applies to that request type only. */
export const GPC_REQUEST_TYPE = 'opt_out_sale' as const;
