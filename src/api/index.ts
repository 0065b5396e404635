export { type BuildServerOptions, buildServer, checkBind } from './server.js';
