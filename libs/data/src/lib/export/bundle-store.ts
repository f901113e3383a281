import { RightsflowConfig } from '@rightsflow/config';
import { keyedHash, signClaims, verifyClaims } from '@rightsflow/platform';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataStores } from '../company/data-stores';

/**
 * Export bundles live as files under BUNDLE_DIR/<bundleId>/ (a volume shared by
 * the data replicas) and as one document in <prefix>_data.bundles. Not GridFS:
 * on FerretDB v1.24 reading a file's chunks is `find({ files_id })` on
 * fs.chunks, which it answers by reading every chunk of every bundle.
 */
export interface BundleDocument {
  _id: string;
  requestId: string;
  requestType: string;
  createdAt: Date;
  /** When the link stops working and the files are deleted (R16, R23). */
  expiresAt: Date;
  recordCount: number;
  files: string[];
}

export const BUNDLES = 'bundles';

/** Stable across retries of one activity (same idempotency key), unguessable without the key. */
export function bundleIdFor(config: RightsflowConfig, idempotencyKey: string): string {
  return `b${keyedHash(config.secrets.hmacKey, 'bundle', idempotencyKey)
    .slice(0, 32)
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
}

export function bundleDir(config: RightsflowConfig, bundleId: string): string {
  if (!/^b[A-Za-z0-9]{32}$/.test(bundleId)) throw new Error('not a bundle id');
  return path.resolve(config.data.bundleDir, bundleId);
}

export function downloadUrl(config: RightsflowConfig, bundleId: string, expiresAt: Date): string {
  const token = signClaims(config.secrets.linkSigningKey, {
    purpose: 'download',
    ref: bundleId,
    expiresAt: expiresAt.getTime(),
  });
  return `${config.http.publicBaseUrl}/download/${bundleId}?token=${encodeURIComponent(token)}`;
}

/**
 * Expiry is served by the `expiresAt` index: deleteExpiredBundles reads
 * `{ expiresAt: { $lte: now } }` (no TTL index: FerretDB has none, and the files
 * on disk must go with the document anyway).
 */
export async function ensureBundleIndexes(stores: DataStores): Promise<void> {
  await stores.own.collection<BundleDocument>(BUNDLES).createIndex({ expiresAt: 1 }, { name: 'expiry' });
}

export type OpenBundle =
  | { ok: true; bundle: BundleDocument; dir: string }
  | { ok: false; status: 403 | 404 | 410; reason: string };

/**
 * Checks a download token (signed, unexpired, for this very bundle: R16) and
 * returns the bundle. Every refusal looks the same to the caller except
 * "expired", so a link reveals nothing about other bundles.
 */
export async function openBundleForDownload(
  config: RightsflowConfig,
  stores: DataStores,
  bundleId: string,
  token: string,
  now = Date.now(),
): Promise<OpenBundle> {
  const verified = verifyClaims(config.secrets.linkSigningKey, token, 'download', now);
  if (!verified.ok)
    return verified.reason === 'expired'
      ? { ok: false, status: 410, reason: 'This download link has expired.' }
      : { ok: false, status: 403, reason: 'This download link is not valid.' };
  if (verified.claims.ref !== bundleId) return { ok: false, status: 403, reason: 'This download link is not valid.' };
  const bundle = await stores.own.collection<BundleDocument>(BUNDLES).findOne({ _id: bundleId });
  if (!bundle || bundle.expiresAt.getTime() <= now)
    return { ok: false, status: 410, reason: 'This download link has expired.' };
  return { ok: true, bundle, dir: bundleDir(config, bundleId) };
}

/** R23: bundles whose link has expired are deleted, files first, then their record. */
export async function deleteExpiredBundles(
  config: RightsflowConfig,
  stores: DataStores,
  now: Date,
): Promise<{ deleted: number }> {
  const bundles = stores.own.collection<BundleDocument>(BUNDLES);
  let deleted = 0;
  for await (const bundle of bundles.find({ expiresAt: { $lte: now } }, { projection: { _id: 1 } })) {
    await fs.rm(bundleDir(config, bundle._id), { recursive: true, force: true });
    await bundles.deleteOne({ _id: bundle._id });
    deleted++;
  }
  return { deleted };
}

/** R23 dry run: how many bundles deleteExpiredBundles would delete at `now`. */
export async function countExpiredBundles(stores: DataStores, now: Date): Promise<number> {
  return stores.own.collection<BundleDocument>(BUNDLES).countDocuments({ expiresAt: { $lte: now } });
}
