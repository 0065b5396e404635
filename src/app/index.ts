export { type Kelp, openKelp, type OpenKelpOptions } from './kelp-app.js';
