using System;
using System.Text.Json.Nodes;

namespace VectorReindex.Core.DualWrite
{
    /// <summary>A document to upsert: its id and routing, its text or its vector, and metadata fields.</summary>
    public sealed class VectorDocument
    {
        public VectorDocument(string id, string? text, float[]? vector, JsonObject? metadata, string? routing = null)
        {
            Routing = routing;
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("A document needs an id.", nameof(id));
            if (text == null && vector == null) throw new ArgumentException($"Document '{id}' needs a text to embed or a vector.", nameof(text));
            Id = id;
            Text = text;
            Vector = vector;
            Metadata = metadata;
        }

        public string Id { get; }
        public string? Text { get; }
        public float[]? Vector { get; }
        public JsonObject? Metadata { get; }

        /// <summary>The routing the document is written with in both indexes; null: routed by its id.</summary>
        public string? Routing { get; }
    }
}
