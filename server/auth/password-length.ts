// The length a password must have (pure: the users page imports it too). better-auth's
// emailAndPassword config takes these (auth.ts), and accounts made by administrators meet them.
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
