import type { Jurisdiction } from '@rightsflow/domain';

/** EU and EEA member states, the UK and Switzerland: GDPR (or its close copies). */
const GDPR_REGIONS = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH'.split(' '),
);
/** Languages spoken mostly inside those regions, for tags without a region (e.g. "de"). */
const GDPR_LANGUAGES = new Set('bg hr cs da nl et fi fr de el hu ga it lv lt mt pl pt ro sk sl es sv is no nb nn'.split(' '));

/**
 * A first guess at where the person lives, from Accept-Language; the form
 * always lets them change it. en-US → CCPA, en-GB → UK GDPR, European regions
 * or languages → GDPR, otherwise OTHER (a US state cannot be told from a language tag).
 */
export function defaultJurisdiction(acceptLanguage: string | undefined): Jurisdiction {
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0].trim())
    .filter((tag) => tag && tag !== '*')
    .slice(0, 8);
  for (const tag of tags) {
    const [language, region] = tag.split('-');
    if (region) {
      const upper = region.toUpperCase();
      if (upper === 'US') return 'CCPA';
      if (upper === 'GB' || upper === 'UK') return 'UK_GDPR';
      if (GDPR_REGIONS.has(upper)) return 'GDPR';
      continue;
    }
    if (GDPR_LANGUAGES.has(language.toLowerCase())) return 'GDPR';
  }
  return 'OTHER';
}
