import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { MediaKind, MediaUse } from '../media.repository';

/** An uploaded image in MongoDB: `_id` is the same UUIDv7 text id the SQL adapters use. */
@Schema({ collection: 'media', versionKey: false })
export class MediaDocument {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  ownerId!: string;

  /** Absent on images stored before files could be uploaded. */
  @Prop({ type: String, required: true, default: 'image' })
  kind?: MediaKind;

  @Prop({ type: String, required: true })
  mimeType!: string;

  @Prop({ type: Number, required: true })
  size!: number;

  @Prop({ type: Number, required: true })
  width!: number;

  @Prop({ type: Number, required: true })
  height!: number;

  @Prop({ type: String, default: null })
  fileName?: string | null;

  @Prop({ type: String, default: null })
  sha256?: string | null;

  @Prop({ type: Number, default: null })
  durationMs?: number | null;

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
// The quota: what one person's uploads add up to.
MediaSchema.index({ ownerId: 1 }, { name: 'media_owner' });
