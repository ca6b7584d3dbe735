using System.IO;
using System.Linq;
using Containarium.Core.Transport;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// The fixed shell scripts the module runs on hosts and in boxes. The script text is a constant of the module;
    /// everything from input travels as quoted positional arguments or over stdin.
    /// </summary>
    internal static class HostScripts
    {
        public static readonly string BoxUser = Load("box-user.sh");
        public static readonly string HostAccess = Load("host-access.sh");

        /// <summary>`sh -c SCRIPT containarium ARG…` with every part quoted.</summary>
        public static string[] Invocation(string script, params string[] args) =>
            new[] { "sh", "-c", script, "containarium" }.Concat(args).ToArray();

        internal static string Load(string name)
        {
            using var stream = typeof(HostScripts).Assembly.GetManifestResourceStream("Containarium.Scripts." + name)
                ?? throw new FileNotFoundException("Embedded script missing: " + name);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
