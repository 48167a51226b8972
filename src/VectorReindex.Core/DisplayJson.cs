using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VectorReindex.Core
{
    /// <summary>
    /// JSON for people to read (-WhatIf, verbose messages): indented, and with '+', '&lt;', '&gt;',
    /// '&amp;', quotes and non-ASCII text written as themselves rather than as \u escapes. Never
    /// used for request bodies, which keep System.Text.Json's safe default escaping.
    /// </summary>
    public static class DisplayJson
    {
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static string Format(JsonNode node) => node.ToJsonString(Indented);
    }
}
