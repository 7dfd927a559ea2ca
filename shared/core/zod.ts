/**
 * Cairn's one entry to zod: the tree-shakable `zod/mini` build, configured for English messages.
 * Import it as a namespace (`import * as z from '.../core/zod'`) and use `z.` members statically:
 * then a Lambda bundle carries a few KB of zod instead of ~450 KB of classic zod with every locale.
 */

import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
