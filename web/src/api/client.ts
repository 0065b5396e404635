import { KelpClient } from '../../../src/client/index.js';

/** The one SDK instance of the console: same origin as the page. */
export const kelp = new KelpClient({ url: window.location.origin });
