export { type Kelp, type OpenKelpOptions, openKelp } from './kelp-app.js';
