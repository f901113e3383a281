import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG, seal, unseal } from '@rightsflow/platform';
import { Connection, mongo } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { CONTENT_TYPES, PermissionKind } from './permission-file';

export interface StoredPermission {
  /** `permissions/<GridFS id>`: the reference the workflow and identity service carry (R11). */
  ref: string;
  fileId: mongo.ObjectId;
}

/**
 * Signed permissions in the intake database's `permissions` GridFS bucket,
 * sealed with the service's AES-256-GCM key (they name and identify the
 * subject). File names are random: the uploader's name never reaches storage.
 */
@Injectable()
export class PermissionStore {
  private readonly bucket: mongo.GridFSBucket;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {
    this.bucket = new mongo.GridFSBucket(connection.db as unknown as mongo.Db, { bucketName: 'permissions' });
  }

  async store(buffer: Buffer, kind: PermissionKind): Promise<StoredPermission> {
    const sealed = Buffer.from(seal(this.config.secrets.encryptionKey, buffer.toString('base64')), 'utf8');
    const upload = this.bucket.openUploadStream(`permission-${randomBytes(8).toString('hex')}`, {
      metadata: { contentType: CONTENT_TYPES[kind], size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') },
    });
    await new Promise<void>((resolve, reject) => upload.once('finish', () => resolve()).once('error', reject).end(sealed));
    return { ref: `permissions/${upload.id.toString()}`, fileId: upload.id };
  }

  async read(fileId: mongo.ObjectId): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(fileId)) chunks.push(chunk as Buffer);
    return Buffer.from(unseal(this.config.secrets.encryptionKey, Buffer.concat(chunks).toString('utf8')), 'base64');
  }

  async remove(fileId: mongo.ObjectId): Promise<void> {
    await this.bucket.delete(fileId).catch(() => undefined);
  }

  /**
   * R10/R23: the permission was kept only to verify the agent; it goes when its
   * request closes. Idempotent (an activity retry finds it gone); any other
   * error is thrown, so Temporal retries rather than the file staying behind.
   */
  async removeByRef(ref: string): Promise<void> {
    const id = /^permissions\/([0-9a-f]{24})$/.exec(ref)?.[1];
    if (!id) return;
    try {
      await this.bucket.delete(new mongo.ObjectId(id));
    } catch (error) {
      if (!(error instanceof mongo.MongoRuntimeError && error.message.startsWith('File not found'))) throw error;
    }
  }
}
