'use client';
// Pickers for settings that name something the operator has declared (issue 5: "pickers for
// products, offers, wording templates, event types and approver roles, not free text"): the
// catalog's event types, offers, products, customer tags and partner endpoints, and the job
// titles approvers hold. A value the list does not know (an old flow, a retired product) is
// still shown, marked, so nothing is silently replaced; validation says what is wrong with it.
import { useLocale, useTranslations } from 'next-intl';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Catalog } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import { useTRPC } from '@/app/_lib/trpc';

export type CatalogWidget = 'event-type' | 'offer' | 'product' | 'tag' | 'endpoint';
export const CATALOG_WIDGETS: readonly string[] = ['event-type', 'offer', 'product', 'tag', 'endpoint'] satisfies CatalogWidget[];

interface Option {
  value: string;
  label: string;
}

function catalogOptions(widget: CatalogWidget, catalog: Catalog, locale: string): Option[] {
  const named = (id: string, label: Parameters<typeof pickText>[0]) => ({ value: id, label: `${pickText(label, locale)} (${id})` });
  switch (widget) {
    case 'event-type':
      return catalog.eventTypes.map((e) => named(e.type, e.label));
    case 'offer':
      return catalog.offers.map((o) => named(o.id, o.label));
    case 'product':
      return catalog.products.map((p) => named(p.id, p.label));
    case 'tag':
      return catalog.tags.map((f) => named(f.name, f.label));
    case 'endpoint':
      return catalog.endpoints.map((p) => named(p.id, p.label));
  }
}

/** Keeps a value the list does not know visible, marked as unknown. */
function withCurrent(options: Option[], values: string[], unknown: string): Option[] {
  const missing = values.filter((v) => v && !options.some((o) => o.value === v));
  return [...options, ...missing.map((v) => ({ value: v, label: `${v} (${unknown})` }))];
}

interface PickerProps {
  id: string;
  testId: string;
  required: boolean;
  disabled: boolean;
}

/** One choice from the catalog. An optional setting can be cleared; a required one stays empty for validation to ask. */
export function CatalogSelect({ widget, catalog, value, onChange, ...p }: PickerProps & { widget: CatalogWidget; catalog: Catalog; value: string; onChange(v: string | undefined): void }) {
  const locale = useLocale();
  const t = useTranslations('designer.form.pickers');
  return (
    <Select
      id={p.id}
      data-testid={p.testId}
      allowClear={!p.required || widget === 'offer'}
      disabled={p.disabled}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t(`placeholder.${widget}`)}
      notFoundContent={t('none')}
      value={value || undefined}
      onChange={(v: string | undefined) => onChange(v || (p.required ? '' : undefined))}
      options={withCurrent(catalogOptions(widget, catalog, locale), [value], t('unknown'))}
    />
  );
}

/** Several customer tags from the catalog (e.g. the tags a partner webhook shares). */
export function TagsSelect({ catalog, value, onChange, ...p }: PickerProps & { catalog: Catalog; value: string[]; onChange(v: string[]): void }) {
  const locale = useLocale();
  const t = useTranslations('designer.form.pickers');
  return (
    <Select
      mode="multiple"
      id={p.id}
      data-testid={p.testId}
      disabled={p.disabled}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('placeholder.tags')}
      notFoundContent={t('none')}
      value={value}
      onChange={(v: string[]) => onChange(v)}
      options={withCurrent(catalogOptions('tag', catalog, locale), value, t('unknown'))}
    />
  );
}

/** A job title (岗位) approvers of the node's department hold; empty means anyone in the department. */
export function ApproverRoleSelect({ department, value, onChange, ...p }: PickerProps & { department: string; value: string; onChange(v: string | undefined): void }) {
  const t = useTranslations('designer.form.pickers');
  const trpc = useTRPC();
  const titles = useQuery({ ...trpc.users.approverTitles.queryOptions(), staleTime: 60_000 });
  const held = titles.data?.find((d) => d.department === department)?.titles ?? [];
  return (
    <Select
      id={p.id}
      data-testid={p.testId}
      allowClear
      disabled={p.disabled}
      loading={titles.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('placeholder.role')}
      notFoundContent={t('noRoles')}
      value={value || undefined}
      onChange={(v: string | undefined) => onChange(v || undefined)}
      options={withCurrent(
        held.map((title) => ({ value: title, label: title })),
        [value],
        t('notHeld'),
      )}
    />
  );
}
