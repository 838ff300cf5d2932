// Typed message keys: a key missing from the English catalogue is a type error. The Chinese
// catalogue must have the same keys (checked by tests/browser/messages.test.ts).
import type messages from '../../messages/en.json';
import type { Locale } from './config';
import type { FeatureMessages } from './namespaces';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages & FeatureMessages;
  }
}
