'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Flex, Space, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CaretRightOutlined, CheckCircleOutlined, CopyOutlined, PauseOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { callError, detailTexts } from '@/app/_lib/trpc-error';
import { StatusTag } from '@/app/_components/status-tag';
import type { CampaignData } from './designer-editor';
import { useCampaignEditing } from './campaign-editing';
import { PlanLink } from './plan/plan-link';

export interface DesignerToolbarProps {
  campaign: CampaignData;
  graph: FlowGraph;
  dirty: boolean;
  saving: boolean;
  /** The last automatic save did not reach the server (it retries; the local backup holds the edits). */
  failing: boolean;
  revision: number;
  issueCount: number;
  /** Saves the draft (serialised with autosave); false when it did not save. */
  save(): Promise<boolean>;
  onShowIssues(): void;
}

/** Save, validate, submit for approval, go live and pause, as the campaign's status and the role allow. */
export function DesignerToolbar({ campaign, graph, dirty, saving, failing, revision, issueCount, save, onShowIssues }: DesignerToolbarProps) {
  const t = useTranslations('designer.toolbar');
  const locale = useLocale();
  const tt = useTranslations('designerTools');
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  // Duplicating needs only the role: the copy is a new campaign of one's own department.
  const canDuplicate = useCan('campaign.edit');
  const { editable } = useCampaignEditing(campaign);
  const canSubmit = useCan('campaign.submit') && editable;
  const canLaunch = useCan('campaign.launch');
  const id = campaign.id;
  // Whether Submit would ask the approvers for anything: a saved draft that is what is already
  // waiting, running or approved would not, and the button says so instead of being pressed to find
  // out. Asked again for each saved revision; unsaved edits always make something to submit.
  const check = useQuery({ ...trpc.campaigns.submitCheck.queryOptions({ id, revision }), enabled: canSubmit });
  const nothingToSign = !dirty && !saving && check.data?.submittable === false && check.data.reason === 'nothing_to_sign' ? check.data.message : null;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.campaigns.get.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.campaigns.versions.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.campaigns.submitCheck.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.campaigns.list.queryKey() }),
    ]);

  const duplicate = useMutation(trpc.campaigns.create.mutationOptions());
  const submit = useMutation(trpc.campaigns.submit.mutationOptions());
  const launch = useMutation(trpc.campaigns.launch.mutationOptions());
  const pause = useMutation(trpc.campaigns.pause.mutationOptions());
  const busy = saving || duplicate.isPending || submit.isPending || launch.isPending || pause.isPending;

  const fail = (err: unknown) => {
    const e = callError(err);
    // The offers' terms or the allocation changed after submission (server/services/version-refs.ts).
    const refsChanged = detailTexts(e.details, 'refsChanged', locale);
    if (e.code === 'CONFLICT') {
      // The conflict banner and dialog (save-conflict.tsx) take it from here.
      return;
    } else if (e.issues.length) {
      message.error(t('hasIssues', { count: e.issues.length }));
      onShowIssues();
    } else if (e.details?.reason === 'endpoint_missing' && Array.isArray(e.details.endpoints)) {
      message.error(t('launchEndpointMissing', { endpoints: e.details.endpoints.join(', ') }));
    } else if (refsChanged) {
      message.error(t('launchRefsChanged', { changes: refsChanged.join(locale === 'zh-CN' ? '；' : '; ') }));
    } else {
      message.error(t('failed', { message: e.message }));
    }
  };

  const onSave = () => void save();

  const onDuplicate = async () => {
    try {
      const copy = await duplicate.mutateAsync({ name: tt('copyName', { name: campaign.name }).slice(0, 200), graph });
      await queryClient.invalidateQueries({ queryKey: trpc.campaigns.list.queryKey() });
      message.success(tt('duplicated'));
      router.push(`/campaigns/${copy.id}`);
    } catch (err) {
      fail(err);
    }
  };

  const onValidate = () => {
    if (issueCount) message.error(t('hasIssues', { count: issueCount }));
    else message.success(t('valid'));
    onShowIssues();
  };

  const onSubmit = async () => {
    if (issueCount) {
      message.error(t('fixFirst', { count: issueCount }));
      onShowIssues();
      return;
    }
    // Always: an edit made a moment ago may not show as unsaved yet, and a save with nothing new is free.
    if (!(await save())) return;
    try {
      const version = await submit.mutateAsync({ id });
      message.success(t('submitted', { n: version.versionNo }));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  const run = async (action: typeof launch | typeof pause, done: string) => {
    try {
      await action.mutateAsync({ id });
      message.success(done);
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  const status = campaign.status;
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Space size="middle" wrap>
        <Link href="/campaigns" aria-label={t('back')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="campaign-name">
          {campaign.name}
        </Typography.Title>
        <span data-testid="campaign-status">
          <StatusTag status={status} />
        </span>
        <PlanLink campaignId={campaign.id} />
        <Typography.Text type="secondary" data-testid="save-state">
          {saving ? tt('saving') : dirty ? (failing ? tt('saveFailing') : t('unsaved')) : t('savedRevision', { revision })}
        </Typography.Text>
      </Space>
      <Space wrap>
        {editable && (
          <Tooltip title={tt('saveHint')}>
            <Button icon={<SaveOutlined />} onClick={onSave} disabled={busy} loading={saving} data-testid="designer-save">
              {t('save')}
            </Button>
          </Tooltip>
        )}
        {canDuplicate && (
          <Button icon={<CopyOutlined />} onClick={onDuplicate} disabled={busy} loading={duplicate.isPending} data-testid="designer-duplicate">
            {tt('duplicate')}
          </Button>
        )}
        <Badge count={issueCount} size="small" data-testid="designer-issue-badge">
          <Button icon={<CheckCircleOutlined />} onClick={onValidate} data-testid="designer-validate">
            {t('validate')}
          </Button>
        </Badge>
        {canSubmit && (
          <Tooltip title={issueCount ? t('fixFirst', { count: issueCount }) : (nothingToSign ?? undefined)}>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={onSubmit}
              disabled={busy || nothingToSign !== null}
              loading={submit.isPending}
              data-testid="designer-submit"
              data-nothing-to-sign={nothingToSign ?? undefined}
            >
              {t('submit')}
            </Button>
          </Tooltip>
        )}
        {canLaunch && (status === 'approved' || status === 'paused') && (
          <Button
            type="primary"
            style={{ background: '#389e0d' }}
            icon={<CaretRightOutlined />}
            onClick={() => run(launch, t('launched'))}
            disabled={busy}
            loading={launch.isPending}
            data-testid="designer-launch"
          >
            {t('launch')}
          </Button>
        )}
        {canLaunch && status === 'live' && (
          <Button icon={<PauseOutlined />} danger onClick={() => run(pause, t('paused'))} disabled={busy} loading={pause.isPending} data-testid="designer-pause">
            {t('pause')}
          </Button>
        )}
      </Space>
    </Flex>
  );
}
