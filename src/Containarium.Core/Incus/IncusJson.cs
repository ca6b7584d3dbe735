using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containarium.Core.Incus
{
    internal static class IncusJson
    {
        // Null fields are omitted: a serialized default such as "timeout": 0 means "kill now" to Incus.
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
    }
}
