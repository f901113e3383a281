import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes operators filter on in the Temporal UI, e.g.
 *   DsarOverdue = true AND DsarJurisdiction = "CCPA"
 * They hold no personal data: only status, type, jurisdiction and dates.
 * The dev server registers them at start (tools/scripts/lib/stack.mjs) and
 * docker-compose's admin-tools job does in production.
 */
export const DsarStatus = defineSearchAttributeKey('DsarStatus', SearchAttributeType.KEYWORD);
export const DsarType = defineSearchAttributeKey('DsarType', SearchAttributeType.KEYWORD);
export const DsarJurisdiction = defineSearchAttributeKey('DsarJurisdiction', SearchAttributeType.KEYWORD);
export const DsarDueAt = defineSearchAttributeKey('DsarDueAt', SearchAttributeType.DATETIME);
export const DsarOverdue = defineSearchAttributeKey('DsarOverdue', SearchAttributeType.BOOL);

export const dsarSearchAttributes = [DsarStatus, DsarType, DsarJurisdiction, DsarDueAt, DsarOverdue];
