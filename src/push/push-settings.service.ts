import { Injectable } from '@nestjs/common';
import type { PushSettingsView } from '@app/contracts';
import { PushSettingsRepository } from './persistence/push-settings.repository';

/** A person's push preferences ("show message text in notifications"). */
@Injectable()
export class PushSettingsService {
  constructor(private readonly settings: PushSettingsRepository) {}

  get(userId: string): Promise<PushSettingsView> {
    return this.settings.get(userId);
  }

  update(userId: string, settings: PushSettingsView): Promise<PushSettingsView> {
    return this.settings.set(userId, { showText: settings.showText });
  }
}
