import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** Where Debian's dovecot-imapd puts the server (`apt-get install dovecot-imapd`). */
const DOVECOT_CANDIDATES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];

export function findDovecot(): string | undefined {
  return DOVECOT_CANDIDATES.find((path) => existsSync(path));
}

export const IMAP_USER = "care";
export const IMAP_PASSWORD = "imap-test-password";

export interface Dovecot {
  /** `imap://care:…@127.0.0.1:<port>/INBOX`, the form REDRESS_IMAP_URL takes. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops and starts the server on the same port and mail store (a restart the poller must survive). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForGreeting(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.once("data", (chunk) => {
        socket.destroy();
        resolve(chunk.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not answer on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Dovecot never reads mail as root: as root the mailboxes belong to nobody, otherwise to us. */
function mailOwner(): { uid: number; gid: number } {
  const me = userInfo();
  return me.uid === 0 ? { uid: 65534, gid: 65534 } : { uid: me.uid, gid: me.gid };
}

/**
 * The smallest dovecot that serves IMAP: plaintext login on 127.0.0.1 (tests only), one password for any
 * user, maildirs in the temp dir. As root, dovecot still wants its unprivileged users for the login and
 * internal processes (the Debian package creates dovecot and dovenull); as anyone else, all run as us.
 */
function configFor(dir: string, port: number): string {
  const me = userInfo();
  const root = me.uid === 0;
  const mail = mailOwner();
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = ${mail.uid}
last_valid_uid = ${mail.uid}
default_internal_user = ${root ? "dovecot" : me.username}
default_internal_group = ${root ? "dovecot" : me.username}
default_login_user = ${root ? "dovenull" : me.username}
passdb {
  driver = static
  args = password=${IMAP_PASSWORD}
}
userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
`;
}

/** Starts a real dovecot in the foreground (`dovecot -F -c <conf>`) in its own temp dir; see {@link configFor}. */
export async function startDovecot(binary: string): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), "redress-dovecot-"));
  // The login processes run as dovenull and must reach base_dir inside the (0700) temp dir.
  await chmod(dir, 0o755);
  for (const sub of ["run", "state", "mail", "home"]) await mkdir(join(dir, sub), { recursive: true });
  const { uid, gid } = mailOwner();
  for (const sub of ["mail", "home"]) await chown(join(dir, sub), uid, gid);
  const port = await freePort();
  const conf = join(dir, "dovecot.conf");
  await writeFile(conf, configFor(dir, port));
  let child: ChildProcess | undefined;

  const start = async () => {
    const started = spawn(binary, ["-F", "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child = started;
    try {
      await Promise.race([
        waitForGreeting(port, 15_000),
        new Promise((_, reject) =>
          started.once("exit", (code) => reject(new Error(`dovecot exited with ${code}: ${stderr}`))),
        ),
      ]);
    } catch (err) {
      const log = await readFile(join(dir, "dovecot.log"), "utf8").catch(() => "");
      started.kill("SIGKILL");
      throw new Error(`${(err as Error).message}\n${log}`);
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
  };

  await start();
  return {
    url: `imap://${IMAP_USER}:${IMAP_PASSWORD}@127.0.0.1:${port}/INBOX`,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
