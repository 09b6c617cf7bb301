import {asappServer} from '../../core/config/asapp-server.js';

/** The app's flags (serverFlags in app-flags.ts) as --help lists them. */
export const appFlagsHelp = `Options of the interactive app (each answers a step of the setup):
  --host HOST          the server (default ${asappServer.host}, or the one saved)
  --port PORT          its port (default 22)
  --marker MARKER      your company marker; the user is sftp<MARKER>
  --user USER          the user name, instead of --marker
  -i, --identity FILE  the private key to log in with
  --known-hosts FILE   the known_hosts file (default ~/.ssh/known_hosts)`;
