'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Input, Modal, Typography, type ButtonProps } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { useRefreshOperations } from './use-operations';

export type Letter = inferRouterOutputs<AppRouter>['operations']['deadLetters']['rows'][number];

/** The corrected event, or why the text cannot be one (nothing is sent then). */
function parseEvent(text: string): { event: Record<string, unknown> } | { invalidJson: string } | { notObject: true } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { invalidJson: (err as Error).message };
  }
  // A list, a bare value or null is no event (the server refuses them too).
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { notObject: true };
  return { event: value as Record<string, unknown> };
}

/**
 * Replays a refused event: its payload as pretty JSON, which the operator may correct. Invalid
 * JSON is caught here and nothing is sent; an event the server still refuses keeps the modal open
 * with the server's reason (naming the field), which the letter now records too.
 * Mount it with `key={letter.id}`: the text starts from that letter's payload.
 */
export function ReplayModal({ letter, onClose }: { letter: Letter | null; onClose: () => void }) {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const [text, setText] = useState(() => (letter ? JSON.stringify(letter.payload, null, 2) : ''));
  const [localError, setLocalError] = useState<string | null>(null);
  const replay = useMutation(
    trpc.operations.replayDeadLetter.mutationOptions({
      onSuccess: async (result) => {
        if (result.ok) {
          message.success(result.duplicate ? t('replay.duplicate') : t('replay.done'));
          onClose();
        }
        await refresh();
      },
    }),
  );
  const serverError = replay.error ? callError(replay.error).message : replay.data && !replay.data.ok ? t('replay.stillRefused', { error: replay.data.error ?? '' }) : null;

  const submit = () => {
    if (!letter) return;
    const parsed = parseEvent(text);
    if ('invalidJson' in parsed) return setLocalError(t('replay.invalidJson', { message: parsed.invalidJson }));
    if ('notObject' in parsed) return setLocalError(t('replay.notObject'));
    setLocalError(null);
    replay.mutate({ id: letter.id, payload: parsed.event });
  };

  return (
    <Modal
      open={Boolean(letter)}
      // An eventId may be any length (the payload below has all of it): the title names its beginning.
      title={letter?.eventId ? t('replay.title', { eventId: letter.eventId.length > 60 ? `${letter.eventId.slice(0, 60)}…` : letter.eventId }) : t('replay.titleNoId', { id: letter?.id ?? '' })}
      okText={t('replay.submit')}
      cancelText={tc('cancel')}
      confirmLoading={replay.isPending}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'replay-submit' } as ButtonProps}
      width={720}
      destroyOnHidden
    >
      {letter && (
        <Typography.Paragraph>
          <Typography.Text type="danger" data-testid="replay-refused-because">
            {t('replay.refusedBecause', { error: letter.error })}
          </Typography.Text>
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary">{t('replay.hint')}</Typography.Paragraph>
      <Input.TextArea
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setLocalError(null);
        }}
        autoSize={{ minRows: 8, maxRows: 24 }}
        spellCheck={false}
        status={localError ? 'error' : undefined}
        data-testid="replay-payload"
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13 }}
      />
      {localError && <Alert type="error" showIcon title={localError} style={{ marginTop: 12 }} data-testid="replay-json-error" />}
      {!localError && serverError && <Alert type="error" showIcon title={serverError} style={{ marginTop: 12 }} data-testid="replay-error" />}
    </Modal>
  );
}
