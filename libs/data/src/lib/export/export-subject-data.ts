import { RightsflowConfig } from '@rightsflow/config';
import type { ExportResult } from '@rightsflow/contracts';
import type { Jurisdiction, RequestType } from '@rightsflow/domain';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataStores } from '../company/data-stores';
import { LinkWalk, subjectRecords } from '../discovery/discovery';
import { CollectionSpec, Inventory, isDirectLink } from '../inventory/inventory.types';
import { Progress, ProgressContext } from '../progress';
import { AccessInformation, buildAccessInformation } from './access-information';
import { BundleDocument, bundleDir, BUNDLES, bundleIdFor, downloadUrl } from './bundle-store';
import { closeStream, CsvColumns, openStream, write } from './formats';
import { ExportMode, presentRecord } from './record-view';
import { SpillingParts } from './spilling-parts';
import { HtmlTable, summaryHead, summaryTail } from './summary-html';

export const BUNDLE_FORMAT = 'rightsflow-export/1';
const DAY_MS = 86_400_000;
/**
 * Bytes of JSON and HTML parts one export may hold in memory before it spills
 * them all to part files: a typical export (a few KB) then opens no part file,
 * and 200 exports at once hold at most 50 MiB; a larger one streams through
 * files as before, its memory flat.
 */
export const PARTS_IN_MEMORY_BYTES = 256 * 1024;

export interface ExportRequest {
  requestId: string;
  email: string;
  type: Extract<RequestType, 'access' | 'access_categories' | 'portability'>;
  jurisdiction: Jurisdiction;
  linkDays: number;
  /** Same on every retry of one request's export, so a retry finishes the same bundle. */
  idempotencyKey: string;
}

/**
 * Builds a subject's export bundle (R13–R16): records streamed collection by
 * collection from cursors into a CSV file each and into JSON and HTML-row
 * parts, held in memory up to `partsInMemoryBytes` for the whole export and
 * beyond that spilled to part files, so memory stays flat whatever the subject
 * holds; then data.json and summary.html are assembled from the parts.
 * Discovery rides along: each parent collection's records give its children's
 * link values as they are written, so every collection is queried once. After
 * each collection it heartbeats `{ doneCollections }`; a retry skips those
 * collections whose parts are on disk (a part held in memory died with the
 * attempt: that collection is done again), reading only the link keys of a
 * skipped parent whose children remain. Tests pass `partsInMemoryBytes` 0 to
 * spill every part, as a large export does.
 */
export async function exportSubjectData(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  request: ExportRequest,
  progress: ProgressContext,
  partsInMemoryBytes = PARTS_IN_MEMORY_BYTES,
): Promise<ExportResult> {
  const bundleId = bundleIdFor(config, request.idempotencyKey);
  const bundles = stores.own.collection<BundleDocument>(BUNDLES);
  const finished = await bundles.findOne({ _id: bundleId });
  if (finished) return resultOf(config, finished);

  const dir = bundleDir(config, bundleId);
  // A bundle directory made just now (recursive mkdir returns the first directory it made) holds nothing an
  // earlier attempt left: no CSV or part file to look for.
  const fresh = (await fs.mkdir(path.join(dir, 'csv'), { recursive: true, mode: 0o700 })) !== undefined;
  const parts = new SpillingParts(path.join(dir, 'parts'), partsInMemoryBytes);
  // Parts an earlier attempt spilled: this one writes to disk too, so each part it does again replaces its stale file.
  if (!fresh && (await exists(path.join(dir, 'parts')))) await parts.spill();
  const tracker = new Progress(progress);
  const skipped = new Set<string>();
  for (const spec of inventory.collections) {
    // A retry skips collections whose part is finished (the heartbeat says so and the files are there).
    if (tracker.isDone(spec.id) && (await partExists(dir, spec, request.type))) skipped.add(spec.id);
  }
  const keysNeeded = parentsToRead(inventory, skipped);
  const walk = new LinkWalk(inventory, request.email);
  const counts = new Map<string, number>();
  for (const spec of inventory.collections) {
    if (skipped.has(spec.id)) {
      if (keysNeeded.has(spec.id)) await walk.readKeys(stores, spec, () => tracker.tick());
      counts.set(spec.id, tracker.results[spec.id]?.['records'] ?? 0);
      continue;
    }
    walk.valuesFor(spec);
    const count = await writeCollectionPart(stores, spec, walk, { dir, fresh, parts }, request.type, tracker);
    counts.set(spec.id, count);
    tracker.done(spec.id, { records: count });
  }

  const info = buildAccessInformation(inventory, request.jurisdiction, counts);
  const generatedAt = new Date().toISOString();
  await assembleJson(dir, parts, inventory, { bundleId, request, generatedAt, info, counts });
  await assembleHtml(dir, parts, inventory, { brand: config.mail.brandName, request, generatedAt, info });
  const csvFiles = (await fs.readdir(path.join(dir, 'csv'))).map((f) => `csv/${f}`).sort();
  await parts.discard();

  const bundle: BundleDocument = {
    _id: bundleId,
    requestId: request.requestId,
    requestType: request.type,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + request.linkDays * DAY_MS),
    recordCount: [...counts.values()].reduce((a, b) => a + b, 0),
    files: ['data.json', 'summary.html', ...csvFiles],
  };
  await bundles.insertOne(bundle);
  return resultOf(config, bundle);
}

