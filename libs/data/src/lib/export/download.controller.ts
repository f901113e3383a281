import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataStores } from '../company/data-stores';
import { DATA_STORES } from '../data.tokens';
import { openBundleForDownload } from './bundle-store';
import { writeZip } from './zip-stream';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The download of an export bundle (R16): a signed, expiring, single-bundle
 * link. Served by the data service on its HTTP port (DATA_HEALTH_PORT);
 * intake's public site proxies /download/* here. The whole bundle is one ZIP
 * streamed from disk; single files are reachable too, for the HTML summary.
 */
@Controller('download')
export class DownloadController {
  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
  ) {}

  @Get(':bundleId')
  async bundle(
    @Param('bundleId') bundleId: string,
    @Query('token') token: unknown,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const opened = await this.open(bundleId, token, res);
    if (!opened) return;
    res.writeHead(200, {
      ...privateHeaders,
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="personal-data-${opened.bundle.createdAt.toISOString().slice(0, 10)}.zip"`,
    });
    try {
      await writeZip(
        res,
        opened.bundle.files.map((name) => ({ name, file: path.join(opened.dir, name) })),
        opened.bundle.createdAt,
      );
      res.end();
    } catch (error) {
      // Headers are sent: cut the connection so the client sees a broken download, not a short valid one.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** One file of the bundle: data.json, summary.html or <collection>.csv. */
  @Get(':bundleId/:file')
  async file(
    @Param('bundleId') bundleId: string,
    @Param('file') file: string,
    @Query('token') token: unknown,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const opened = await this.open(bundleId, token, res);
    if (!opened) return;
    // Only names listed in the bundle's record are served: no path ever comes from the URL.
    const name = opened.bundle.files.find((f) => f === file || f === `csv/${file}`);
    if (!name) return refuse(res, 404, 'There is no such file in this download.');
    res.writeHead(200, {
      ...privateHeaders,
      'Content-Type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      'Content-Disposition': `${name.endsWith('.html') ? 'inline' : 'attachment'}; filename="${path.basename(name)}"`,
    });
    await pipeline(createReadStream(path.join(opened.dir, name)), res).catch((error: unknown) =>
      res.destroy(error instanceof Error ? error : undefined),
    );
  }

  private async open(bundleId: string, token: unknown, res: ServerResponse) {
    // `?token=a&token=b` arrives as an array: refused like any other bad token.
    if (!/^b[A-Za-z0-9]{32}$/.test(bundleId) || typeof token !== 'string' || !token) {
      refuse(res, 403, 'This download link is not valid.');
      return undefined;
    }
    const opened = await openBundleForDownload(this.config, this.stores, bundleId, token);
    if (!opened.ok) {
      refuse(res, opened.status, opened.reason);
      return undefined;
    }
    return opened;
  }
}

const privateHeaders = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
};

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...privateHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}
