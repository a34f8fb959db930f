import { Module } from '@nestjs/common';
import { AdapterChoices, APP_CONFIG, type AppConfig } from '@app/config';
import { LinkPreviewImages, MediaLibrary } from '@app/contracts';
import { DatabaseModule, repositoryProvider } from '@app/database';
import { KvModule } from '@app/kv';
import { AbandonedUploadsSweeper } from './abandoned-uploads-sweeper';
import { FileUploadInterceptor } from './files/file-upload.interceptor';
import { FileUploadsService } from './files/file-uploads.service';
import { ImageProcessor } from './image-processor';
import { ImageUploadInterceptor } from './image-upload.interceptor';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';
import { MediaRepository } from './persistence/media.repository';
import { MongoMediaRepository } from './persistence/mongo/mongo-media.repository';
import { SqlMediaRepository } from './persistence/sql/sql-media.repository';
import { CloudinaryStorage } from './storage/cloudinary.storage';
import { LocalDiskStorage } from './storage/local-disk.storage';
import { MediaStorage } from './storage/media-storage';
import { PreviewImageStore } from './preview-image-store';

/**
 * Uploads: images (validation, metadata removal, thumbnails) and any other file (streamed, judged
 * by its bytes, quota), stored on local disk or Cloudinary, served to those allowed.
 * Offers `MediaLibrary` and `LinkPreviewImages`; needs `MediaAccess`, bound by the app in
 * `PortsModule`.
 */
@Module({
  imports: [DatabaseModule, KvModule],
  controllers: [MediaController],
  providers: [
    repositoryProvider(MediaRepository, {
      sql: (db) => new SqlMediaRepository(db),
      mongodb: (connection) => MongoMediaRepository.create(connection),
    }),
    {
      provide: MediaStorage,
      inject: [APP_CONFIG, AdapterChoices],
      useFactory: ({ media }: AppConfig, choices: AdapterChoices) => {
        choices.record(
          'media storage',
          media.storage.kind === 'cloudinary' ? 'Cloudinary' : 'local disk',
        );
        return media.storage.kind === 'cloudinary'
          ? CloudinaryStorage.create(media.storage)
          : new LocalDiskStorage(media.storage.dir);
      },
    },
    ImageProcessor,
    ImageUploadInterceptor,
    FileUploadsService,
    FileUploadInterceptor,
    MediaService,
    { provide: MediaLibrary, useExisting: MediaService },
    PreviewImageStore,
    { provide: LinkPreviewImages, useExisting: PreviewImageStore },
    AbandonedUploadsSweeper,
  ],
  exports: [MediaLibrary, LinkPreviewImages],
})
export class MediaModule {}
