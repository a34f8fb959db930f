import { Injectable } from '@nestjs/common';
import { DurableKeyValueStore } from '@app/kv';
import type { PushSettingsView } from '@app/contracts';

const settingsKey = (userId: string) => `push:settings:${userId}`;
const DEFAULTS: PushSettingsView = { showText: true };

/** A person's push preferences, in the durable key-value store; unset means the defaults. */
@Injectable()
export class PushSettingsRepository {
  constructor(private readonly kv: DurableKeyValueStore) {}

  async get(userId: string): Promise<PushSettingsView> {
    const raw = await this.kv.get(settingsKey(userId));
    return raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<PushSettingsView>) } : DEFAULTS;
  }

  async set(userId: string, settings: PushSettingsView): Promise<PushSettingsView> {
    await this.kv.set(settingsKey(userId), JSON.stringify(settings));
    return settings;
  }
}
