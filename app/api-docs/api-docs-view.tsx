'use client';
import { useTranslations } from 'next-intl';
import { Anchor, Button, Card, Col, Collapse, Descriptions, Flex, Layout, Row, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  $ref?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
};
interface Operation {
  summary?: string;
  description?: string;
  'x-scope'?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema; example?: unknown }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description?: string; headers?: Record<string, { description?: string }>; content?: Record<string, { schema: JsonSchema }> }>;
}
export interface OpenApiDoc {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
  'x-webhook-signatures': string;
}

const METHOD_COLORS: Record<string, string> = { get: 'blue', post: 'green', patch: 'orange', put: 'gold', delete: 'red' };
const refName = (ref: string) => ref.split('/').pop() ?? ref;
const anchorOf = (name: string) => `schema-${name}`;

/** A schema's type in one line: `string (uuid)`, `Event[]`, `"a" | "b"`. */
function typeOf(s: JsonSchema | undefined): React.ReactNode {
  if (!s) return 'any';
  if (s.$ref) return <a href={`#${anchorOf(refName(s.$ref))}`}>{refName(s.$ref)}</a>;
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts)
    return alts.map((a, i) => (
      <span key={i}>
        {i > 0 && ' | '}
        {typeOf(a)}
      </span>
    ));
  if (s.type === 'array') return <>{typeOf(s.items)}[]</>;
  if (s.type === 'object' && !s.properties && s.additionalProperties) return <>map of {typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties) : 'any'}</>;
  const base = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return s.format ? `${base} (${s.format})` : base;
}

function constraints(s: JsonSchema): string {
  const out: string[] = [];
  if (s.minLength !== undefined) out.push(`≥ ${s.minLength} chars`);
  if (s.maxLength !== undefined) out.push(`≤ ${s.maxLength} chars`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(', ');
}

function SchemaTable({ schema }: { schema: JsonSchema }) {
  if (!schema.properties) return <Typography.Text code>{typeOf(schema)}</Typography.Text>;
  const rows = Object.entries(schema.properties).map(([name, s]) => ({ name, s, required: schema.required?.includes(name) ?? false }));
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={rows}
      columns={[
        {
          title: 'field',
          dataIndex: 'name',
          width: 180,
          render: (n: string, r) => (
            <span>
              <Typography.Text code>{n}</Typography.Text>
              {r.required && <Typography.Text type="danger"> *</Typography.Text>}
            </span>
          ),
        },
        { title: 'type', key: 'type', width: 260, render: (_, r) => <Typography.Text code>{typeOf(r.s)}</Typography.Text> },
        {
          title: '',
          key: 'desc',
          render: (_, r) => (
            <span>
              {r.s.description} <Typography.Text type="secondary">{constraints(r.s)}</Typography.Text>
            </span>
          ),
        },
      ]}
    />
  );
}

function OperationCard({ method, path, op }: { method: string; path: string; op: Operation }) {
  const t = useTranslations('customerData.apiDocs');
  const body = op.requestBody && Object.entries(op.requestBody.content)[0];
  return (
    <Card
      size="small"
      id={`op-${method}-${path}`}
      style={{ marginBottom: 16 }}
      title={
        <Space>
          <Tag color={METHOD_COLORS[method]}>{method.toUpperCase()}</Tag>
          <Typography.Text code>{path}</Typography.Text>
          <Typography.Text>{op.summary}</Typography.Text>
        </Space>
      }
      extra={op['x-scope'] && <Tag>{`${t('scope')}: ${op['x-scope']}`}</Tag>}
    >
      {op.description && <Typography.Paragraph>{op.description}</Typography.Paragraph>}
      {op.parameters?.length ? (
        <>
          <Typography.Title level={5}>{t('parameters')}</Typography.Title>
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 12 }}
            items={op.parameters.map((p) => ({
              key: p.name,
              label: `${p.name} (${p.in})${p.required ? ' *' : ''}`,
              children: (
                <>
                  <Typography.Text code>{typeOf(p.schema)}</Typography.Text> {p.description}
                </>
              ),
            }))}
          />
        </>
      ) : null}
      {body && (
        <>
          <Typography.Title level={5}>
            {t('request')} <Typography.Text type="secondary">({body[0]})</Typography.Text>
          </Typography.Title>
          <div style={{ marginBottom: 12 }}>
            <SchemaTable schema={body[1].schema} />
          </div>
        </>
      )}
      <Typography.Title level={5}>{t('responses')}</Typography.Title>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={Object.entries(op.responses).map(([code, r]) => {
          const schema = r.content && Object.values(r.content)[0]?.schema;
          return {
            key: code,
            label: code,
            children: (
              <>
                {r.description}
                {schema && (
                  <>
                    {' — '}
                    <Typography.Text code>{typeOf(schema)}</Typography.Text>
                  </>
                )}
                {r.headers && Object.keys(r.headers).map((h) => <Tag key={h} style={{ marginLeft: 8 }}>{h}</Tag>)}
              </>
            ),
          };
        })}
      />
    </Card>
  );
}

