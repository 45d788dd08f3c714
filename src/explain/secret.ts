// Which names look like they hold a secret. Their values are never stored, printed or diffed: `explain`
// says only "changed" for them, as it does for every env var.

const SECRET_WORDS = ['password', 'passwd', 'pwd', 'secret', 'token', 'key', 'credential', 'credentials', 'auth', 'private', 'cert', 'signature', 'salt', 'session', 'cookie', 'dsn', 'conn'];

/** Splits `dbPassword`, `API_KEY`, `service-account.json` into lowercase words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * True for a name with a word that names a secret (password, secret, token, key, credential, auth, …), also
 * glued on (`apikey`, `dbpassword`). Errs towards hiding: a hidden harmless value costs one "changed" line.
 */
export function looksSecret(name: string): boolean {
  const lower = name.toLowerCase();
  if (['password', 'passwd', 'secret', 'token', 'credential', 'apikey', 'api_key', 'private'].some((w) => lower.includes(w))) return true;
  return words(name).some((w) => SECRET_WORDS.includes(w) || SECRET_WORDS.some((s) => s.length >= 5 && w.endsWith(s)));
}
