using System.Text;
using System.Text.Json;

namespace VectorReindex.LocalNode.Search;

/// <summary>One leaf value of a source: its JSON kind and its text (a string unescaped, a number's raw text, true or false).</summary>
internal readonly record struct LeafValue(int Path, JsonValueKind Kind, string Text);

/// <summary>
/// Reads the leaf values at a set of dotted paths from a _source in one forward pass, without building
/// a document tree: the values <see cref="SearchTarget.Collect"/> finds (arrays flattened, dotted keys
/// and nested objects alike, nulls left out), and whatever no path needs (a vector's array) skipped.
/// </summary>
internal sealed class SourceValues
{
    private readonly Dictionary<string, int> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    public SourceValues(IReadOnlyList<string> paths)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            _paths.TryAdd(paths[i], i);
            for (var dot = paths[i].IndexOf('.'); dot > 0; dot = paths[i].IndexOf('.', dot + 1))
                _prefixes.Add(paths[i][..dot]);
        }
    }

    /// <summary>Adds the source's values to <paramref name="values"/>, each with its path's number in the constructor's list.</summary>
    public void Read(ReadOnlySpan<byte> source, List<LeafValue> values)
    {
        var reader = new Utf8JsonReader(source);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return;
        ReadObject(ref reader, "", values);
    }

    private void ReadObject(ref Utf8JsonReader reader, string prefix, List<LeafValue> values)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            reader.Read();
            ReadValue(ref reader, path, values);
        }
    }

    private void ReadValue(ref Utf8JsonReader reader, string path, List<LeafValue> values)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (_prefixes.Contains(path))
                    ReadObject(ref reader, path, values);
                else
                    reader.Skip();
                return;
            case JsonTokenType.StartArray:
                if (!_paths.ContainsKey(path) && !_prefixes.Contains(path))
                {
                    reader.Skip();
                    return;
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    ReadValue(ref reader, path, values);
                return;
            case JsonTokenType.String:
                if (_paths.TryGetValue(path, out var p))
                    values.Add(new LeafValue(p, JsonValueKind.String, reader.GetString()!));
                return;
            case JsonTokenType.Number:
                if (_paths.TryGetValue(path, out p))
                    values.Add(new LeafValue(p, JsonValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)));
                return;
            case JsonTokenType.True:
            case JsonTokenType.False:
                if (_paths.TryGetValue(path, out p))
                    values.Add(new LeafValue(p, reader.TokenType == JsonTokenType.True ? JsonValueKind.True : JsonValueKind.False, reader.TokenType == JsonTokenType.True ? "true" : "false"));
                return;
            default:
                return;
        }
    }
}
