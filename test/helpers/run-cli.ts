import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CLI = fileURLToPath(new URL('./kelp-cli.ts', import.meta.url));
const exec = promisify(execFile);

/** Runs the kelp CLI from the sources; resolves with its exit code and output instead of throwing. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, KELP_URL: '', ...env },
      ...(cwd ? { cwd } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
