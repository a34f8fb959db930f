import type { Connection, Model } from 'mongoose';
import { modelWithIndexes } from '@app/database';
import { MediaSchema, type MediaDocument } from './media.schema';
import {
  MediaRepository,
  type MediaKind,
  type MediaRecord,
  type NewMedia,
  type MediaUse,
} from '../media.repository';

/** `MediaRepository` over MongoDB (Mongoose): each method does what its SQL counterpart does. */
export class MongoMediaRepository extends MediaRepository {
  private constructor(private readonly media: Model<MediaDocument>) {
    super();
  }

  static async create(connection: Connection): Promise<MongoMediaRepository> {
    return new MongoMediaRepository(await modelWithIndexes(connection, 'Media', MediaSchema));
  }

  async create(record: NewMedia): Promise<MediaRecord> {
    const document: MediaDocument = {
      _id: record.id,
      ownerId: record.ownerId,
      kind: record.kind,
      mimeType: record.mimeType,
      size: record.size,
      width: record.width,
      height: record.height,
      fileName: record.fileName,
      sha256: record.sha256,
      durationMs: record.durationMs,
      storageKey: record.storageKey,
      url: record.url,
      thumbnailUrl: record.thumbnailUrl,
      usage: null,
      createdAt: new Date(),
      attachedAt: null,
    };
    await this.media.create(document);
    return toRecord(document);
  }

  async findById(id: string): Promise<MediaRecord | null> {
    const found = await this.media.findById(id).lean<MediaDocument>().exec();
    return found ? toRecord(found) : null;
  }

  /** One conditional update: of two concurrent attaches only one still matches `usage: null`. */
  async attach(
    id: string,
    ownerId: string,
    usage: MediaUse,
    onlyKind?: MediaKind,
  ): Promise<MediaRecord | null> {
    // "Not the other kind": images stored before files could be uploaded have no kind.
    const other: MediaKind = onlyKind === 'image' ? 'file' : 'image';
    const updated = await this.media
      .findOneAndUpdate(
        { _id: id, ownerId, usage: null, ...(onlyKind && { kind: { $ne: other } }) },
        { $set: { usage, attachedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .lean<MediaDocument>()
      .exec();
    return updated ? toRecord(updated) : null;
  }

  async usedBytes(ownerId: string): Promise<number> {
    const [sum] = await this.media
      .aggregate<{ total: number }>([
        { $match: { ownerId, usage: { $ne: 'preview' } } },
        { $group: { _id: null, total: { $sum: '$size' } } },
      ])
      .exec();
    return sum?.total ?? 0;
  }

  async deleteUnused(id: string, ownerId: string): Promise<MediaRecord | null> {
    const deleted = await this.media
      .findOneAndDelete({ _id: id, ownerId, usage: null })
      .lean<MediaDocument>()
      .exec();
    return deleted ? toRecord(deleted) : null;
  }

  async deleteUsed(id: string, usage: MediaUse): Promise<MediaRecord | null> {
    const deleted = await this.media
      .findOneAndDelete({ _id: id, usage })
      .lean<MediaDocument>()
      .exec();
    return deleted ? toRecord(deleted) : null;
  }

  /**
   * One atomic "take the oldest abandoned upload" at a time: without row locks to skip, reading
   * candidates first would let two sweepers pick the same ones and leave others behind. Each
   * findOneAndDelete removes a different upload, so concurrent sweepers never share one.
   */
  async deleteAbandoned(createdBefore: Date, limit: number): Promise<MediaRecord[]> {
    const deleted: MediaRecord[] = [];
    while (deleted.length < limit) {
      const gone = await this.media
        .findOneAndDelete(
          { usage: null, createdAt: { $lt: createdBefore } },
          { sort: { createdAt: 1 } },
        )
        .lean<MediaDocument>()
        .exec();
      if (!gone) break;
      deleted.push(toRecord(gone));
    }
    return deleted;
  }
}

function toRecord(document: MediaDocument): MediaRecord {
  return {
    id: document._id,
    ownerId: document.ownerId,
    // Images stored before files could be uploaded have none of the file fields.
    kind: document.kind ?? 'image',
    mimeType: document.mimeType,
    size: document.size,
    width: document.width,
    height: document.height,
    fileName: document.fileName ?? null,
    sha256: document.sha256 ?? null,
    durationMs: document.durationMs ?? null,
    storageKey: document.storageKey,
    url: document.url,
    thumbnailUrl: document.thumbnailUrl,
    usage: document.usage ?? null,
    createdAt: document.createdAt,
    attachedAt: document.attachedAt ?? null,
  };
}
