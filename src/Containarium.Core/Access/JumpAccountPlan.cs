using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Validation;

namespace Containarium.Core.Access
{
    /// <summary>
    /// The least-privilege account a developer gets on an entry host (jump server or backend): it can open a tunnel to
    /// their own box and nothing else. Pure: this renders what the host-side script installs; it executes nothing.
    /// <para>authorized_keys line per key: <c>restrict,port-forwarding,permitopen="HOST:PORT" KEY</c>.
    /// OpenSSH semantics (sshd(8) AUTHORIZED_KEYS FILE FORMAT): <c>restrict</c> turns off agent, X11 and port forwarding,
    /// the pty and ~/.ssh/rc (and any restriction added in future versions); <c>port-forwarding</c> turns TCP forwarding
    /// back on — both directions; <c>permitopen</c> limits local forwards (ssh -L / -W, i.e. ProxyJump) to the listed
    /// host:port, compared as text (OpenSSH 9.2 also denies Unix-socket targets then). It does NOT limit remote forwards
    /// (-R), authorized_keys has no "permitlisten none", and restrict does not stop a command from running in the account's
    /// shell: so the host's sshd must add <see cref="SshdMatchBlock"/> for the group (all verified against a real sshd in
    /// the tests).</para>
    /// <para>Account: named exactly as the developer's user name (one rule everywhere, so logs and boxes match), created
    /// by <see cref="UseraddArguments"/>: shell /usr/sbin/nologin (ProxyJump opens a direct-tcpip channel, never a
    /// session), password field '*' (locked for passwords, but not '!' which sshd refuses outright under UsePAM no),
    /// no subordinate uid/gid range (-K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0: Debian gives every user 65536 ids and the
    /// pool is exhausted after ~13 users), run under <c>flock</c> on <see cref="LockFile"/> so parallel onboarding
    /// does not race on /etc/passwd; the script must check the exit code and that an existing account of that name is
    /// one of ours (member of <see cref="Group"/>) before touching it.</para>
    /// </summary>
    public sealed class JumpAccountPlan
    {
        public const string Shell = "/usr/sbin/nologin";
        public const string Group = "containarium-jump";
        public const string LockFile = "/var/lock/containarium-accounts.lock";
        public const int LockTimeoutSeconds = 30;
        public const string KeyOptionsPrefix = "restrict,port-forwarding";

        /// <summary>sshd_config drop-in for the jump accounts: closes what the key options cannot (-R, commands); the rest is defence in depth.</summary>
        public const string SshdMatchBlock =
            "Match Group " + Group + "\n" +
            "    AllowTcpForwarding local\n" +
            "    AllowStreamLocalForwarding no\n" +
            "    PermitListen none\n" +
            "    AllowAgentForwarding no\n" +
            "    X11Forwarding no\n" +
            "    PermitTTY no\n" +
            "    PermitTunnel no\n" +
            "    GatewayPorts no\n" +
            "    ForceCommand " + Shell + "\n";

        private JumpAccountPlan(string accountName, IReadOnlyList<SshPublicKey> keys, IReadOnlyList<ForwardTarget> targets)
        {
            AccountName = accountName;
            Keys = keys;
            Targets = targets;
        }

        public string AccountName { get; }
        public IReadOnlyList<SshPublicKey> Keys { get; }
        /// <summary>Where the account may tunnel to: the user's own box (or, on a central jump, the backend's sshd).</summary>
        public IReadOnlyList<ForwardTarget> Targets { get; }

        public static JumpAccountPlan Create(string userName, IEnumerable<SshPublicKey> keys, IEnumerable<ForwardTarget> targets)
        {
            NameRules.EnsureAccountName(userName);
            var keyList = (keys ?? throw new ArgumentNullException(nameof(keys))).Distinct().ToList();
            if (keyList.Count == 0) throw new ArgumentException($"Jump account '{userName}' needs at least one SSH public key.", nameof(keys));
            var targetList = (targets ?? throw new ArgumentNullException(nameof(targets))).Distinct().ToList();
            // Without a permitopen, port-forwarding would allow tunnels anywhere the host can reach.
            if (targetList.Count == 0) throw new ArgumentException($"Jump account '{userName}' needs at least one forward target.", nameof(targets));
            return new JumpAccountPlan(userName, keyList, targetList);
        }

        /// <summary>The key options shared by every line: restrict, port-forwarding and one permitopen per target.</summary>
        public string KeyOptions => KeyOptionsPrefix + string.Concat(Targets.Select(t => ",permitopen=\"" + t.PermitOpenValue + "\""));

        /// <summary>One authorized_keys line per key (canonical key text, comment kept).</summary>
        public IReadOnlyList<string> AuthorizedKeysLines => Keys.Select(k => KeyOptions + " " + k.Canonical).ToList();

        /// <summary>The whole authorized_keys file (LF line ends, final newline), written by the module as a set.</summary>
        public string AuthorizedKeysText => string.Concat(AuthorizedKeysLines.Select(l => l + "\n"));

        /// <summary>Creates the shared group once per host (-f: no error when it exists).</summary>
        public static IReadOnlyList<string> GroupaddArguments => new[] { "groupadd", "-f", Group };

        /// <summary>useradd argv, each element one argument (quote with ShellQuote when it must cross a shell).</summary>
        public IReadOnlyList<string> UseraddArguments => new[]
        {
            "useradd", "--create-home", "--shell", Shell, "--password", "*", "--gid", Group,
            "--comment", "Containarium jump account", "-K", "SUB_UID_COUNT=0", "-K", "SUB_GID_COUNT=0", AccountName,
        };

        /// <summary><see cref="UseraddArguments"/> serialized behind flock, so two onboarding runs never edit /etc/passwd at once.</summary>
        public IReadOnlyList<string> LockedUseraddArguments =>
            new[] { "flock", "-w", LockTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), LockFile }.Concat(UseraddArguments).ToList();
    }
}
