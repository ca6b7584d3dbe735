using System;

namespace Containarium.Core.Config
{
    /// <summary>The config file cannot be read or written. Always names the file (and line when known).</summary>
    public sealed class ConfigException : Exception
    {
        public ConfigException(string path, string message, long? line = null, Exception? inner = null)
            : base(line.HasValue ? $"{path}:{line}: {message}" : $"{path}: {message}", inner)
        {
            Path = path;
            Line = line;
        }

        public string Path { get; }
        public long? Line { get; }
    }
}
