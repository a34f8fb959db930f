import type { KeyValueStore } from '@app/kv';
import {
  describeBlocksRepositoryContract,
  type BlocksRepositoriesUnderTest,
} from './chat/blocks.repository.contract';
import {
  describeChatsRepositoryContract,
  type ChatRepositoriesUnderTest,
} from './chat/chats.repository.contract';
import { describeFormerMembersContract } from './chat/former-members.repository.contract';
import { describeLinkPreviewsContract } from './chat/link-previews.repository.contract';
import { describeMemberSendsContract } from './chat/member-sends.repository.contract';
import { describeMessageChangesContract } from './chat/message-changes.repository.contract';
import { describeMessagesRepositoryContract } from './chat/messages.repository.contract';
import { describeSyncReadsContract } from './chat/sync-reads.repository.contract';
import { describeKeyValueStoreContract } from './kv/key-value.store.contract';
import {
  describeMediaRepositoryContract,
  type MediaRepositoryUnderTest,
} from './media/media.repository.contract';
import {
  describeUsersRepositoryContract,
  type RepositoryUnderTest as UsersRepositoryUnderTest,
} from './users/users.repository.contract';

/**
 * The one list of contract suites, and the only way to run them: a runner
 * (test/contracts/*.contracts.spec.ts) hands its adapters to `runDatabaseContracts` or
 * `runKeyValueStoreContracts`, which describe every suite listed here for them. registry.spec.ts
 * fails when a suite exported by a *.contract.ts file is not listed, or when an adapter below has
 * no runner, or one that Jest's configuration does not run.
 */

/** The databases every repository contract runs on: one runner each. */
export const DATABASES = ['PGlite', 'PostgreSQL', 'MongoDB'] as const;
export type DatabaseName = (typeof DATABASES)[number];

/** How a database's runner opens its adapters: a fresh database for each suite. */
export interface DatabaseUnderTest {
  chat: () => Promise<ChatRepositoriesUnderTest>;
  blocks: () => Promise<BlocksRepositoriesUnderTest>;
  users: () => Promise<UsersRepositoryUnderTest>;
  media: () => Promise<MediaRepositoryUnderTest>;
}

type Suite<Open> = (adapter: string, open: Open) => void;

/** Every repository contract, by what it opens. */
export const DATABASE_CONTRACTS: {
  readonly [K in keyof DatabaseUnderTest]: ReadonlyArray<Suite<DatabaseUnderTest[K]>>;
} = {
  chat: [
    describeChatsRepositoryContract,
    describeMessagesRepositoryContract,
    describeMessageChangesContract,
    describeSyncReadsContract,
    describeMemberSendsContract,
    describeFormerMembersContract,
    describeLinkPreviewsContract,
  ],
  blocks: [describeBlocksRepositoryContract],
  users: [describeUsersRepositoryContract],
  media: [describeMediaRepositoryContract],
};

/** The key-value stores every key-value contract runs on. */
export const KEY_VALUE_STORES = ['in-memory', 'in-memory, journaled', 'Redis'] as const;
export type KeyValueStoreName = (typeof KEY_VALUE_STORES)[number];

export const KEY_VALUE_STORE_CONTRACTS: ReadonlyArray<Suite<() => Promise<KeyValueStore>>> = [
  describeKeyValueStoreContract,
];

/** Every suite of the registry. */
export const ALL_CONTRACTS: ReadonlyArray<(...args: never[]) => void> = [
  ...Object.values(DATABASE_CONTRACTS).flat(),
  ...KEY_VALUE_STORE_CONTRACTS,
];

/** A suite described for an adapter; what this module's runs did, for registry.spec.ts. */
export interface ContractRun {
  adapter: string;
  contract: string;
}
export const contractsRun: ContractRun[] = [];

/** Describes every repository contract on `database`. */
export function runDatabaseContracts(database: DatabaseName, open: DatabaseUnderTest): void {
  const runAll = <K extends keyof DatabaseUnderTest>(opens: K) => {
    for (const describeContract of DATABASE_CONTRACTS[opens]) {
      contractsRun.push({ adapter: database, contract: describeContract.name });
      describeContract(database, open[opens]);
    }
  };
  for (const opens of Object.keys(DATABASE_CONTRACTS) as Array<keyof DatabaseUnderTest>) {
    runAll(opens);
  }
}

/** Describes every key-value store contract on `store`. */
export function runKeyValueStoreContracts(
  store: KeyValueStoreName,
  open: () => Promise<KeyValueStore>,
): void {
  for (const describeContract of KEY_VALUE_STORE_CONTRACTS) {
    contractsRun.push({ adapter: store, contract: describeContract.name });
    describeContract(store, open);
  }
}
