import { eq, sql } from 'drizzle-orm';
import { openSqlTestDatabase, type SqlTestDatabaseKind } from '@app/testing';
import { chats } from '@src/chat/persistence/sql/chats.table';
import { directKeyOf } from '@src/chat/persistence/direct-key';
import { SqlBlocksRepository } from '@src/chat/persistence/sql/sql-blocks.repository';
import { SqlChatsRepository } from '@src/chat/persistence/sql/sql-chats.repository';
import { SqlMessagesRepository } from '@src/chat/persistence/sql/sql-messages.repository';
import { SqlMediaRepository } from '@src/media/persistence/sql/sql-media.repository';
import { SqlUsersRepository } from '@src/users/persistence/sql/sql-users.repository';
import type { DatabaseUnderTest } from './registry';

/** The SQL adapters on PGlite or PostgreSQL: each suite gets a migrated database of its own. */
export function sqlDatabase(kind: SqlTestDatabaseKind): DatabaseUnderTest {
  return {
    chat: async () => {
      const { db, close } = await openSqlTestDatabase(kind, 'chat-repos');
      return {
        chats: new SqlChatsRepository(db),
        messages: new SqlMessagesRepository(db),
        blocks: new SqlBlocksRepository(db),
        refuseMessagesFrom: async (senderId: string) => {
          const name = sql.identifier(`refuse_${senderId.replaceAll('-', '_')}`);
          await db.execute(
            sql`alter table messages add constraint ${name} check (sender_id <> ${sql.raw(`'${senderId}'`)})`,
          );
        },
        markBlocked: async (chatId: string) => {
          await db.execute(sql`update chats set blocked = true where id = ${chatId}`);
        },
        close,
      };
    },
    blocks: async () => {
      const { db, close } = await openSqlTestDatabase(kind, 'block-repos');
      const directChats = new SqlChatsRepository(db);
      return {
        blocks: new SqlBlocksRepository(db),
        openDirectChat: async (userA: string, userB: string) => {
          await directChats.findOrCreateDirect(userA, userB, userA);
        },
        isDirectChatBlocked: async (userA: string, userB: string) => {
          const [row] = await db
            .select({ blocked: chats.blocked })
            .from(chats)
            .where(eq(chats.directKey, directKeyOf(userA, userB)));
          return row ? row.blocked : null;
        },
        close,
      };
    },
    users: async () => {
      const { db, close } = await openSqlTestDatabase(kind, 'users-repo');
      return { users: new SqlUsersRepository(db), close };
    },
    media: async () => {
      const { db, close } = await openSqlTestDatabase(kind, 'media-repo');
      return { media: new SqlMediaRepository(db), close };
    },
  };
}