function resultOf(config: RightsflowConfig, bundle: BundleDocument): ExportResult {
  return {
    bundleId: bundle._id,
    downloadUrl: downloadUrl(config, bundle._id, bundle.expiresAt),
    expiresAt: bundle.expiresAt.toISOString(),
    recordCount: bundle.recordCount,
  };
}

/** Skipped collections whose link keys a collection still to write depends on (directly or through others). */
function parentsToRead(inventory: Inventory, skipped: Set<string>): Set<string> {
  const needed = new Set<string>();
  // Children come after their parents in the inventory's order: walk it backwards.
  for (const spec of [...inventory.collections].reverse()) {
    const parent = isDirectLink(spec.link) ? undefined : spec.link.via;
    if (parent && (!skipped.has(spec.id) || needed.has(spec.id))) needed.add(parent);
  }
  return new Set([...needed].filter((id) => skipped.has(id)));
}

async function exists(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined)) !== undefined;
}

/** Both the JSON and the HTML part, as SpillingParts writes a finished part: whole or not at all. */
async function partExists(dir: string, spec: CollectionSpec, type: ExportRequest['type']): Promise<boolean> {
  if (type === 'access_categories') return true;
  return (
    (await exists(path.join(dir, 'parts', `${spec.id}.json`))) &&
    (await exists(path.join(dir, 'parts', `${spec.id}.html`)))
  );
}

/** One collection's records into parts <id>.json and <id>.html and into csv/<id>.csv; returns the count. */
async function writeCollectionPart(
  stores: DataStores,
  spec: CollectionSpec,
  walk: LinkWalk,
  { dir, fresh, parts }: { dir: string; fresh: boolean; parts: SpillingParts },
  type: ExportRequest['type'],
  tracker: Progress,
): Promise<number> {
  if (type === 'access_categories') {
    // Categories only (CCPA "know categories"): count what is held, disclose no specific pieces.
    let count = 0;
    for await (const doc of subjectRecords(stores, spec, walk.links, walk.keysOf(spec))) {
      walk.observe(spec, doc);
      count++;
      tracker.tick();
    }
    return count;
  }
  const mode: ExportMode = type === 'portability' ? 'portability' : 'access';
  const json = `${spec.id}.json`;
  const html = `${spec.id}.html`;
  parts.open(json);
  parts.open(html);
  const csvName = `csv/${spec.id}.csv`;
  // A crashed attempt may have left a partial CSV; it is written afresh, or not at all if no record remains.
  if (!fresh) await fs.rm(path.join(dir, csvName), { force: true });
  let csv: ReturnType<typeof openStream> | undefined;
  const columns = new CsvColumns();
  const table = new HtmlTable(spec.id, spec.description);
  const declared = spec.fields.map((f) => f.name);
  let count = 0;
  try {
    await parts.write(json, '[');
    for await (const doc of subjectRecords(stores, spec, walk.links)) {
      walk.observe(spec, doc);
      const record = presentRecord(doc, spec, mode);
      if (count === 0) {
        csv = openStream(path.join(dir, csvName));
        await write(csv, columns.header(record, declared));
      }
      await parts.write(json, `${count === 0 ? '' : ','}\n${JSON.stringify(record)}`);
      await write(csv as ReturnType<typeof openStream>, columns.row(record));
      const row = table.row(record);
      if (row) await parts.write(html, row);
      count++;
      tracker.tick();
    }
    await parts.write(json, '\n]');
    await parts.write(html, table.end(csvName));
  } finally {
    await parts.close(json);
    await parts.close(html);
    if (csv) await closeStream(csv);
  }
  return count;
}

