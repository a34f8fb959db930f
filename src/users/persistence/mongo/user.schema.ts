import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A user in MongoDB: `_id` is the same UUIDv7 text id the SQL adapters use. */
@Schema({ collection: 'users', versionKey: false })
export class UserDocument {
  @Prop({ type: String, required: true })
  _id!: string;

  /** Lower-cased and trimmed by the service. */
  @Prop({ type: String, required: true })
  email!: string;

  @Prop({ type: String, required: true })
  name!: string;

  /** Lower-case, unique (absent on accounts stored before handles: see `handleOf`). */
  @Prop({ type: String })
  handle?: string;

  /** `name` lower-cased: the sort key of the people list (SQL orders by `lower(name)`). */
  @Prop({ type: String, required: true })
  nameLower!: string;

  @Prop({ type: String, default: null })
  avatarMediaId!: string | null;

  @Prop({ type: String, default: null })
  avatarUrl!: string | null;

  @Prop({ type: String, default: null })
  avatarThumbnailUrl!: string | null;

  @Prop({ type: String, default: null })
  passwordHash!: string | null;

  /** When someone proved they read the address (a sign-in code); null: never. */
  @Prop({ type: Date, default: null })
  emailProvenAt!: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;

  @Prop({ type: Date, default: null })
  lastSeenAt!: Date | null;
}

export const UserSchema = SchemaFactory.createForClass(UserDocument);
UserSchema.index({ email: 1 }, { unique: true, name: 'users_email_unique' });
UserSchema.index(
  { handle: 1 },
  {
    unique: true,
    name: 'users_handle_unique',
    partialFilterExpression: { handle: { $exists: true } },
  },
);
UserSchema.index({ nameLower: 1, _id: 1 }, { name: 'users_name_order' });
