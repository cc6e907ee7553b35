// The file store in an S3-compatible bucket (Aliyun OSS, MinIO, AWS S3; issue 18).
import { DeleteObjectCommand, GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { S3Settings } from '../config.js';
import { checkKey, FileMissingError, type FileStorage } from './file-store.js';

const clients = new Map<string, S3Storage>();

export class S3Storage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Settings) {
    this.bucket = s3.bucket;
    this.client = new S3Client({
      endpoint: s3.endpoint ?? undefined,
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      // The SDK's default CRC32 checksums on every request (aws-chunked bodies with trailers) are
      // not understood by every S3-compatible store; the Content-MD5 of the old protocol is.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** One client (and its connection pool) per bucket and endpoint for the process. */
  static of(s3: S3Settings): S3Storage {
    const id = JSON.stringify(s3);
    let s = clients.get(id);
    if (!s) clients.set(id, (s = new S3Storage(s3)));
    return s;
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    // lib-storage sends a small body in one PutObject and a large one as a multipart upload of
    // 5 MB parts, one at a time, reading the stream as it goes; a multipart upload that fails is
    // aborted by it, so no half object becomes visible.
    await new Upload({ client: this.client, params: { Bucket: this.bucket, Key: checkKey(key), Body: body }, partSize: 5 * 1024 * 1024, queueSize: 1 }).done();
  }

  async get(key: string): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return res.Body as Readable;
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) throw new FileMissingError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }

  async *list(before: Date): AsyncIterable<string> {
    for await (const page of paginateListObjectsV2({ client: this.client, pageSize: 1000 }, { Bucket: this.bucket })) {
      for (const o of page.Contents ?? []) if (o.Key && o.LastModified && o.LastModified < before) yield o.Key;
    }
  }

  /**
   * Nothing to do here: an object is visible only once its upload completes, and the parts of a
   * multipart upload whose process died are removed by the bucket's lifecycle rule
   * (AbortIncompleteMultipartUpload, README "File store"), which S3, OSS and MinIO all apply.
   */
  async sweepPartial(): Promise<number> {
    return 0;
  }
}