async function assembleJson(
  dir: string,
  parts: SpillingParts,
  inventory: Inventory,
  meta: {
    bundleId: string;
    request: ExportRequest;
    generatedAt: string;
    info: AccessInformation;
    counts: Map<string, number>;
  },
): Promise<void> {
  const head = {
    format: BUNDLE_FORMAT,
    bundleId: meta.bundleId,
    requestType: meta.request.type,
    jurisdiction: meta.request.jurisdiction,
    generatedAt: meta.generatedAt,
    information: meta.info,
    counts: Object.fromEntries(meta.counts),
  };
  const out = openStream(path.join(dir, 'data.json'));
  try {
    await write(out, `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "records": {`);
    let first = true;
    for (const spec of inventory.collections) {
      if (meta.request.type === 'access_categories' || (meta.counts.get(spec.id) ?? 0) === 0) continue;
      await write(out, `${first ? '' : ','}\n${JSON.stringify(spec.id)}: `);
      await parts.copyTo(`${spec.id}.json`, out);
      first = false;
    }
    await write(out, '\n}\n}\n');
  } finally {
    await closeStream(out);
  }
}

async function assembleHtml(
  dir: string,
  parts: SpillingParts,
  inventory: Inventory,
  meta: { brand: string; request: ExportRequest; generatedAt: string; info: AccessInformation },
): Promise<void> {
  const out = openStream(path.join(dir, 'summary.html'));
  try {
    await write(
      out,
      summaryHead({ brand: meta.brand, requestType: meta.request.type, generatedAt: meta.generatedAt }, meta.info),
    );
    if (meta.request.type === 'access_categories') {
      await write(
        out,
        '<p>You asked for the categories of your personal information only, so this answer lists categories, not the records themselves.</p>',
      );
    } else {
      for (const spec of inventory.collections) await parts.copyTo(`${spec.id}.html`, out);
    }
    await write(out, summaryTail());
  } finally {
    await closeStream(out);
  }
}

/** Checks a bundle's data.json (the machine-readable format, R15); returns problems, empty when valid. */
export function checkBundleDocument(doc: unknown): string[] {
  const problems: string[] = [];
  const o = doc as Record<string, unknown>;
  if (!o || typeof o !== 'object') return ['not an object'];
  if (o['format'] !== BUNDLE_FORMAT) problems.push(`format must be ${BUNDLE_FORMAT}`);
  for (const key of ['bundleId', 'requestType', 'jurisdiction', 'generatedAt'])
    if (typeof o[key] !== 'string') problems.push(`${key} must be a string`);
  if (Number.isNaN(Date.parse(String(o['generatedAt'])))) problems.push('generatedAt must be an ISO date');
  const info = o['information'] as Record<string, unknown> | undefined;
  if (!info || typeof info !== 'object') problems.push('information is required');
  else {
    if (!Array.isArray(info['searched'])) problems.push('information.searched must be a list');
    if (!Array.isArray(info['heldNotDisclosed'])) problems.push('information.heldNotDisclosed must be a list');
    if (o['jurisdiction'] !== 'CCPA' && typeof info['gdpr'] !== 'object')
      problems.push('information.gdpr is required outside CCPA');
    if (o['jurisdiction'] !== 'GDPR' && typeof info['ccpa'] !== 'object')
      problems.push('information.ccpa is required outside GDPR');
  }
  const counts = o['counts'] as Record<string, unknown> | undefined;
  const records = o['records'] as Record<string, unknown> | undefined;
  if (!counts || typeof counts !== 'object') problems.push('counts must be an object');
  if (!records || typeof records !== 'object') problems.push('records must be an object');
  if (counts && records && o['requestType'] !== 'access_categories') {
    for (const [collection, list] of Object.entries(records)) {
      if (!Array.isArray(list)) problems.push(`records.${collection} must be a list`);
      else {
        if (list.length !== counts[collection])
          problems.push(`records.${collection} has ${list.length} records, counts says ${String(counts[collection])}`);
        if (list.some((r) => !r || typeof r !== 'object' || Array.isArray(r)))
          problems.push(`records.${collection} must hold objects`);
      }
    }
  }
  return problems;
}
