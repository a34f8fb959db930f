import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ByteRange } from '../files/byte-range';
import type { MediaStorageConfig } from '@app/config';
import { EXTENSIONS } from '../image-signature';
import { THUMBNAIL_SIZE, type ProcessedImage } from '../image-processor';
import {
  MediaStorage,
  MediaStorageUnavailableError,
  type IncomingFile,
  type MediaLocation,
  type MediaVariant,
  type StoredObject,
} from './media-storage';

type CloudinaryConfig = Extract<MediaStorageConfig, { kind: 'cloudinary' }>;
type CloudinarySdk = (typeof import('cloudinary'))['v2'];

/** Cloudinary's resource types: audio and video are `video`, everything else not an image `raw`. */
type ResourceType = 'image' | 'video' | 'raw';

/** A file's storage key names its resource type (`raw:<public id>`); an image's is the bare id. */
function parseKey(storageKey: string): { resourceType: ResourceType; publicId: string } {
  const match = /^(video|raw):(.+)$/.exec(storageKey);
  return match
    ? { resourceType: match[1] as 'video' | 'raw', publicId: match[2] }
    : { resourceType: 'image', publicId: storageKey };
}

/** The fields of Cloudinary's upload answer this adapter reads. */
interface UploadAnswer {
  public_id: string;
  version: number;
  secure_url: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Images on Cloudinary. Public ids are 144 random bits, so a URL cannot be guessed, but whoever has
 * it can fetch the image without signing in (docs/operations.md, "Media storage"). The upload and destroy calls are
 * made here with fetch, signed by the SDK's own `api_sign_request`; the SDK's uploader picks
 * http or https once per process from the environment, which would not let the API origin be
 * configured per app.
 */
export class CloudinaryStorage extends MediaStorage {
  private constructor(
    private readonly config: CloudinaryConfig,
    private readonly sdk: CloudinarySdk,
  ) {
    super();
  }

  /** The SDK reads CLOUDINARY_URL when loaded, so it is loaded only when this adapter is chosen. */
  static async create(config: CloudinaryConfig): Promise<CloudinaryStorage> {
    const { v2 } = await import('cloudinary');
    return new CloudinaryStorage(config, v2);
  }

  async save(_id: string, image: ProcessedImage): Promise<StoredObject> {
    const publicId = randomBytes(18).toString('base64url');
    const form = this.signedForm({ public_id: publicId, overwrite: 'false' });
    form.set(
      'file',
      new Blob([new Uint8Array(image.bytes)], { type: image.mimeType }),
      `upload.${EXTENSIONS[image.mimeType]}`,
    );
    const answer = (await this.call('upload', form)) as UploadAnswer;
    return {
      storageKey: answer.public_id,
      url: answer.secure_url,
      thumbnailUrl: this.sdk.url(answer.public_id, this.thumbnailOptions(answer.version)),
    };
  }

  /**
   * Streamed from the incoming file (a Blob backed by the file, never read into memory), under a
   * random public id; the incoming copy is deleted either way.
   */
  async saveFile(_id: string, file: IncomingFile): Promise<StoredObject> {
    const resourceType: ResourceType = /^(audio|video)\//.test(file.mimeType) ? 'video' : 'raw';
    const publicId = randomBytes(18).toString('base64url');
    try {
      const form = this.signedForm({ public_id: publicId, overwrite: 'false' });
      form.set('file', await openAsBlob(file.path, { type: file.mimeType }), 'upload');
      const answer = (await this.call('upload', form, resourceType)) as UploadAnswer;
      return {
        storageKey: `${resourceType}:${answer.public_id}`,
        url: answer.secure_url,
        thumbnailUrl: '',
      };
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /**
   * Fetched from Cloudinary and passed on, so that a file is served by our route alone: to
   * members only, as a download, with our headers.
   */
  async openFile(stored: StoredObject, range: ByteRange | null): Promise<Readable> {
    let response: Response;
    try {
      response = await fetch(stored.url, {
        headers: range ? { range: `bytes=${range.start}-${range.end}` } : {},
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new MediaStorageUnavailableError(`Cloudinary download failed: ${String(error)}`);
    }
    const expected = range ? 206 : 200;
    if (response.status !== expected || !response.body) {
      await response.body?.cancel();
      throw new MediaStorageUnavailableError(
        `Cloudinary download answered ${response.status}, not ${expected}`,
      );
    }
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async remove(storageKey: string): Promise<void> {
    const { resourceType, publicId } = parseKey(storageKey);
    // Answers `{ result: 'not found' }` for what is already gone: fine, the goal is reached.
    await this.call(
      'destroy',
      this.signedForm({ public_id: publicId, invalidate: 'true' }),
      resourceType,
    );
  }

  locate(stored: StoredObject, variant: MediaVariant): MediaLocation {
    return { kind: 'redirect', url: variant === 'thumbnail' ? stored.thumbnailUrl : stored.url };
  }

  private thumbnailOptions(version: number) {
    return {
      cloud_name: this.config.cloudName,
      secure: true,
      version,
      format: 'webp',
      transformation: [{ crop: 'limit', width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE }],
      // Not in the SDK's types: without it every URL gets an `_a=` tracking parameter.
      urlAnalytics: false,
    };
  }

  private signedForm(params: Record<string, string>): FormData {
    const signed = { ...params, timestamp: String(Math.floor(Date.now() / 1000)) };
    const form = new FormData();
    for (const [key, value] of Object.entries(signed)) form.set(key, value);
    form.set('api_key', this.config.apiKey);
    form.set('signature', this.sdk.utils.api_sign_request(signed, this.config.apiSecret));
    return form;
  }

  private async call(
    action: 'upload' | 'destroy',
    form: FormData,
    resourceType: ResourceType = 'image',
  ): Promise<unknown> {
    const { apiBaseUrl, cloudName } = this.config;
    const url = `${apiBaseUrl}/v1_1/${encodeURIComponent(cloudName)}/${resourceType}/${action}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new MediaStorageUnavailableError(`Cloudinary ${action} failed: ${String(error)}`);
    }
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    if (!response.ok || !body) {
      throw new MediaStorageUnavailableError(
        `Cloudinary ${action} answered ${response.status}: ${body?.error?.message ?? 'no JSON body'}`,
      );
    }
    return body;
  }
}
