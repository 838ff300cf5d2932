// Opens the database, applies migrations, seeds the demo and starts the in-process workers when
// the server starts (not on first request), and prints where to go and how to sign in.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getApp } = await import('./server/app');
  const { printBanner } = await import('./server/banner');
  const app = await getApp();
  printBanner(app);
}
