import type { App } from './app';
import { DEMO_API_KEY, DEMO_PASSWORD, demoAccounts } from './services/demo';

export function printBanner(app: App): void {
  const url = `http://localhost:${app.env.PORT}`;
  const lines = [
    `Octoflow is running at ${url}  (database: ${app.database.kind === 'pglite' ? `embedded PGlite in ${app.env.OCTOFLOW_DATA_DIR}` : 'PostgreSQL'})`,
  ];
  if (app.env.OCTOFLOW_DEMO === 'on') {
    lines.push(`Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const a of demoAccounts) lines.push(`  ${a.role.padEnd(10)} ${a.email}`);
    lines.push(`Demo API key: ${DEMO_API_KEY}   (demo only: create your own keys in production)`);
  }
  console.log(lines.join('\n'));
}
