using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// Exact naming rules, checked before anything is sent to a host.
    /// Sources: Incus instance-name docs (stricter than its code: no leading digit), systemd's portable user-name core.
    /// Every <c>Check…</c> returns null when valid, else the reason; <c>Ensure…</c> throws it as an <see cref="ArgumentException"/>.
    /// All patterns end in \z (not $, which also matches before a trailing newline) and use ASCII classes only.
    /// </summary>
    public static class NameRules
    {
        private static readonly Regex BackendName = new Regex("^[A-Za-z][A-Za-z0-9_-]{0,62}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex InstanceName = new Regex("^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant);
        private static readonly Regex LinuxUser = new Regex("^[a-z][a-z0-9_-]{0,30}\\z", RegexOptions.CultureInvariant);
        // Hostnames (RFC 1123 labels) or IPv4/IPv6 literals; no shell or ssh-option metacharacters possible.
        private static readonly Regex HostName = new Regex("^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Ipv6 = new Regex("^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\\z", RegexOptions.CultureInvariant);
        private static readonly Regex SshLogin = new Regex("^[A-Za-z_][A-Za-z0-9_.-]{0,31}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Tag = new Regex("^[A-Za-z0-9][A-Za-z0-9_.:=-]{0,62}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex TeamName = new Regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\\z", RegexOptions.CultureInvariant);
        // Incus image alias ("debian/12"), remote:alias ("images:debian/12") or fingerprint (hex); no spaces or quotes.
        private static readonly Regex ImageReference = new Regex("^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}\\z", RegexOptions.CultureInvariant);

        /// <summary>
        /// Accounts that exist on every Debian/Ubuntu host or in the image, or that would confuse an operator.
        /// Why: a box user or jump account named "root" or "sshd" would collide with the system's own.
        /// </summary>
        private static readonly HashSet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
        {
            "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data",
            "backup", "list", "irc", "gnats", "nobody", "nogroup", "systemd-network", "systemd-resolve", "systemd-timesync",
            "messagebus", "sshd", "syslog", "_apt", "admin", "administrator", "sudo", "adm", "wheel", "staff", "users",
            "incus", "incus-admin", "lxd", "ubuntu", "debian", "operator", "containarium",
        };

        public static IReadOnlyCollection<string> ReservedUserNames => Reserved;

        public static bool IsBackendName(string? s) => s != null && BackendName.IsMatch(s);
        public static bool IsInstanceName(string? s) => s != null && InstanceName.IsMatch(s);
        public static bool IsLinuxUserName(string? s) => s != null && LinuxUser.IsMatch(s);
        public static bool IsReservedUserName(string? s) => s != null && Reserved.Contains(s);
        public static bool IsTag(string? s) => s != null && Tag.IsMatch(s);
        public static bool IsTeamName(string? s) => s != null && TeamName.IsMatch(s);
        public static bool IsImageReference(string? s) => s != null && ImageReference.IsMatch(s);

        public static string? CheckBackendName(string? s) => IsBackendName(s) ? null :
            $"Backend name {ValueDisplay.Show(s)} is invalid: use 1-63 letters, digits, '-' or '_', starting with a letter.";

        public static string? CheckInstanceName(string? s) => IsInstanceName(s) ? null :
            $"Box name {ValueDisplay.Show(s)} is invalid: Incus instance names are 1-63 letters, digits and '-', start with a letter and do not end with '-'.";

        public static string? CheckLinuxUserName(string? s) => IsLinuxUserName(s) ? null :
            $"User name {ValueDisplay.Show(s)} is invalid: use 1-31 lower-case letters, digits, '-' or '_', starting with a letter.";

        /// <summary>A developer's account (in the box and on the jump host): a Linux user name that is not a system account.</summary>
        public static string? CheckAccountName(string? s) => CheckLinuxUserName(s) ??
            (IsReservedUserName(s) ? $"User name {ValueDisplay.Show(s)} is reserved for a system account." : null);

        public static string? CheckTeamName(string? s) => IsTeamName(s) ? null :
            $"Team {ValueDisplay.Show(s)} is invalid: use 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit.";

        public static string? CheckImageReference(string? s) => IsImageReference(s) ? null :
            $"Image {ValueDisplay.Show(s)} is invalid: expected an Incus image alias, remote:alias or fingerprint " +
            "(1-128 letters, digits and '._/:-', starting with a letter or digit; no spaces or quotes).";

        public static string? CheckTag(string? s) => IsTag(s) ? null :
            $"Tag {ValueDisplay.Show(s)} is invalid: use 1-63 letters, digits and '_.:=-', starting with a letter or digit.";

        public static string? CheckHostName(string? s) =>
            s == null || s.Length == 0 || s.Length > 253 || !(HostName.IsMatch(s) || (s.Contains(":") && Ipv6.IsMatch(s)))
                ? $"Host name {ValueDisplay.Show(s)} is invalid: expected a DNS name or an IP address."
                : null;

        public static string? CheckSshLogin(string? s) => s != null && SshLogin.IsMatch(s) ? null :
            $"SSH user name {ValueDisplay.Show(s)} is invalid.";

        public static void EnsureBackendName(string? s) => Throw(CheckBackendName(s));
        public static void EnsureInstanceName(string? s) => Throw(CheckInstanceName(s));
        public static void EnsureLinuxUserName(string? s) => Throw(CheckLinuxUserName(s));
        public static void EnsureAccountName(string? s) => Throw(CheckAccountName(s));
        public static void EnsureTeamName(string? s) => Throw(CheckTeamName(s));
        public static void EnsureImageReference(string? s) => Throw(CheckImageReference(s));
        public static void EnsureHostName(string? s) => Throw(CheckHostName(s));
        public static void EnsureSshLogin(string? s) => Throw(CheckSshLogin(s));
        public static void EnsureTag(string? s) => Throw(CheckTag(s));

        public static void EnsurePort(int port)
        {
            if (port < 1 || port > 65535)
                throw new ArgumentException($"Port {port.ToString(CultureInfo.InvariantCulture)} is out of range 1-65535.");
        }

        private static void Throw(string? problem)
        {
            if (problem != null) throw new ArgumentException(problem);
        }
    }
}
