import { CHANNELS } from '@rightsflow/domain';
import schema from './inventory.schema.json';
import { parseInventory } from './load-inventory';
import {
  CCPA_CATEGORIES,
  DISCLOSURES,
  ERASURE_ACTIONS,
  NEVER_DISCLOSE_TYPES,
  NOTIFY_KINDS,
  RECIPIENT_KINDS,
  SOURCES,
  STORE_ENGINES,
} from './inventory.types';
import { InventoryError } from './validate-inventory';

const { definitions } = schema;

describe('inventory JSON Schema', () => {
  it('lists the same values as the constants the code uses', () => {
    const field = definitions.field.properties;
    expect(field.erasure.enum).toEqual([...ERASURE_ACTIONS]);
    expect(field.category.enum).toEqual(Object.keys(CCPA_CATEGORIES));
    expect(field.source.enum).toEqual(Object.keys(SOURCES));
    expect(field.neverDisclose.enum).toEqual(Object.keys(NEVER_DISCLOSE_TYPES));
    // R17: every action but legal_hold forbids an exception.
    expect(definitions.field.allOf[1].if.properties.erasure).toEqual({
      enum: ERASURE_ACTIONS.filter((action) => action !== 'legal_hold'),
    });
    expect(definitions.recipient.properties.kind.enum).toEqual([...RECIPIENT_KINDS]);
    expect(definitions.recipient.properties.disclosure.enum).toEqual([...DISCLOSURES]);
    expect(definitions.recipient.properties.notifyOn.items.enum).toEqual([...NOTIFY_KINDS]);
    expect(definitions.store.properties.engine.enum).toEqual([...STORE_ENGINES]);
    expect(definitions.controls.properties.unsubscribe.propertyNames.enum).toEqual([...CHANNELS]);
  });
});

describe('inventory problems name their line', () => {
  const lines = [
    'version: 1',
    'controller:',
    '  name: Example',
    '  privacyContact: privacy@example.com',
    '  postalAddress: 1 Market Street',
    '  complaint: { gdpr: GDPR Art. 77, ccpa: CPPA }',
    'restrictionField: restricted',
    'purposes:',
    '  - { id: service, description: The service }',
    'exceptions: []',
    'recipients: []',
    'stores:',
    '  - name: shop',
    '    description: The shop',
    '    engine: mongodb',
    '    urlEnv: SHOP_DATABASE_URL',
    '    collections:',
    '      - name: customers',
    '        description: Customers',
    '        link: { field: email }',
    '        fields:',
    '          email:',
    '            category: identifiers',
    '            source: subject',
    '            purposes: [service]',
    '            recipients: []',
    '            retention: account lifetime',
    '            erasure: delete_record',
  ];
  const problemsOf = (text: string): string[] => {
    try {
      parseInventory(text);
    } catch (error) {
      if (error instanceof InventoryError) return error.problems;
      throw error;
    }
    return [];
  };

  it('accepts the small inventory as written', () => {
    expect(parseInventory(lines.join('\n')).collections.map((c) => c.id)).toEqual(['shop.customers']);
  });

  it('gives the line of a wrong value', () => {
    const text = lines.join('\n').replace('erasure: delete_record', 'erasure: wipe');
    expect(problemsOf(text)).toEqual([
      'stores[0].collections[0].fields.email.erasure: unknown action "wipe" (one of delete_record, null, hash, mask_ipv4, legal_hold) (line 28)',
    ]);
  });

  it('gives the line of the mapping a required property is missing from', () => {
    const text = lines.filter((line) => !line.includes('source: subject')).join('\n');
    expect(problemsOf(text)).toEqual(['stores[0].collections[0].fields.email.source: required (line 22)']);
  });

  it('R17 R18 reports the schema conditionals once each, at their lines', () => {
    const replace = (from: string, ...to: string[]) =>
      lines.flatMap((line) => (line === from ? to : [line])).join('\n');
    expect(problemsOf(replace('    engine: mongodb', '    engine: postgres'))).toEqual([
      'stores[0].tables: required (line 13)',
      'stores[0].collections: a postgres store lists tables, not collections (line 17)',
    ]);
    expect(
      problemsOf(
        replace('            erasure: delete_record', '            erasure: hash', '            exception: x'),
      ),
    ).toEqual(['stores[0].collections[0].fields.email.exception: only allowed with erasure: legal_hold (line 29)']);
    const crm =
      '  - { id: crm, name: CRM, kind: processor, description: CRM, disclosure: sold, endpoint: "https://crm.example/dsr", notNotifiedReason: none }';
    expect(problemsOf(replace('recipients: []', 'recipients:', crm))).toEqual([
      'recipients[0]: an `endpoint` needs `notifyOn`: a list of erasure, rectification, restriction (line 12)',
      'recipients[0].notNotifiedReason: has both `endpoint` and `notNotifiedReason`; keep one (line 12)',
    ]);
  });

  it('refuses text that is not YAML, and a file of runaway aliases, as not valid YAML', () => {
    expect(problemsOf('version: [1')).toEqual([expect.stringMatching(/^inventory is not valid YAML: /)]);
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      laughs.push(`${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    expect(problemsOf(laughs.join('\n'))).toEqual([expect.stringMatching(/^inventory is not valid YAML: .*alias/i)]);
  });
});
