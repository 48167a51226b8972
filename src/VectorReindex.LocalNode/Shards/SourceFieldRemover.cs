using System.Buffers;
using System.Text.Json;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// Copies a _source while leaving out fields by their dotted path, through objects and arrays alike (a
/// vector in an array of nested objects has the same path as one in a single object), streaming the
/// bytes rather than building a tree: how vectors are left out of returned _source on 9.2+.
/// </summary>
internal static class SourceFieldRemover
{
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> source, IReadOnlySet<string> paths)
        => Write(writer, source, paths, null);

    /// <summary>
    /// Writes the value of a property at a path in place of the source's (true), or leaves it to the copy (false).
    /// The property name is already written.
    /// </summary>
    public delegate bool ValueReplacer(string path, Utf8JsonWriter writer);

    /// <summary>As <see cref="Write(Utf8JsonWriter, ReadOnlySpan{byte}, IReadOnlySet{string})"/>, with the values <paramref name="replace"/> gives in place of the source's.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> source, IReadOnlySet<string> paths, ValueReplacer? replace)
    {
        var reader = new Utf8JsonReader(source, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        Copy(ref reader, writer, "", paths, replace);
    }

    private static void Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, IReadOnlySet<string> paths, ValueReplacer? replace)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var child = path.Length == 0 ? name : path + "." + name;
                    reader.Read();
                    if (paths.Contains(child))
                    {
                        reader.Skip();
                        continue;
                    }
                    writer.WritePropertyName(name);
                    if (replace != null && replace(child, writer))
                        reader.Skip();
                    else
                        Copy(ref reader, writer, child, paths, replace);
                }
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    Copy(ref reader, writer, path, paths, replace);
                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                var raw = reader.ValueSpan;
                var quoted = ArrayPool<byte>.Shared.Rent(raw.Length + 2);
                quoted[0] = (byte)'"';
                raw.CopyTo(quoted.AsSpan(1));
                quoted[raw.Length + 1] = (byte)'"';
                writer.WriteRawValue(quoted.AsSpan(0, raw.Length + 2), skipInputValidation: true);
                ArrayPool<byte>.Shared.Return(quoted);
                break;
            default:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
        }
    }
}
