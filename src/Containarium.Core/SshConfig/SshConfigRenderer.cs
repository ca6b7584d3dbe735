using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Containarium.Core.Model;

namespace Containarium.Core.SshConfig
{
    /// <summary>
    /// Renders a user's OpenSSH client config for their boxes: one <c>Host</c> block per box (alias = box name) with
    /// HostName, Port, User, <c>ProxyJump hop1,hop2</c> by alias, and one block per jump host under its own alias, so
    /// <c>ssh alice-box</c> and <c>ssh -G alice-box</c> resolve fully. IdentityFile + IdentitiesOnly only when a key is given;
    /// StrictHostKeyChecking is left to the user's default. Jump host blocks carry no ProxyJump: the box's chain lists
    /// every hop in order, the way <c>ssh -J jump,backend</c> does. Output uses LF line ends.
    /// </summary>
    public static class SshConfigRenderer
    {
        public const string Indent = "    ";

        public static string Render(BoxSshTarget target, SshConfigRenderOptions? options = null) =>
            Render(new[] { target ?? throw new ArgumentNullException(nameof(target)) }, options);

        /// <summary>Several boxes in one text; a jump host shared by several boxes is written once (same alias must mean the same host).</summary>
        public static string Render(IEnumerable<BoxSshTarget> targets, SshConfigRenderOptions? options = null)
        {
            var o = options ?? new SshConfigRenderOptions();
            SshConfigValues.EnsurePrefix(o.AliasPrefix);
            var identity = o.IdentityFile == null ? null : SshConfigValues.IdentityFileArgument(o.IdentityFile);
            var prefix = o.AliasPrefix ?? "";

            var boxBlocks = new List<string>();
            var hopBlocks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var hopOrder = new List<string>();
            var boxAliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in targets)
            {
                var alias = prefix + t.BoxName;
                SshConfigValues.EnsureAlias(alias);
                if (!boxAliases.Add(alias)) throw new ArgumentException($"Box '{t.BoxName}' is listed twice.");
                var jump = t.Hops.Count == 0 ? null : string.Join(",", t.Hops.Select(h => prefix + h.Alias));
                boxBlocks.Add(Block(alias, t.Box, jump, identity));
                foreach (var hop in t.Hops)
                {
                    var hopAlias = prefix + hop.Alias;
                    SshConfigValues.EnsureAlias(hopAlias, "Jump host alias");
                    var block = Block(hopAlias, hop.Endpoint, null, hop.IdentityFile == null ? identity : SshConfigValues.IdentityFileArgument(hop.IdentityFile));
                    if (hopBlocks.TryGetValue(hopAlias, out var existing))
                    {
                        if (existing != block) throw new ArgumentException($"Jump host alias '{hopAlias}' names two different hosts.");
                        continue;
                    }
                    hopBlocks.Add(hopAlias, block);
                    hopOrder.Add(hopAlias);
                }
            }
            var clash = hopOrder.FirstOrDefault(boxAliases.Contains);
            if (clash != null) throw new ArgumentException($"Alias '{clash}' is used for both a box and a jump host.");
            return string.Join("\n", boxBlocks.Concat(hopOrder.Select(a => hopBlocks[a])));
        }

        private static string Block(string alias, SshEndpoint endpoint, string? proxyJump, string? identityFile)
        {
            var sb = new StringBuilder();
            sb.Append("Host ").Append(alias).Append('\n');
            Line(sb, "HostName", endpoint.Host);
            Line(sb, "Port", endpoint.Port.ToString(CultureInfo.InvariantCulture));
            if (endpoint.UserName != null) Line(sb, "User", endpoint.UserName);
            if (proxyJump != null) Line(sb, "ProxyJump", proxyJump);
            if (identityFile != null)
            {
                Line(sb, "IdentityFile", identityFile);
                Line(sb, "IdentitiesOnly", "yes");
            }
            return sb.ToString();
        }

        private static void Line(StringBuilder sb, string keyword, string value) => sb.Append(Indent).Append(keyword).Append(' ').Append(value).Append('\n');
    }
}
