export { createWebhookChannel, WebhookPayload, type WebhookChannelOptions } from './webhook-channel';
export { createAppPushChannel, AppPushPayload, type AppPushChannelOptions, type AppPushRequest } from './app-push-channel';
export { createGuardedHttp, systemResolve, type GuardOptions, type GuardedHttp, type Resolve } from './guarded-http';
export { blockedAddressReason } from './address-policy';
export { computeWebhookSignature, verifyWebhookSignature } from './verify';
