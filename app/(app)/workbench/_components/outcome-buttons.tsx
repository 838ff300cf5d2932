'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Popconfirm } from 'antd';
import { CheckOutlined, ClockCircleOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import type { TaskView } from '@/server/services/frontline-tasks';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { CallBackPicker, type CallBack } from './call-back-picker';

const BIG = { minHeight: 56, minWidth: 140, fontSize: 17 } as const;

/**
 * The four answers a customer gives, as large buttons a busy counter can hit (and tab to).
 * "Call back later" opens a time picker; `serverNow` is the server's clock from the last poll.
 */
export function OutcomeButtons({ task, serverNow, onRecorded }: { task: TaskView; serverNow: Date; onRecorded?: () => void }) {
  const t = useTranslations('workbench');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [picking, setPicking] = useState(false);
  const record = useMutation(
    trpc.frontline.recordOutcome.mutationOptions({
      onSuccess: async (done) => {
        message.success(t(`outcome.recorded.${done.outcome as 'accepted'}`));
        setNote('');
        setPicking(false);
        await queryClient.invalidateQueries({ queryKey: trpc.frontline.pathKey() });
        onRecorded?.();
      },
      onError: (err) => message.error(t('saveFailed', { message: callError(err).message })),
    }),
  );
  const send = (outcome: 'accepted' | 'declined' | 'call_back' | 'not_interested', callBack?: CallBack) =>
    record.mutate({ taskId: task.id, outcome, note: note.trim() || undefined, callBackAt: callBack?.at, callBackTo: callBack?.to });
  const busy = record.isPending;
  const noteId = `note-${task.id}`;

  return (
    <div role="group" aria-label={t('outcome.label')} data-testid={`outcomes-${task.id}`}>
      <label htmlFor={noteId} style={{ display: 'block', marginBottom: 4 }}>
        {t('task.note')}
      </label>
      <Input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} size="large" style={{ marginBottom: 12 }} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        <Button
          type="primary"
          size="large"
          icon={<CheckOutlined />}
          style={BIG}
          disabled={busy || task.eligibility?.eligible === false}
          onClick={() => send('accepted')}
          data-testid="outcome-accepted"
        >
          {t('outcome.accepted')}
        </Button>
        <Button size="large" icon={<CloseOutlined />} style={BIG} disabled={busy} onClick={() => send('declined')} data-testid="outcome-declined">
          {t('outcome.declined')}
        </Button>
        <Button
          size="large"
          icon={<ClockCircleOutlined />}
          style={BIG}
          disabled={busy}
          aria-expanded={picking}
          onClick={() => setPicking((p) => !p)}
          data-testid="outcome-call_back"
        >
          {t('outcome.call_back')}
        </Button>
        <Popconfirm
          title={t('outcome.confirmNever')}
          okText={t('outcome.confirmYes')}
          okButtonProps={{ danger: true, size: 'large', id: `never-confirm-${task.id}` }}
          cancelButtonProps={{ size: 'large' }}
          onConfirm={() => send('not_interested')}
        >
          <Button danger size="large" icon={<StopOutlined />} style={BIG} disabled={busy} data-testid="outcome-not_interested">
            {t('outcome.not_interested')}
          </Button>
        </Popconfirm>
      </div>
      {picking && (
        <CallBackPicker
          serverNow={serverNow}
          dueAt={task.dueAt}
          outbound={task.kind === 'outbound_call'}
          busy={busy}
          onConfirm={(choice) => send('call_back', choice)}
          onCancel={() => setPicking(false)}
        />
      )}
    </div>
  );
}
