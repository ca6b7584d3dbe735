using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Transport
{
    /// <summary>POSIX sh quoting. Every argument that reaches a remote shell goes through here.</summary>
    public static class ShellQuote
    {
        /// <summary>Single-quotes an argument; embedded single quotes become '\''. Plain safe words stay bare for readable -WhatIf output.</summary>
        public static string Quote(string argument)
        {
            if (argument is null) throw new ArgumentNullException(nameof(argument));
            if (argument.Length > 0 && argument.All(IsSafe)) return argument;
            return "'" + argument.Replace("'", "'\\''") + "'";
        }

        public static string Join(IEnumerable<string> argv) => string.Join(" ", argv.Select(Quote));

        private static bool IsSafe(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == ',' || c == '@' || c == '%' || c == '+';
    }
}
