// What the app starts: its own SMSC simulator in demo mode, the configured SMSC otherwise.
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryBatch } from '@/server/channels/delivery-batch';
import type { Executor } from '@/server/db/client';
import { startSmsGateway, type SmsGateway } from '@/server/channels/smpp/gateway';
import type { MobileOriginated } from '@/server/channels/smpp/adapter';
import { startSmscSimulator } from '@/server/channels/smpp/simulator';

const db = deliveryBatch({} as Executor);
const quiet = () => undefined;
let gateway: SmsGateway | null = null;

afterEach(async () => {
  await gateway?.stop();
  gateway = null;
});

describe('sms gateway start-up', () => {
  it('should start a simulator on loopback in demo mode and send through it over SMPP', async () => {
    const replies: MobileOriginated[] = [];
    gateway = await startSmsGateway({ env: {}, demo: true, log: quiet, onMobileOriginated: (m) => void replies.push(m) });
    expect(gateway?.simulator?.port).toBeGreaterThan(0);
    const result = await gateway!.channel.send(
      { outboxId: 1, effectKey: 'demo:1', customerId: 'C1', channel: 'sms', payload: { address: '13800000001', text: '回复Y订购' } },
      db,
    );
    expect(result.ok).toBe(true);
    await gateway!.simulator!.sendMo('13800000001', 'Y');
    expect(replies).toEqual([expect.objectContaining({ from: '13800000001', to: '10690000', text: 'Y', optOut: false })]);
  });

  it('should start nothing without an SMSC outside demo mode', async () => {
    expect(await startSmsGateway({ env: {}, demo: false, log: quiet })).toBeNull();
  });

  it('should bind to the configured SMSC, and fail start-up when it refuses the credentials', async () => {
    const sim = await startSmscSimulator({ systemId: 'octo', password: 'right' });
    const env = { OCTOFLOW_SMPP_HOST: '127.0.0.1', OCTOFLOW_SMPP_PORT: String(sim.port), OCTOFLOW_SMPP_SYSTEM_ID: 'octo' };
    try {
      gateway = await startSmsGateway({ env: { ...env, OCTOFLOW_SMPP_PASSWORD: 'right' }, demo: true, log: quiet });
      expect(gateway?.simulator).toBeNull();
      expect(gateway?.channel.client.isBound).toBe(true);
      await expect(startSmsGateway({ env: { ...env, OCTOFLOW_SMPP_PASSWORD: 'wrong' }, demo: true, log: quiet })).rejects.toThrow(/ESME_RBINDFAIL/);
    } finally {
      await gateway?.stop();
      gateway = null;
      await sim.close();
    }
  });
});
