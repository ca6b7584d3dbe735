using System;

namespace Containarium.Core.SshConfig
{
    /// <summary>The config's Containarium markers are broken; the file is left alone rather than guessed at.</summary>
    public sealed class SshConfigFormatException : FormatException
    {
        public SshConfigFormatException(int lineNumber, string message)
            : base($"SSH config line {lineNumber}: {message} Fix or remove the Containarium marker lines by hand; nothing was changed.")
        {
            LineNumber = lineNumber;
        }

        public int LineNumber { get; }
    }
}