/** A clean rendering of the OpenAPI document: operations, schemas, webhook signatures. */
export function ApiDocsView({ doc }: { doc: OpenApiDoc }) {
  const t = useTranslations('customerData.apiDocs');
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return (
    <Layout style={{ minHeight: '100vh', background: '#fff' }}>
      <Layout.Content style={{ padding: '24px 32px', maxWidth: 1400, margin: '0 auto', width: '100%' }}>
        <Flex justify="space-between" align="center">
          <Typography.Title level={2} style={{ margin: 0 }} data-testid="api-docs-title">
            {t('title')} · {doc.info.title} v{doc.info.version}
          </Typography.Title>
          <Button icon={<DownloadOutlined />} href="/api/v1/openapi.json" target="_blank">
            {t('download')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
        <Row gutter={24}>
          <Col xs={0} lg={5}>
            <Anchor
              offsetTop={16}
              items={[
                ...ops.map(({ path, method }) => ({ key: `${method}${path}`, href: `#op-${method}-${path}`, title: `${method.toUpperCase()} ${path.replace('/api/v1', '')}` })),
                { key: 'webhooks', href: '#webhooks', title: t('webhooks') },
                { key: 'schemas', href: '#schemas', title: t('schemas') },
              ]}
            />
          </Col>
          <Col xs={24} lg={19}>
            <Card size="small" title={t('auth')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{doc.info.description.split('\n\n## ')[0]}</Typography.Paragraph>
            </Card>
            {ops.map(({ path, method, op }) => (
              <OperationCard key={`${method}${path}`} method={method} path={path} op={op} />
            ))}
            <Card size="small" id="webhooks" title={t('webhooks')} style={{ marginBottom: 16 }} data-testid="webhook-signatures">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{doc['x-webhook-signatures']}</Typography.Paragraph>
              <pre style={{ background: '#fafafa', padding: 12, overflowX: 'auto' }}>{`import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the bytes received, before JSON parsing
const ts = req.headers['x-octoflow-timestamp'];
if (!/^\\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return refuse();
const expected = createHmac('sha256', secret).update(\`\${ts}.\`).update(rawBody).digest();
const ok = req.headers['x-octoflow-signature'].split(',').some((part) => {
  const [scheme, hex] = part.trim().split('=');
  return scheme === 'v1' && /^[0-9a-f]{64}$/i.test(hex) && timingSafeEqual(Buffer.from(hex, 'hex'), expected);
});`}</pre>
            </Card>
            <Typography.Title level={3} id="schemas">
              {t('schemas')}
            </Typography.Title>
            <Collapse
              items={Object.entries(doc.components.schemas).map(([name, schema]) => ({
                key: name,
                label: <span id={anchorOf(name)}>{name}</span>,
                forceRender: true,
                children: <SchemaTable schema={schema} />,
              }))}
            />
          </Col>
        </Row>
      </Layout.Content>
    </Layout>
  );
}
