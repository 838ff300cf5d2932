import { getTranslations } from 'next-intl/server';
import { openApiDocument } from '@/server/http/openapi';
import { ApiDocsView, type OpenApiDoc } from './api-docs-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.apiDocs');
  return { title: `${t('title')} · Octoflow` };
}

/** The public API reference, rendered from the same OpenAPI document served at /api/v1/openapi.json. */
export default function ApiDocsPage() {
  return <ApiDocsView doc={openApiDocument() as OpenApiDoc} />;
}
