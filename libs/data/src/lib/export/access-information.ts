import type { Jurisdiction } from '@rightsflow/domain';
import {
  CCPA_CATEGORIES,
  CcpaCategory,
  CollectionSpec,
  FieldSpec,
  Inventory,
  NEVER_DISCLOSE_TYPES,
  SOURCES,
} from '../inventory/inventory.types';

/**
 * What an access response must say besides the data (R13), generated from the
 * inventory for the collections where the subject's records were found:
 * GDPR Art. 15(1)(a)–(h), and the CCPA lists of §1798.110/.115/.130(a)(4),
 * each a separate list. Fields never disclosed appear only as "held" (R14).
 */
export interface AccessInformation {
  controller: Inventory['controller'];
  gdpr?: {
    purposes: { purpose: string; description: string }[];
    categoriesOfData: string[];
    recipients: { name: string; kind: string; description: string }[];
    retention: { collection: string; description: string; periods: string[] }[];
    rights: string[];
    complaint: string;
    sourcesOtherThanYou: string[];
    automatedDecisionMaking: string;
  };
  ccpa?: {
    categoriesCollected: string[];
    categoriesOfSources: string[];
    businessOrCommercialPurposes: string[];
    categoriesOfThirdPartiesDisclosedTo: string[];
    sold: { category: string; recipients: string[] }[];
    shared: { category: string; recipients: string[] }[];
    disclosedForBusinessPurpose: { category: string; recipients: string[] }[];
    rights: string[];
    complaint: string;
  };
  /** Types held but never disclosed, by law (R14, Regs §7024(d)). */
  heldNotDisclosed: { where: string; type: string; statement: string }[];
  /** Collections searched, and the subject's record count in each. */
  searched: { collection: string; description: string; records: number }[];
}

const GDPR_RIGHTS = [
  'Access: a copy of your personal data and this information (Art. 15)',
  'Rectification of inaccurate data (Art. 16)',
  'Erasure (Art. 17)',
  'Restriction of processing (Art. 18)',
  'Data portability (Art. 20)',
  'Objection, including to direct marketing, per channel (Art. 21)',
  'Withdrawal of consent at any time, where processing is based on consent (Art. 7(3))',
];

const CCPA_RIGHTS = [
  'Know the categories and specific pieces of personal information we collected (§1798.110)',
  'Delete personal information (§1798.105)',
  'Correct inaccurate personal information (§1798.106)',
  'Opt out of the sale or sharing of personal information (§1798.120)',
  'Limit the use and disclosure of sensitive personal information (§1798.121)',
  'Not be discriminated against for exercising these rights (§1798.125)',
];

export function withheldStatement(field: FieldSpec): string {
  const type = NEVER_DISCLOSE_TYPES[field.neverDisclose ?? 'password'];
  return `Withheld: we hold ${type} for you here; the law does not allow us to disclose it (Cal. Code Regs. tit. 11 §7024(d)).`;
}

export function buildAccessInformation(
  inventory: Inventory,
  jurisdiction: Jurisdiction,
  counts: Map<string, number>,
): AccessInformation {
  const found = inventory.collections.filter((c) => (counts.get(c.id) ?? 0) > 0);
  const fields = found.flatMap((c) => c.fields.map((f) => ({ collection: c, field: f })));
  const recipientsById = new Map(inventory.recipients.map((r) => [r.id, r]));
  const purposeById = new Map(inventory.purposes.map((p) => [p.id, p]));
  const categories = unique(fields.map(({ field }) => field.category));
  const categoryLabel = (c: CcpaCategory) => CCPA_CATEGORIES[c];
  const purposeIds = unique(fields.flatMap(({ field }) => field.purposes));
  const purposes = purposeIds.map((id) => ({ purpose: id, description: purposeById.get(id)?.description ?? id }));
  const recipientIds = unique(fields.flatMap(({ field }) => field.recipients));
  const recipients = recipientIds.map((id) => recipientsById.get(id)).filter((r) => r !== undefined);
  const sources = unique(fields.map(({ field }) => field.source));

  /** Per category, the recipients that received it with the given kind of disclosure. */
  const byDisclosure = (kind: 'sold' | 'shared' | 'business_purpose') =>
    categories
      .map((category) => ({
        category: categoryLabel(category),
        recipients: unique(
          fields
            .filter(({ field }) => field.category === category)
            .flatMap(({ field }) => field.recipients)
            .map((id) => recipientsById.get(id))
            .filter((r) => r?.disclosure === kind)
            .map((r) => r?.name ?? ''),
        ),
      }))
      .filter((entry) => entry.recipients.length > 0);

  const info: AccessInformation = {
    controller: inventory.controller,
    heldNotDisclosed: fields
      .filter(({ field }) => field.neverDisclose)
      .map(({ collection, field }) => ({
        where: collection.id,
        type: NEVER_DISCLOSE_TYPES[field.neverDisclose ?? 'password'],
        statement: withheldStatement(field),
      })),
    searched: inventory.collections.map((c) => ({
      collection: c.id,
      description: c.description,
      records: counts.get(c.id) ?? 0,
    })),
  };
  if (jurisdiction !== 'CCPA') {
    info.gdpr = {
      purposes,
      categoriesOfData: categories.map(categoryLabel),
      recipients: recipients.map((r) => ({
        name: r.name,
        kind: r.kind === 'processor' ? 'processor (acts on our instructions)' : 'third party',
        description: r.description,
      })),
      retention: found.map((c) => ({ collection: c.id, description: c.description, periods: retentionOf(c) })),
      rights: GDPR_RIGHTS,
      complaint: inventory.controller.complaint.gdpr,
      sourcesOtherThanYou: sources.filter((s) => s !== 'subject').map((s) => SOURCES[s]),
      automatedDecisionMaking:
        'We make no decisions based solely on automated processing, including profiling, that produce legal or similarly significant effects on you (Art. 22).',
    };
  }
  if (jurisdiction !== 'GDPR') {
    info.ccpa = {
      categoriesCollected: categories.map(categoryLabel),
      categoriesOfSources: sources.map((s) => SOURCES[s]),
      businessOrCommercialPurposes: purposes.map((p) => p.description),
      categoriesOfThirdPartiesDisclosedTo: unique(recipients.map((r) => `${r.name} — ${r.description}`)),
      sold: byDisclosure('sold'),
      shared: byDisclosure('shared'),
      disclosedForBusinessPurpose: byDisclosure('business_purpose'),
      rights: CCPA_RIGHTS,
      complaint: inventory.controller.complaint.ccpa,
    };
  }
  return info;
}

function retentionOf(collection: CollectionSpec): string[] {
  return unique(collection.fields.map((f) => f.retention));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
