import type { ChatView } from '@app/contracts';
import { dayLabel, lastSeenText, timeOf } from '../lib/days';
import { formatFileSize, MAX_FILE_BYTES } from '../lib/attachments';
import { describeHandleError } from '../lib/handle';
import { deviceName, lastActiveText, signedInText } from '../lib/sessions';
import { summaryOf } from '../lib/message-summary';
import { textLimit } from '../lib/text-limit';
import { ApiError, describeError } from '../api/http';
import { OfflineError } from '../offline/offline-http';
import { BOB, ME, chat, me, message, setup } from '../testing/store-fixtures';
import type { NotificationRequest } from '../state/store-deps';
import { chatText } from './chat';
import { currentLocale, formatNumber } from './format';
import { chooseLanguage, commonText, i18n } from './i18n';

/** A page's <html>, where the language shown is written for screen readers. */
const html = { lang: 'en' };

describe('the client in German', () => {
  beforeAll(async () => {
    Object.assign(globalThis, { document: { documentElement: html } });
    await chooseLanguage('de');
  });

  afterAll(async () => {
    await i18n.changeLanguage('en');
    Reflect.deleteProperty(globalThis, 'document');
  });

  it('says so in <html lang>, and formats for German', () => {
    expect(html.lang).toBe('de');
    expect(currentLocale()).toBe('de');
    expect(formatNumber(4120)).toBe('4.120');
  });

  it('names the days and writes dates and times the German way', () => {
    const now = new Date(2026, 11, 7, 15, 0);
    const at = (month: number, day: number, hour: number, minute: number, year = 2026) =>
      new Date(year, month, day, hour, minute).toISOString();
    expect(dayLabel(at(11, 7, 8, 0), now)).toBe('Heute');
    expect(dayLabel(at(11, 6, 23, 59), now)).toBe('Gestern');
    expect(dayLabel(at(10, 18, 12, 0), now)).toBe('Mi., 18. Nov.');
    expect(dayLabel(at(11, 3, 12, 0, 2025), now)).toBe('Mi., 3. Dez. 2025');
    expect(timeOf(at(11, 7, 9, 2))).toBe('09:02');
    expect(lastSeenText(at(11, 7, 13, 14), now)).toBe('zuletzt online heute um 13:14');
    expect(lastSeenText(at(11, 6, 9, 2), now)).toBe('zuletzt online gestern um 09:02');
    expect(lastSeenText(at(11, 3, 18, 40), now)).toBe('zuletzt online am 3. Dez. um 18:40');
  });

  it('says in German where someone is signed in, when, and why they were signed out', () => {
    const now = new Date(2026, 11, 7, 15, 0);
    const at = (month: number, day: number, hour: number, minute: number) =>
      new Date(2026, month, day, hour, minute).toISOString();
    expect(lastActiveText(new Date(2026, 11, 7, 14, 59, 30).toISOString(), now)).toBe(
      'Zuletzt aktiv: gerade eben',
    );
    expect(lastActiveText(at(11, 7, 14, 59), now)).toBe('Zuletzt aktiv vor 1 Minute');
    expect(lastActiveText(at(11, 7, 14, 15), now)).toBe('Zuletzt aktiv vor 45 Minuten');
    expect(lastActiveText(at(11, 7, 9, 2), now)).toBe('Zuletzt aktiv heute um 09:02');
    expect(lastActiveText(at(11, 6, 9, 2), now)).toBe('Zuletzt aktiv gestern um 09:02');
    expect(lastActiveText(at(11, 3, 18, 40), now)).toBe('Zuletzt aktiv am 3. Dez.');
    expect(signedInText(at(10, 18, 12, 0), now)).toBe('Angemeldet am 18. Nov.');
    expect(deviceName({ device: 'Unknown device' })).toBe('Unbekanntes Gerät');
    expect(chatText('sessions.signedOutOthers', { count: 2 })).toBe(
      '2 andere Sitzungen sind abgemeldet.',
    );
    expect(commonText('signIn.signedOutElsewhere')).toBe(
      'Du wurdest von einem anderen Gerät aus abgemeldet.',
    );
  });

  it("chooses plural forms by German's rules, with the number written the German way", () => {
    expect(chatText('header.members', { count: 1 })).toBe('1 Mitglied');
    expect(chatText('header.members', { count: 0 })).toBe('0 Mitglieder');
    expect(chatText('header.members', { count: 1200 })).toBe('1.200 Mitglieder');
    expect(chatText('conversation.arrived', { count: 1 })).toBe('1 neue Nachricht');
    expect(chatText('conversation.arrived', { count: 3 })).toBe('3 neue Nachrichten');
    expect(chatText('header.typingMany', { names: ['bob', 'eve', 'cy'] })).toBe(
      'bob, eve und cy schreiben…',
    );
  });

  it('explains refusals in German: a message too long, a handle taken', () => {
    expect(textLimit('a'.repeat(4120)).counter).toBe(
      'Zu lang: 4.120 von 4.000 Zeichen. Kürze den Text, um ihn zu senden.',
    );
    expect(describeHandleError(new ApiError(409, 'taken'), 'ada')).toBe(
      '@ada ist schon vergeben. Versuch einen anderen.',
    );
  });

  it('says in German that the server is out of reach, and that a change needs the network', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'Der Server ist nicht erreichbar. Prüf deine Verbindung.',
    );
    expect(describeError(undefined)).toBe('Etwas ist schiefgegangen');
    expect(new OfflineError().message).toBe(
      'Du bist offline. Bearbeiten, Reaktionen, Löschen und Einstellungen brauchen die Verbindung: Versuch es noch einmal, sobald du wieder online bist.',
    );
    expect(chatText('mute.forHours', { count: 8 })).toBe('Für 8 Stunden');
  });

  it('says in German what a message carries, and why a file cannot be attached', () => {
    expect(summaryOf('file', 'für Montag', 'Bericht.pdf')).toBe('📎 Bericht.pdf: für Montag');
    expect(summaryOf('file', null)).toBe('📎 Datei');
    expect(summaryOf('voice', null)).toBe('🎤 Sprachnachricht');
    expect(summaryOf('image', 'Aussicht')).toBe('Foto: Aussicht');
    expect(
      chatText('composer.tooLarge', {
        name: 'Film.mov',
        size: formatFileSize(30 * 1024 * 1024 + 400_000, currentLocale()),
        max: formatFileSize(MAX_FILE_BYTES, currentLocale()),
      }),
    ).toBe('„Film.mov“ ist 30,4 MB groß: Eine Datei darf höchstens 25 MB groß sein.');
    expect(chatText('composer.tooMany', { count: 2, max: 10 })).toBe(
      'Höchstens 10 Dateien auf einmal: 2 wurden weggelassen.',
    );
  });

  it('titles notifications in German, from a group and from someone without a name', async () => {
    const notes: NotificationRequest[] = [];
    const bob = { ...me, id: BOB, name: 'Bob', handle: 'bob' };
    const direct = chat(0);
    const group: ChatView = {
      ...direct,
      kind: 'group',
      name: 'Trip',
      members: direct.members.map((m) => (m.userId === BOB ? { ...m, profile: bob } : m)),
    };
    const s = setup([], {
      view: group,
      routes: () => undefined,
      deps: { notify: (n) => notes.push(n) },
    });
    s.link.setConnected(true);
    await s.store.loadChats();
    s.link.emit('message:new', { message: { ...message(1), mentions: [ME] } });
    s.link.emit('message:new', { message: { ...message(2), kind: 'image', text: null } });
    s.link.emit('message:new', { message: message(3, 'gone') });
    expect(notes.map((n) => [n.title, n.body])).toEqual([
      ['Bob hat dich in Trip erwähnt', '#1'],
      ['Bob in Trip', 'Foto'],
      ['Jemand in Trip', '#3'],
    ]);
  });
});

describe('the client in English', () => {
  it('uses the English plural forms', () => {
    expect(chatText('header.members', { count: 1 })).toBe('1 member');
    expect(chatText('header.members', { count: 1200 })).toBe('1,200 members');
    expect(chatText('chatList.unreadMentions', { count: 2 })).toBe('2 unread mentions of you');
  });

  it('keeps the texts moved into the catalogue word for word', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'Cannot reach the server. Check your connection.',
    );
    expect(chatText('mute.forHours', { count: 1 })).toBe('For 1 hour');
    expect(chatText('mute.forHours', { count: 8 })).toBe('For 8 hours');
    expect(chatText('app.titleUnread', { unread: 3 })).toBe('(3) Chat');
  });
});
