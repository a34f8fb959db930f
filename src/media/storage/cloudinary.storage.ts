import { randomBytes } from 'node:crypto';
import type { MediaStorageConfig } from '@app/config';
import { EXTENSIONS } from '../image-signature';
import { THUMBNAIL_SIZE, type ProcessedImage } from '../image-processor';
import {
  MediaStorage,
  MediaStorageUnavailableError,
  type MediaLocation,
  type MediaVariant,
  type StoredObject,
} from './media-storage';

type CloudinaryConfig = Extract<MediaStorageConfig, { kind: 'cloudinary' }>;
type CloudinarySdk = (typeof import('cloudinary'))['v2'];

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

  async remove(storageKey: string): Promise<void> {
    // Answers `{ result: 'not found' }` for what is already gone: fine, the goal is reached.
    await this.call('destroy', this.signedForm({ public_id: storageKey, invalidate: 'true' }));
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

  private async call(action: 'upload' | 'destroy', form: FormData): Promise<unknown> {
    const { apiBaseUrl, cloudName } = this.config;
    const url = `${apiBaseUrl}/v1_1/${encodeURIComponent(cloudName)}/image/${action}`;
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
