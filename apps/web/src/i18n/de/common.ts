import type { Translation } from '../catalogue';
import type { common as english } from '../en/common';

/** German for `en/common.ts`: every key it has, no other (`tsc` says which is missing). */
export const common: Translation<typeof english> = {
  signIn: {
    title: 'Bei Chat anmelden',
    how: 'Wie du dich anmeldest',
    byCode: 'E-Mail-Code',
    byPassword: 'Passwort',
    register: 'Registrieren',
    email: 'E-Mail',
    sendCode: 'Code senden',
    codeSent: 'Wir haben einen 6-stelligen Code an {{email}} gesendet. Er ist 5 Minuten gültig.',
    code: 'Code',
    wrongCode:
      'Der Code ist falsch oder abgelaufen. Sieh in der neuesten E-Mail nach oder fordere einen neuen Code an.',
    signIn: 'Anmelden',
    changeEmail: 'E-Mail ändern',
    resendIn: 'Erneut senden in {{seconds}} s',
    resend: 'Code erneut senden',
    name: 'Name',
    password: 'Passwort',
    createAccount: 'Konto erstellen',
    signedOutElsewhere: 'Du wurdest von einem anderen Gerät aus abgemeldet.',
  },
  app: {
    loading: 'Wird geladen…',
  },
  update: {
    available: 'Eine neue Version ist verfügbar.',
    reload: 'Neu laden',
  },
  errors: {
    unreachable: 'Der Server ist nicht erreichbar. Prüf deine Verbindung.',
    unknown: 'Etwas ist schiefgegangen',
    requestFailed: 'Anfrage fehlgeschlagen ({{status}})',
  },
  language: {
    label: 'Sprache',
  },
  panel: {
    // German nouns keep their capital: "Gruppeninfo schließen".
    close: '{{title}} schließen',
  },
};
