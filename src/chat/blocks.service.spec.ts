import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { DirectoryProfile, UserDirectory } from '@app/contracts';
import { BlocksService, MAX_BLOCKED_PEOPLE } from './blocks.service';
import type { BlockRecord, BlocksRepository } from './persistence/blocks.repository';
import type { PresenceService } from './presence.service';
import type { RealtimePublisher } from './fanout/realtime-publisher';

const [ME, BOB, GONE] = ['me', 'bob', 'gone'];

const profile = (id: string): DirectoryProfile => ({
  id,
  name: id,
  handle: id,
  avatarUrl: null,
  avatarThumbnailUrl: null,
  lastSeenAt: null,
});

function setUp(records: BlockRecord[] = [], blockedIds: string[] = []) {
  const repository = {
    blockedIdsOf: jest.fn(() => Promise.resolve(blockedIds)),
    block: jest.fn(() => Promise.resolve()),
    unblock: jest.fn(() => Promise.resolve()),
    listBlockedBy: jest.fn(() => Promise.resolve(records)),
  };
  const directory = {
    exists: jest.fn((id: string) => Promise.resolve(id !== GONE)),
    getMany: jest.fn((ids: readonly string[]) =>
      Promise.resolve(ids.filter((id) => id !== GONE).map(profile)),
    ),
  };
  const publisher = { blockChanged: jest.fn() };
  const service = new BlocksService(
    repository as unknown as BlocksRepository,
    directory as unknown as UserDirectory,
    { blockChanged: jest.fn(() => Promise.resolve()) } as unknown as PresenceService,
    publisher as unknown as RealtimePublisher,
  );
  return { service, repository, directory, publisher };
}

describe('BlocksService', () => {
  it('blocks an existing account, and refuses yourself (400) or an unknown one (404) without storing', async () => {
    const { service, repository, publisher } = setUp();
    await service.block(ME, BOB);
    expect(repository.block).toHaveBeenCalledWith(ME, BOB);
    await expect(service.block(ME, ME)).rejects.toBeInstanceOf(BadRequestException);
    await expect(service.block(ME, GONE)).rejects.toThrow(new NotFoundException('User not found'));
    expect(repository.block).toHaveBeenCalledTimes(1);
    expect(publisher.blockChanged.mock.calls).toEqual([[ME, BOB, true]]);
  });

  it("moves the blocked person's sockets out of reach of the blocker's typing and receipts, and back", async () => {
    const { service, repository, publisher } = setUp();
    await service.block(ME, BOB);
    await service.unblock(ME, BOB);
    expect(publisher.blockChanged.mock.calls).toEqual([
      [ME, BOB, true],
      [ME, BOB, false],
    ]);
    // After the stored change, so that a socket connecting meanwhile reads the same thing.
    expect(repository.block.mock.invocationCallOrder[0]).toBeLessThan(
      publisher.blockChanged.mock.invocationCallOrder[0],
    );
  });

  it('blocks at most 1,000 people, though blocking one of them again is still fine', async () => {
    const full = Array.from({ length: MAX_BLOCKED_PEOPLE }, (_, i) => `p${i}`);
    const { service, repository } = setUp([], full);
    await expect(service.block(ME, BOB)).rejects.toBeInstanceOf(ConflictException);
    await service.block(ME, 'p7');
    expect(repository.block).toHaveBeenCalledWith(ME, 'p7');
  });

  it('unblocks without asking whether the account still exists', async () => {
    const { service, repository, directory } = setUp();
    await service.unblock(ME, GONE);
    expect(repository.unblock).toHaveBeenCalledWith(ME, GONE);
    expect(directory.exists).not.toHaveBeenCalled();
    await expect(service.unblock(ME, ME)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('lists in the repository order with profiles from one directory call, null for a gone account', async () => {
    const at = (ms: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, 0, ms));
    const { service, directory } = setUp([
      { blockerId: ME, blockedId: GONE, blockedAt: at(2) },
      { blockerId: ME, blockedId: BOB, blockedAt: at(1) },
    ]);
    expect(await service.list(ME)).toEqual([
      { userId: GONE, blockedAt: '2025-01-01T00:00:00.002Z', profile: null },
      // The directory's last seen is not passed on: presence has its own rule.
      {
        userId: BOB,
        blockedAt: '2025-01-01T00:00:00.001Z',
        profile: { id: BOB, name: BOB, handle: BOB, avatarUrl: null, avatarThumbnailUrl: null },
      },
    ]);
    expect(directory.getMany).toHaveBeenCalledTimes(1);
  });

  it('asks the directory nothing for an empty list', async () => {
    const { service, directory } = setUp();
    expect(await service.list(ME)).toEqual([]);
    expect(directory.getMany).not.toHaveBeenCalled();
  });
});
