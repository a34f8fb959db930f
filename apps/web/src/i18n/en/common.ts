/**
 * The texts of the first screen (signing in) and of what every screen shares. They load with the
 * first page, so only what that page needs belongs here; the signed-in app's are in `chat.ts`.
 * `{{name}}` is filled in; `key_one` / `key_other` are plural forms, chosen by `count`.
 */
export const common = {
  signIn: {
    title: 'Sign in to Chat',
    how: 'How to sign in',
    byCode: 'E-mail code',
    byPassword: 'Password',
    register: 'Register',
    email: 'E-mail',
    sendCode: 'Send me a code',
    codeSent: 'We sent a 6-digit code to {{email}}. It is valid for 5 minutes.',
    code: 'Code',
    wrongCode: 'That code is wrong or has expired. Check the newest e-mail, or ask for a new code.',
    signIn: 'Sign in',
    changeEmail: 'Change e-mail',
    resendIn: 'Resend in {{seconds}}s',
    resend: 'Resend code',
    name: 'Name',
    password: 'Password',
    createAccount: 'Create account',
    // The sign-in screen after this device's session was ended from another one.
    signedOutElsewhere: 'You were signed out from another device.',
  },
  app: {
    loading: 'Loading…',
  },
  update: {
    available: 'A new version is available.',
    reload: 'Reload',
  },
  errors: {
    unreachable: 'Cannot reach the server. Check your connection.',
    unknown: 'Something went wrong',
    requestFailed: 'Request failed ({{status}})',
  },
  language: {
    label: 'Language',
  },
  panel: {
    // "Close group info": the panel's title as a word in the sentence.
    close: 'Close {{title, lowercase}}',
  },
} as const;
