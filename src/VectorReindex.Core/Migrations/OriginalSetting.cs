using System.Text.Json.Serialization;

namespace VectorReindex.Core.Migrations
{
    /// <summary>An index setting a migration changed for its duration, and the value it goes back to (null: the cluster default).</summary>
    public sealed class OriginalSetting
    {
        [JsonInclude]
        public string? Value { get; internal set; }

        public override string ToString() => Value ?? "(default)";
    }
}
