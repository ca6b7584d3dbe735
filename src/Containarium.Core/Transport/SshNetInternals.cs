using System;
using System.Linq;
using System.Reflection;
using Renci.SshNet;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// Two things SSH.NET 2026.0.0 does not expose, reached through its command's private channel field:
    /// <list type="bullet">
    /// <item>Channel EOF without data. The stream from SshCommand.CreateInputStream() sends EOF on Dispose only when at
    /// least one byte was written, so a command given an empty stdin stream would wait forever (`cat`, `incus import -`).
    /// (Commands given no stdin at all read /dev/null instead: see <see cref="SshCommandRun"/>.)</item>
    /// <item>Whether the server confirmed the channel open: a command whose channel never opened never reached the host,
    /// so it may be retried on a fresh connection.</item>
    /// </list>
    /// Both are resolved once; when a future SSH.NET renames them, <see cref="CanSendEof"/> turns false and the transport
    /// cannot end an empty stdin stream early (and never retries).
    /// </summary>
    internal static class SshNetInternals
    {
        private static readonly FieldInfo? ChannelField =
            typeof(SshCommand).GetField("_channel", BindingFlags.NonPublic | BindingFlags.Instance);

        private static readonly MethodInfo? SendEofMethod = FindOnInterfaces(t => t.GetMethod("SendEof", Type.EmptyTypes));

        private static readonly MethodInfo? RemoteChannelNumberGetter =
            FindOnInterfaces(t => t.GetProperty("RemoteChannelNumber")?.GetGetMethod());

        /// <summary>Test hook: pretend the private members are gone, to exercise the fallback.</summary>
        internal static bool DisableForTests { get; set; }

        public static bool CanSendEof => !DisableForTests && ChannelField != null && SendEofMethod != null;

        /// <summary>Sends channel EOF (the remote command's stdin ends). False if unsupported or the channel is already closed.</summary>
        public static bool TrySendEof(SshCommand command)
        {
            if (!CanSendEof) return false;
            try
            {
                var channel = ChannelField!.GetValue(command);
                if (channel == null) return false;
                SendEofMethod!.Invoke(channel, null);
                return true;
            }
            catch (TargetInvocationException)
            {
                return false; // "The channel is closed": the command already finished.
            }
        }

        /// <summary>True if the server confirmed the command's channel, false if it never did, null if unknown.</summary>
        public static bool? ChannelWasConfirmed(SshCommand command)
        {
            if (DisableForTests || ChannelField == null || RemoteChannelNumberGetter == null) return null;
            var channel = ChannelField.GetValue(command);
            if (channel == null) return false;
            try
            {
                RemoteChannelNumberGetter.Invoke(channel, null);
                return true;
            }
            catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
            {
                return false; // "The channel has not been opened, or the open has not yet been confirmed."
            }
        }

        private static MethodInfo? FindOnInterfaces(Func<Type, MethodInfo?> pick)
        {
            var type = ChannelField?.FieldType;
            if (type == null) return null;
            return new[] { type }.Concat(type.GetInterfaces()).Select(pick).FirstOrDefault(m => m != null);
        }
    }
}
