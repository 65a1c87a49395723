// What the admin command accepts. A wrong command line is a UsageError: exit code 2 and this text.
import { USER_ROLES } from '../accounts';

export const USAGE = `Usage: npm run admin -- <command>

Units, users, API tokens and holiday arrangements in the database at DATABASE_URL (migrated first if it is new).

  unit add <id> --name <name> [--parent <unitId>]
                        create a unit, or rename / move an existing one
  unit list             the units as a tree, with their number of users
  user add <id> --name <name> --role <role> [--unit <unitId>]
                        create a user, or change one; officers and supervisors need a unit
  user list             the users with their role, unit, active tokens and password state
  user password <id> [--password <pw> | --generate] [--one-time]
                        set the password for signing in to the console: from --password, or
                        read from standard input, or --generate a one-time password (printed once);
                        --one-time: the user must choose their own at the next sign-in.
                        The user's sessions end.
  user disable <id>     the user can no longer sign in: tokens revoked, sessions ended
  user enable <id>      the user can sign in again with their password
  token issue <userId> [--label <text>]
                        issue a bearer token; it is printed once (stdout) and only its hash is kept
  token list [<userId>] the tokens (never the token text): id, user, label, created, last used, revoked
  token revoke <userId> revoke every active token of the user
  token revoke <tokenId>
                        revoke one token (the id shown by \`token list\`)
  calendar load <file.json> [--source <notice>] [--dry-run]
                        load the State Council holiday arrangement of one or more years (the JSON
                        shape of CALENDAR_FILE); every worker counts it from its next due date, then the
                        running petitions with provisional due dates are told to recompute them
                        (Temporal at TEMPORAL_ADDRESS). Refused unless every statutory holiday is a
                        rest day. Rerunning it is safe: no petition is signalled twice.
  calendar list         the years with an arrangement (CALENDAR_FILE and the database)
  calendar show <year>  a year's rest days and make-up working days, or the statutory holidays
                        its provisional due dates count when it has no arrangement yet

Roles: ${USER_ROLES.join(', ')}.
Ids: letters, digits, ".", "_" or "-", at most 64.

Examples:
  npm run admin -- unit add unit-transport --name "Transport Bureau" --parent petition-office
  npm run admin -- user add officer-ma --name "Ma (transport)" --role case_officer --unit unit-transport
  npm run admin -- token issue officer-ma --label "Ma's laptop"
  npm run admin -- token revoke officer-ma
  npm run admin -- calendar load 2027.json --source "国办发明电〔2026〕N号"

Exit codes: 0 done, 1 refused (unknown unit, user, role or token; invalid value; a calendar file that
fails its checks; Temporal unreachable after a load), 2 wrong command line.`;

export class UsageError extends Error {}
