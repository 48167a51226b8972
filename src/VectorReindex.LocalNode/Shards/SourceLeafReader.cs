using System.Buffers;
using System.Text;
using System.Text.Json;

namespace VectorReindex.LocalNode.Shards;

/// <summary>One leaf value of a source: its JSON kind and its text (a string unescaped, a number's raw text, true or false).</summary>
internal readonly record struct LeafValue(int Path, JsonValueKind Kind, string Text);

/// <summary>
/// Reads the leaf values at a set of dotted paths from a _source in one forward pass, without building
/// a document tree: the values <see cref="SourceValues.Collect"/> finds (arrays flattened, dotted keys
/// and nested objects alike, nulls left out), and whatever no path needs (a vector's array) skipped.
/// </summary>
internal sealed class SourceLeafReader
{
    private static readonly SearchValues<byte> ArrayStops = SearchValues.Create("]\"{["u8);

    private readonly Dictionary<string, int> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    public SourceLeafReader(IReadOnlyList<string> paths)
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
        var cursor = new Cursor { Source = source, Reader = new Utf8JsonReader(source) };
        if (!cursor.Reader.Read() || cursor.Reader.TokenType != JsonTokenType.StartObject)
            return;
        ReadObject(ref cursor, "", values);
    }

    /// <summary>The reader and where its span starts in the source (it restarts past skipped arrays).</summary>
    private ref struct Cursor
    {
        public ReadOnlySpan<byte> Source;
        public int Base;
        public Utf8JsonReader Reader;
    }

    private void ReadObject(ref Cursor cursor, string prefix, List<LeafValue> values)
    {
        while (cursor.Reader.Read() && cursor.Reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = cursor.Reader.GetString()!;
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            cursor.Reader.Read();
            ReadValue(ref cursor, path, values);
        }
    }

    private void ReadValue(ref Cursor cursor, string path, List<LeafValue> values)
    {
        ref var reader = ref cursor.Reader;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (_prefixes.Contains(path))
                    ReadObject(ref cursor, path, values);
                else
                    reader.Skip();
                return;
            case JsonTokenType.StartArray:
                if (!_paths.ContainsKey(path) && !_prefixes.Contains(path))
                {
                    SkipArray(ref cursor);
                    return;
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    ReadValue(ref cursor, path, values);
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

    /// <summary>
    /// Skips an array nobody reads. An array of numbers (a vector: most of a document's bytes) is skipped by
    /// finding its closing bracket in the raw bytes and restarting the reader there with the state it had
    /// just after the opening one, as if the array were empty; anything else goes through the reader.
    /// </summary>
    private static void SkipArray(ref Cursor cursor)
    {
        var start = cursor.Base + (int)cursor.Reader.TokenStartIndex + 1;
        var rest = cursor.Source[start..];
        var end = rest.IndexOfAny(ArrayStops);
        if (end < 0 || rest[end] != (byte)']')
        {
            cursor.Reader.Skip();
            return;
        }
        var state = cursor.Reader.CurrentState;
        cursor.Base = start + end;
        cursor.Reader = new Utf8JsonReader(cursor.Source[cursor.Base..], isFinalBlock: true, state);
        cursor.Reader.Read();
    }
}
