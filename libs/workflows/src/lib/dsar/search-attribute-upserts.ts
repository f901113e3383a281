import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

// The pair types, read off @temporalio/workflow's own signatures: workflow code imports nothing else.
type SearchAttributePair = ReturnType<ReturnType<typeof workflowInfo>['typedSearchAttributes']['getAll']>[number];
type SearchAttributeUpdatePair = Extract<Parameters<typeof upsertSearchAttributes>[0], unknown[]>[number];

/**
 * patched() id: from issue 16 on, a request upserts only the search attributes
 * whose value changed (none for a note, one command per status change) and no
 * memo; each upsert and memo change was an event in the history and a
 * visibility write on the Temporal server, for every step of every request.
 */
export const CHANGED_SEARCH_ATTRIBUTES_ONLY = 'changed-search-attributes-only';

/** Remembers what the visibility store holds, starting from the attributes the workflow was started with. */
export class SearchAttributeUpserts {
  private readonly held = new Map<string, string>();

  constructor() {
    for (const pair of workflowInfo().typedSearchAttributes.getAll()) this.remember(pair);
  }

  /** Upserts the pairs whose value differs from what was last written; nothing when none does. */
  upsertChanged(pairs: SearchAttributePair[]): void {
    const changed = pairs.filter((pair) => this.held.get(pair.key.name) !== valueKey(pair.value));
    if (changed.length === 0) return;
    upsertSearchAttributes(changed as SearchAttributeUpdatePair[]);
    changed.forEach((pair) => this.remember(pair));
  }

  private remember(pair: SearchAttributePair): void {
    this.held.set(pair.key.name, valueKey(pair.value));
  }
}

function valueKey(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}
