'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Dayjs } from 'dayjs';
import { Button, DatePicker, Radio, Typography } from 'antd';
import { fromChinaWall, toChinaWall } from '@/app/_lib/china-wall-clock';

export interface CallBack {
  at: Date;
  to: 'me' | 'team';
}

const BIG = { minHeight: 48, fontSize: 16 } as const;

/**
 * When to call the customer back: one-touch choices (in 1 hour, in 2 hours, tomorrow 10:00) or
 * any time before the task expires, and, for outbound calls, whether the agent calls back
 * themselves or whoever of the team is free. Times are counted from the server's clock
 * (`serverNow`), not the tablet's, so a wrong device clock cannot pick a time already past, and
 * in China time, as the task card shows them, whatever time zone the device is set to.
 */
export function CallBackPicker({
  serverNow,
  dueAt,
  outbound,
  busy,
  onConfirm,
  onCancel,
}: {
  serverNow: Date;
  dueAt: Date;
  outbound: boolean;
  busy: boolean;
  onConfirm: (choice: CallBack) => void;
  onCancel: () => void;
}) {
  const t = useTranslations('workbench.callBack');
  // Picker values are China wall-clock times (china-wall-clock.ts).
  const now = toChinaWall(serverNow);
  const latest = toChinaWall(dueAt);
  const [at, setAt] = useState<Dayjs | null>(() => earliestOf(toChinaWall(serverNow.getTime() + 7_200_000), latest));
  const [to, setTo] = useState<'me' | 'team'>('me');
  const presets = [
    { key: 'in1h', at: toChinaWall(serverNow.getTime() + 3_600_000) },
    { key: 'in2h', at: toChinaWall(serverNow.getTime() + 7_200_000) },
    { key: 'tomorrow', at: now.add(1, 'day').hour(10).minute(0).second(0).millisecond(0) },
  ] as const;
  const valid = at !== null && at.isAfter(now) && at.isBefore(latest);

  return (
    <fieldset data-testid="call-back-picker" style={{ border: '1px solid #d3adf7', borderRadius: 8, padding: 16, marginTop: 12 }}>
      <legend style={{ padding: '0 8px', fontSize: 16 }}>{t('title')}</legend>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        {presets.map((p) => (
          <Button key={p.key} size="large" style={BIG} disabled={!p.at.isBefore(latest)} onClick={() => setAt(p.at)} data-testid={`call-back-${p.key}`}>
            {t(p.key)}
          </Button>
        ))}
      </div>
      <label htmlFor="call-back-at" style={{ display: 'block', marginBottom: 4 }}>
        {t('at')}
      </label>
      <DatePicker
        id="call-back-at"
        data-testid="call-back-at"
        size="large"
        showTime={{ format: 'HH:mm', minuteStep: 1 }}
        format="YYYY-MM-DD HH:mm"
        value={at}
        onChange={(v) => setAt(v)}
        disabledDate={(d) => d.isBefore(now, 'day') || d.isAfter(latest, 'day')}
        needConfirm={false}
        style={{ minWidth: 260 }}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 12px' }}>
        {t('before', { due: latest.format('YYYY-MM-DD HH:mm') })}
      </Typography.Paragraph>
      {at !== null && !valid && (
        <Typography.Paragraph type="danger" role="alert" data-testid="call-back-invalid">
          {at.isAfter(now) ? t('tooLate') : t('inThePast')}
        </Typography.Paragraph>
      )}
      {outbound && (
        <Radio.Group value={to} onChange={(e) => setTo(e.target.value)} style={{ marginBottom: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="call-back-to">
          <Radio.Button value="me" style={BIG}>
            {t('me')}
          </Radio.Button>
          <Radio.Button value="team" style={BIG}>
            {t('team')}
          </Radio.Button>
        </Radio.Group>
      )}
      <div style={{ display: 'flex', gap: 12 }}>
        <Button type="primary" size="large" style={BIG} disabled={!valid || busy} loading={busy} onClick={() => at && onConfirm({ at: fromChinaWall(at), to })} data-testid="call-back-confirm">
          {t('confirm')}
        </Button>
        <Button size="large" style={BIG} onClick={onCancel} data-testid="call-back-cancel">
          {t('cancel')}
        </Button>
      </div>
    </fieldset>
  );
}

const earliestOf = (a: Dayjs, b: Dayjs) => (a.isBefore(b) ? a : b.subtract(1, 'minute'));
