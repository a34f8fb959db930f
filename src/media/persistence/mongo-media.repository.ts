import type { Connection, Model } from 'mongoose';
import type { MediaUsage } from '@app/contracts';
import { modelWithIndexes } from '@app/database';
import { MediaSchema, type MediaDocument } from './media.schema';
import { MediaRepository, type MediaRecord, type NewMedia } from './media.repository';

/** `MediaRepository` over MongoDB (Mongoose): each method mirrors its SQL twin. */
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
      mimeType: record.mimeType,
      size: record.size,
      width: record.width,
      height: record.height,
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
  async attach(id: string, ownerId: string, usage: MediaUsage): Promise<MediaRecord | null> {
    const updated = await this.media
      .findOneAndUpdate(
        { _id: id, ownerId, usage: null },
        { $set: { usage, attachedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .lean<MediaDocument>()
      .exec();
    return updated ? toRecord(updated) : null;
  }

  async deleteUnused(id: string, ownerId: string): Promise<MediaRecord | null> {
    const deleted = await this.media
      .findOneAndDelete({ _id: id, ownerId, usage: null })
      .lean<MediaDocument>()
      .exec();
    return deleted ? toRecord(deleted) : null;
  }

  /**
   * Candidates first, then each deleted by its own conditional delete: without row locks, two
   * sweepers may pick the same candidates, but only one delete of each matches, so no upload is
   * returned twice and none that was attached meanwhile is deleted.
   */
  async deleteAbandoned(createdBefore: Date, limit: number): Promise<MediaRecord[]> {
    const candidates = await this.media
      .find({ usage: null, createdAt: { $lt: createdBefore } }, { _id: 1 })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<Pick<MediaDocument, '_id'>[]>()
      .exec();
    const deleted: MediaRecord[] = [];
    for (const { _id } of candidates) {
      const gone = await this.media
        .findOneAndDelete({ _id, usage: null })
        .lean<MediaDocument>()
        .exec();
      if (gone) deleted.push(toRecord(gone));
    }
    return deleted;
  }
}

function toRecord(document: MediaDocument): MediaRecord {
  return {
    id: document._id,
    ownerId: document.ownerId,
    mimeType: document.mimeType,
    size: document.size,
    width: document.width,
    height: document.height,
    storageKey: document.storageKey,
    url: document.url,
    thumbnailUrl: document.thumbnailUrl,
    usage: document.usage ?? null,
    createdAt: document.createdAt,
    attachedAt: document.attachedAt ?? null,
  };
}
