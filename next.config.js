// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');
const withNextIntl = createNextIntlPlugin('./app/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite resolves its wasm/data files relative to its own package; bundling breaks that.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', '@marcbachmann/cel-js', 'smpp'],
  reactStrictMode: true,
  // Separate build folders let parallel checkouts/tests build without clobbering each other.
  distDir: process.env.OCTOFLOW_DIST_DIR || '.next',
  poweredByHeader: false,
};

module.exports = withNextIntl(nextConfig);
