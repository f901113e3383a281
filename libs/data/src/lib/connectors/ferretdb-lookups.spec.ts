import { CollectionSpec } from '../inventory/inventory.types';
import { indexName, leadingFields, pushdownExpression } from '@rightsflow/platform';
import { both, linkFilters } from './mongo-store-connector';

// The query shapes FerretDB v1.24 can push down to PostgreSQL (a top-level
// equality), and the expression index that serves them. The real servers'
// side (the index exists and PostgreSQL picks it for FerretDB's statement) is
// in discovery.spec.ts and the data benchmark.

const spec = { id: 'engagement.profiles', link: { field: 'email' } } as unknown as CollectionSpec;

describe('FerretDB pushdown', () => {
  it('looks a subject up by one equality per distinct value on FerretDB, by $in chunks on MongoDB', () => {
    expect(linkFilters(spec, ['a@x.test', 'b@x.test', 'a@x.test'], 'equality')).toEqual([
      { email: 'a@x.test' },
      { email: 'b@x.test' },
    ]);
    expect(linkFilters(spec, ['a@x.test', 'b@x.test'], 'in')).toEqual([{ email: { $in: ['a@x.test', 'b@x.test'] } }]);
    expect(
      linkFilters(
        spec,
        Array.from({ length: 2_500 }, (_, i) => i),
        'in',
      ),
    ).toHaveLength(3);
    expect(linkFilters(spec, [], 'equality')).toEqual([]);
  });

  it('drops a value with a NUL character on FerretDB: PostgreSQL jsonb can hold none, so nothing stored can match it', () => {
    expect(linkFilters(spec, ['a\u0000b', 'a@x.test'], 'equality')).toEqual([{ email: 'a@x.test' }]);
    expect(linkFilters(spec, ['a\u0000b'], 'in')).toEqual([{ email: { $in: ['a\u0000b'] } }]);
  });

  it('merges conditions so the link equality stays top-level, and keeps $and only where keys collide', () => {
    expect(both({ email: 'a' }, { $or: [{ x: { $ne: 1 } }] })).toEqual({ email: 'a', $or: [{ x: { $ne: 1 } }] });
    expect(both({ email: 'a' }, {})).toEqual({ email: 'a' });
    expect(both({ _id: 'a' } as never, { _id: { $gte: 'a' } } as never)).toEqual({
      $and: [{ _id: 'a' }, { _id: { $gte: 'a' } }],
    });
  });

  it('indexes the very expression FerretDB compares, with names as escaped literals', () => {
    expect(pushdownExpression('email')).toBe("_jsonb -> 'email'");
    expect(pushdownExpression('contact.email')).toBe("_jsonb #> '{contact,email}'");
    expect(pushdownExpression("o'brien")).toBe("_jsonb -> 'o''brien'");
  });

  it('takes the leading field of each declared index of our own schemas, _id aside', () => {
    const model = {
      collection: { collectionName: 'request_log' },
      schema: {
        indexes: () =>
          [[{ requestId: 1, seq: 1 }, { unique: true }], [{ at: 1 }], [{ requestId: 1 }], [{ _id: 1, at: 1 }]] as [
            Record<string, unknown>,
            unknown?,
          ][],
      },
    };
    expect(leadingFields(model)).toEqual(['requestId', 'at']);
  });

  it('names one index per table and field, within PostgreSQL’s 63 bytes', () => {
    const long = indexName('engagement_events_with_a_very_long_collection_name_12345678', 'userId');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(indexName('profiles_86daf527', 'email')).toBe(indexName('profiles_86daf527', 'email'));
    expect(indexName('profiles_86daf527', 'email')).not.toBe(indexName('profiles_86daf527', 'userId'));
  });
});
