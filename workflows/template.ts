import { findEventType, findTag, type Catalog, type FieldDef } from './catalog';
import { clip, t, type LocalizedText } from './text';

/**
 * Message templates: plain text with `{{customer.<tag>}}` and `{{event.<attribute>}}`
 * placeholders. No logic, no filters: wording is approved by the customer-service department
 * exactly as written, so what they read is what the customer gets.
 */

export const MAX_TEMPLATE_LENGTH = 2000;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const FIELD = /^\s*(customer|event)\.([a-z][a-z0-9_]{0,63})\s*$/;

export interface TemplateIssue {
  code: 'unknown_placeholder' | 'bad_placeholder' | 'too_long' | 'empty';
  message: LocalizedText;
  placeholder?: string;
}

/** Lists the placeholders of a template, e.g. ['customer.name']. */
export function templateFields(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const f = FIELD.exec(m[1]);
    if (f) out.push(`${f[1]}.${f[2]}`);
  }
  return out;
}

/** Reports placeholders that name no customer tag or event attribute. */
export function checkTemplate(
  template: string,
  opts: { catalog: Catalog; eventType?: string },
): TemplateIssue[] {
  if (template.trim() === '') return [{ code: 'empty', message: t('The message text is empty.', '消息内容为空。') }];
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return [
      {
        code: 'too_long',
        message: t(`The message is longer than ${MAX_TEMPLATE_LENGTH} characters.`, `消息超过 ${MAX_TEMPLATE_LENGTH} 个字符。`),
      },
    ];
  }
  const issues: TemplateIssue[] = [];
  const tags = new Set(opts.catalog.tags.map((f) => f.name));
  const event = opts.eventType === undefined ? undefined : findEventType(opts.catalog, opts.eventType);
  const attrs = new Set(event?.attributes.map((f) => f.name) ?? []);
  for (const m of template.matchAll(PLACEHOLDER)) {
    const text = clip(m[0], 40);
    const f = FIELD.exec(m[1]);
    if (!f) {
      issues.push({
        code: 'bad_placeholder',
        placeholder: text,
        message: t(
          `"${text}" is not a valid placeholder; write {{customer.<tag>}} or {{event.<attribute>}}.`,
          `“${text}”不是有效的占位符；请写成 {{customer.<标签>}} 或 {{event.<属性>}}。`,
        ),
      });
    } else if (f[1] === 'customer' ? !tags.has(f[2]) : !attrs.has(f[2])) {
      const where = f[1] === 'customer' ? t('customer tag', '客户标签') : t('attribute of the triggering event', '触发事件的属性');
      issues.push({
        code: 'unknown_placeholder',
        placeholder: text,
        message: t(`"${text}" refers to no ${where.en}.`, `“${text}”不对应任何${where.zh}。`),
      });
    }
  }
  return issues;
}

function show(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** What a template's fields are: the catalog, and the event type whose attributes `event.*` reads. */
export interface TemplateScope {
  catalog?: Catalog;
  eventType?: string;
}

/**
 * The language a template is written in, for the names of enum values it shows: Chinese when it
 * has a Chinese character, else English. A customer reads 您的5G家庭套餐, never `family_5g`.
 */
export const templateLanguage = (template: string): 'en' | 'zh' => (/[\u3400-\u9fff\uf900-\ufaff]/.test(template) ? 'zh' : 'en');

/**
 * Fills the placeholders. An enum value is written as its catalog name in the template's language
 * (a value without a name as it is). A value the customer or event lacks renders as an empty
 * string and is listed in `missing`, so the caller can decide not to send a message with a hole in it.
 */
export function renderTemplate(
  template: string,
  data: { customer?: Record<string, unknown>; event?: Record<string, unknown> },
  scope: TemplateScope,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const language = templateLanguage(template);
  const { catalog, eventType } = scope;
  const event = catalog && eventType !== undefined ? findEventType(catalog, eventType) : undefined;
  const fieldOf = (source: string, name: string): FieldDef | undefined =>
    source === 'customer' ? (catalog && findTag(catalog, name)) : event?.attributes.find((a) => a.name === name);
  const text = template.replace(PLACEHOLDER, (whole, inner: string) => {
    const f = FIELD.exec(inner);
    if (!f) return whole;
    const source = f[1] === 'customer' ? data.customer : data.event;
    const has = source && typeof source === 'object' && Object.prototype.hasOwnProperty.call(source, f[2]);
    const value = has ? show(source[f[2]]) : undefined;
    if (value === undefined) {
      missing.push(`${f[1]}.${f[2]}`);
      return '';
    }
    const field = fieldOf(f[1], f[2]);
    const name = field?.type === 'enum' && Object.prototype.hasOwnProperty.call(field.valueLabels ?? {}, value) ? field.valueLabels![value] : undefined;
    return name ? name[language] : value;
  });
  return { text, missing };
}
