// What the app starts: the SMPP channel bound to the configured SMSC, or, in demo mode with no
// SMSC configured, to an SMSC simulator of its own on loopback (so the demo speaks real SMPP).
import { randomBytes } from 'node:crypto';
import { createSmppChannel, type SmppChannel, type SmppChannelOptions } from './adapter';
import { readSmppEnv, smscFromEnv } from './config';
import { startSmscSimulator, type SmscSimulator } from './simulator';

export interface SmsGatewayOptions extends Pick<SmppChannelOptions, 'onDeliveryReceipt' | 'onMobileOriginated' | 'onSubmitted'> {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Start a simulator when no OCTOFLOW_SMPP_HOST is set. */
  demo: boolean;
  log?: (msg: string) => void;
}

export interface SmsGateway {
  channel: SmppChannel;
  /** The in-process simulator in demo mode (its sendMo plays a customer's reply), else null. */
  simulator: SmscSimulator | null;
  stop(): Promise<void>;
}

/**
 * Null when there is neither an SMSC nor demo mode. Rejects when the SMSC refuses our
 * credentials (a configuration error); an unreachable SMSC is retried in the background.
 */
export async function startSmsGateway(opts: SmsGatewayOptions): Promise<SmsGateway | null> {
  const env = readSmppEnv(opts.env);
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const callbacks = { onDeliveryReceipt: opts.onDeliveryReceipt, onMobileOriginated: opts.onMobileOriginated, onSubmitted: opts.onSubmitted };
  const smsc = smscFromEnv(env);
  if (smsc) {
    const channel = createSmppChannel({ ...smsc, ...callbacks, log });
    await channel.start();
    return { channel, simulator: null, stop: () => channel.stop() };
  }
  if (!opts.demo) return null;
  const password = randomBytes(4).toString('hex');
  const simulator = await startSmscSimulator({ systemId: 'octoflow', password, receiptDelayMs: 2_000, log });
  const channel = createSmppChannel({
    host: '127.0.0.1',
    port: simulator.port,
    systemId: 'octoflow',
    password,
    sourceAddr: env.OCTOFLOW_SMPP_SOURCE_ADDR || '10690000',
    ...callbacks,
    log,
  });
  try {
    await channel.start();
  } catch (err) {
    await simulator.close();
    throw err;
  }
  return {
    channel,
    simulator,
    stop: async () => {
      await channel.stop();
      await simulator.close();
    },
  };
}
