// The contact policy as the page's form holds it, and back: channel caps as rows of a table,
// quiet hours and the hold limit as a switch beside their values, times as dayjs for the pickers.
// A refusal from the server names each field by its path in the policy (`['caps', 'perWeek']`);
// fieldErrors puts each message on the form field it is about.
import dayjs, { type Dayjs } from 'dayjs';
import type { FormInstance } from 'antd';
import type { ContactPolicy } from '@/server/runtime/contact-policy';
import type { FieldIssue } from '@/server/services/field-issue';

export interface PolicyForm {
  caps: { perDay: number; perWeek: number };
  channelCaps: { channel: string; perDay: number; perWeek: number }[];
  quietEnabled: boolean;
  quietStart: Dayjs | null;
  quietEnd: Dayjs | null;
  consentRequired: string[];
  exempt: string[];
  holdUnlimited: boolean;
  maxHeldHours: number | null;
}

const time = (hhmm: string) => dayjs(`2000-01-01T${hhmm}`);

export function toForm(p: ContactPolicy): PolicyForm {
  return {
    caps: p.caps,
    channelCaps: Object.entries(p.channelCaps).map(([channel, cap]) => ({ channel, ...cap })),
    quietEnabled: p.quietHours !== null,
    quietStart: time(p.quietHours?.start ?? '21:00'),
    quietEnd: time(p.quietHours?.end ?? '08:00'),
    consentRequired: p.consentRequired,
    exempt: p.exempt,
    holdUnlimited: p.maxHeldHours === null,
    maxHeldHours: p.maxHeldHours ?? 72,
  };
}

export function toPolicy(f: PolicyForm): ContactPolicy {
  return {
    caps: { perDay: f.caps.perDay, perWeek: f.caps.perWeek },
    channelCaps: Object.fromEntries((f.channelCaps ?? []).map((c) => [c.channel, { perDay: c.perDay, perWeek: c.perWeek }])),
    quietHours: f.quietEnabled ? { start: f.quietStart?.format('HH:mm') ?? '', end: f.quietEnd?.format('HH:mm') ?? '' } : null,
    consentRequired: f.consentRequired ?? [],
    exempt: f.exempt ?? [],
    maxHeldHours: f.holdUnlimited ? null : f.maxHeldHours,
  };
}

type FieldError = Parameters<FormInstance<PolicyForm>['setFields']>[0][number];
type FieldName = FieldError['name'];

/** The form field a policy path (`channelCaps.sms.perWeek`, `quietHours.end`, `exempt.1`) is about. */
function fieldOf(path: string[], f: PolicyForm): FieldName | null {
  const [head, key, leaf] = path;
  if (head === 'caps' && (key === 'perDay' || key === 'perWeek')) return ['caps', key] as const;
  if (head === 'channelCaps') {
    const row = (f.channelCaps ?? []).findIndex((c) => c.channel === key);
    return row < 0 ? null : (['channelCaps', row, leaf === 'perDay' || leaf === 'perWeek' ? leaf : 'channel'] as const);
  }
  if (head === 'quietHours') return key === 'start' ? 'quietStart' : 'quietEnd';
  if (head === 'consentRequired' || head === 'exempt' || head === 'maxHeldHours') return head;
  return null;
}

/** A refusal's refused fields (the API's `data.fields`) as errors on the form's fields (those it can place). */
export function fieldErrors(fields: FieldIssue[], f: PolicyForm): FieldError[] {
  return fields.flatMap(({ path, message }) => {
    const name = fieldOf(path.map(String), f);
    return name === null ? [] : [{ name, errors: [message] }];
  });
}
