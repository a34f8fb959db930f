import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ImageMimeType } from '@app/contracts';
import type { MediaUse } from '../media.repository';

/** An uploaded image in MongoDB: `_id` is the same UUIDv7 text id the SQL adapters use. */
@Schema({ collection: 'media', versionKey: false })
export class MediaDocument {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  ownerId!: string;

  @Prop({ type: String, required: true })
  mimeType!: ImageMimeType;

  @Prop({ type: Number, required: true })
  size!: number;

  @Prop({ type: Number, required: true })
  width!: number;

  @Prop({ type: Number, required: true })
  height!: number;

  @Prop({ type: String, required: true })
  storageKey!: string;

  @Prop({ type: String, required: true })
  url!: string;

  @Prop({ type: String, required: true })
  thumbnailUrl!: string;

  /** null until the uploader puts it in a message or makes it their avatar; `preview` from the start for a link preview's picture. */
  @Prop({ type: String, default: null })
  usage!: MediaUse | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  attachedAt!: Date | null;
}

export const MediaSchema = SchemaFactory.createForClass(MediaDocument);
// The sweeper's query: unused uploads, oldest first.
MediaSchema.index({ usage: 1, createdAt: 1 }, { name: 'media_unused_by_age' });
