using System.Buffers;
using System.Text.Json;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// Float vectors kept out of the stored _source in an index that excludes source vectors
/// (index.mapping.exclude_source_vectors, the 9.x default), as Elasticsearch does: the vector lives only
/// in the vector index and a read that asks for it gets it back from there, as a JSON array of the
/// stored floats (Elasticsearch's synthetic vectors). Stripping saves the vector's text (about 512 bytes
/// of base64 or 1 KB of JSON for 96 floats) per document.
/// The stored source keeps an empty array where the vector was, so the field comes back in its place
/// among its neighbours. Every reader of a stored source goes through <see cref="StoredDocument.FullSource"/>
/// or <see cref="SourceFilter.WriteSource(Utf8JsonWriter, StoredDocument, LocalIndex)"/>.
/// </summary>
internal static class ExcludedSourceVectors
{
    private static readonly byte[] Placeholder = "[]"u8.ToArray();
    private static readonly IReadOnlySet<string> NothingRemoved = new HashSet<string>();

    /// <summary>
    /// The source with each float vector of <paramref name="vectors"/> replaced by the placeholder, or null
    /// when one of them does not occur exactly once (several values at one path, as in an array of
    /// objects): that document keeps its source as sent. The rest of the source is copied byte for byte.
    /// </summary>
    public static byte[]? Strip(ReadOnlySpan<byte> source, IReadOnlyDictionary<string, StoredVector> vectors)
    {
        var floatVectors = 0;
        foreach (var vector in vectors.Values)
            if (vector.IsFloat)
                floatVectors++;
        if (floatVectors == 0)
            return null;
        var reader = new Utf8JsonReader(source, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var found = new List<(string Path, int Start, int End)>(floatVectors);
        if (!reader.Read())
            return null;
        var readerBase = 0;
        Find(ref reader, ref readerBase, source, "", vectors, found);
        if (found.Count != floatVectors || found.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count() != floatVectors)
            return null;
        var removed = 0;
        foreach (var (_, start, end) in found)
            removed += end - start - Placeholder.Length;
        var stripped = new byte[source.Length - removed];
        int from = 0, to = 0;
        foreach (var (_, start, end) in found)
        {
            source[from..start].CopyTo(stripped.AsSpan(to));
            to += start - from;
            Placeholder.CopyTo(stripped.AsSpan(to));
            to += Placeholder.Length;
            from = end;
        }
        source[from..].CopyTo(stripped.AsSpan(to));
        return stripped;
    }

    /// <summary>The byte ranges of the float vectors' values, in source order.</summary>
    /// <param name="readerBase">Where the reader's span starts in the source: it moves when a vector array is stepped over.</param>
    private static void Find(ref Utf8JsonReader reader, ref int readerBase, ReadOnlySpan<byte> source, string path, IReadOnlyDictionary<string, StoredVector> vectors, List<(string, int, int)> found)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                var child = path.Length == 0 ? name : path + "." + name;
                reader.Read();
                if (vectors.TryGetValue(child, out var vector) && vector.IsFloat)
                {
                    var start = readerBase + (int)reader.TokenStartIndex;
                    SkipValue(ref reader, ref readerBase, source);
                    found.Add((child, start, readerBase + (int)reader.BytesConsumed));
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    Find(ref reader, ref readerBase, source, child, vectors, found);
                }
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    Find(ref reader, ref readerBase, source, path, vectors, found);
        }
    }

    /// <summary>
    /// Steps over a vector's value. An array that holds no string, comment or nested array (numbers, as the
    /// parser read them) ends at its first ']': the reader resumes there, as DocumentParser does after a
    /// scanned vector, instead of tokenizing every number again. Anything else goes through Skip.
    /// </summary>
    private static void SkipValue(ref Utf8JsonReader reader, ref int readerBase, ReadOnlySpan<byte> source)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var open = readerBase + (int)reader.TokenStartIndex + 1;
            var stop = source[open..].IndexOfAny("]\"/["u8);
            if (stop >= 0 && source[open + stop] == (byte)']')
            {
                var end = open + stop;
                reader = new Utf8JsonReader(source[end..], isFinalBlock: true, reader.CurrentState);
                readerBase = end;
                reader.Read();
                return;
            }
        }
        reader.Skip();
    }

    /// <summary>The stored source with its stripped vectors back in place as float arrays.</summary>
    public static ReadOnlyMemory<byte> Restore(StoredDocument doc)
    {
        var output = new ArrayBufferWriter<byte>(doc.StoredSource.Length + 1024);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
            Write(writer, doc, null);
        return output.WrittenMemory;
    }

    /// <summary>
    /// Writes the stored source of a stripped document without the <paramref name="leftOut"/> fields and with
    /// every other stripped vector as its float array.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, StoredDocument doc, IReadOnlySet<string>? leftOut)
    {
        var vectors = doc.Vectors!;
        SourceFieldRemover.Write(writer, doc.StoredSource.Span, leftOut ?? NothingRemoved, (path, w) =>
        {
            if (!vectors.TryGetValue(path, out var vector) || !vector.IsFloat)
                return false;
            ShortestFloatText.WriteArray(w, vector.Floats.Span);
            return true;
        });
    }
}
