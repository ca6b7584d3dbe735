using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// Exact naming rules, checked before anything is sent to a host.
    /// Sources: Incus instance-name docs (stricter than its code: no leading digit), systemd's portable user-name core.
    /// </summary>
    public static class NameRules
    {
        private static readonly Regex BackendName = new Regex("^[A-Za-z][A-Za-z0-9_-]{0,62}$", RegexOptions.CultureInvariant);
        private static readonly Regex InstanceName = new Regex("^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex LinuxUser = new Regex("^[a-z][a-z0-9_-]{0,30}$", RegexOptions.CultureInvariant);
        // Hostnames (RFC 1123 labels) or IPv4/IPv6 literals; no shell or ssh-option metacharacters possible.
        private static readonly Regex HostName = new Regex("^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$", RegexOptions.CultureInvariant);
        private static readonly Regex Ipv6 = new Regex("^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex SshLogin = new Regex("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$", RegexOptions.CultureInvariant);
        // Image alias ("debian12", "debian/12/cloud") or fingerprint; no spaces, quotes or shell syntax.
        private static readonly Regex ImageAlias = new Regex("^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}$", RegexOptions.CultureInvariant);
        private static readonly Regex Tag = new Regex("^[A-Za-z0-9][A-Za-z0-9_.:=-]{0,62}$", RegexOptions.CultureInvariant);

        public static bool IsBackendName(string? s) => s != null && BackendName.IsMatch(s);
        public static bool IsInstanceName(string? s) => s != null && InstanceName.IsMatch(s);
        public static bool IsLinuxUserName(string? s) => s != null && LinuxUser.IsMatch(s);
        public static bool IsTag(string? s) => s != null && Tag.IsMatch(s);
        public static bool IsImageAlias(string? s) => s != null && ImageAlias.IsMatch(s);

        public static void EnsureBackendName(string? s)
        {
            if (!IsBackendName(s))
                throw new ArgumentException($"Backend name '{s}' is invalid: use 1-63 letters, digits, '-' or '_', starting with a letter.");
        }

        public static void EnsureInstanceName(string? s)
        {
            if (!IsInstanceName(s))
                throw new ArgumentException($"Box name '{s}' is invalid: Incus instance names are 1-63 letters, digits and '-', start with a letter and do not end with '-'.");
        }

        public static void EnsureLinuxUserName(string? s)
        {
            if (!IsLinuxUserName(s))
                throw new ArgumentException($"User name '{s}' is invalid: use 1-31 lower-case letters, digits, '-' or '_', starting with a letter.");
        }

        public static void EnsureHostName(string? s)
        {
            if (s == null || s.Length == 0 || s.Length > 253 || !(HostName.IsMatch(s) || (s.Contains(":") && Ipv6.IsMatch(s))))
                throw new ArgumentException($"Host name '{s}' is invalid: expected a DNS name or an IP address.");
        }

        public static void EnsureSshLogin(string? s)
        {
            if (s == null || !SshLogin.IsMatch(s))
                throw new ArgumentException($"SSH user name '{s}' is invalid.");
        }

        public static void EnsurePort(int port)
        {
            if (port < 1 || port > 65535)
                throw new ArgumentException($"Port {port.ToString(CultureInfo.InvariantCulture)} is out of range 1-65535.");
        }

        public static void EnsureTag(string? s)
        {
            if (!IsTag(s))
                throw new ArgumentException($"Tag '{s}' is invalid: use 1-63 letters, digits and '_.:=-', starting with a letter or digit.");
        }
    }
}
