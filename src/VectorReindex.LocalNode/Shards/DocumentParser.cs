using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// Walks a document's _source once with Utf8JsonReader: checks values against the mapping, parses
/// dense vectors into arrays and collects the fields dynamic mapping must add, as Elasticsearch does.
/// </summary>
internal static partial class DocumentParser
{
    private const int MinDynamicVectorDims = 128;

    /// <summary>
    /// Parses <paramref name="source"/>; the result's Source is a slice of it, not a copy. Float vectors
    /// go into <paramref name="vectorArena"/> when given (the shard's), else into arrays of their own.
    /// With <paramref name="base64Vectors"/> (9.3+) a float vector may also be a base64 string of
    /// big-endian float32 values.
    /// The vectors kept are those of <paramref name="nestedScope"/>'s documents: the root document's own
    /// (null), or one nested object's (its path, parsing a source that holds that one object); a vector
    /// under another nested object is checked but belongs to that object's documents.
    /// </summary>
    public static ParsedDocument Parse(IndexMapping mapping, ReadOnlyMemory<byte> source, string? id, ChunkArena<float>? vectorArena = null, bool base64Vectors = false,
        string? nestedScope = null)
    {
        t_vectorArena = vectorArena;
        t_base64Vectors = base64Vectors;
        t_nestedScope = nestedScope;
        try
        {
            return Parse(mapping, source, id, fastVectors: true);
        }
        finally
        {
            t_vectorArena = null;
            t_base64Vectors = false;
            t_nestedScope = null;
        }
    }

    private static ParsedDocument Parse(IndexMapping mapping, ReadOnlyMemory<byte> source, string? id, bool fastVectors)
    {
        var leading = source.Span.Length - source.Span.TrimStart(" \t\r\n"u8).Length;
        var trimmedMemory = source[leading..];
        trimmedMemory = trimmedMemory[..trimmedMemory.Span.TrimEnd(" \t\r\n"u8).Length];
        var trimmed = trimmedMemory.Span;
        t_readerBase = 0;
        t_fastVectors = fastVectors;
        t_objectDepth = 0;
        // Utf8JsonReader leaves string contents unchecked; Elasticsearch's parser rejects bad UTF-8.
        if (!System.Text.Unicode.Utf8.IsValid(trimmed))
            throw InvalidUtf8(trimmed, id);
        var reader = new Utf8JsonReader(trimmed);
        IReadOnlyDictionary<string, StoredVector>? vectors = null;
        JsonObject? dynamic = null;
        try
        {
            if (!reader.Read())
                throw Failure(trimmed, 0, id, "failed to parse, document is empty", null);
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Failure(trimmed, Offset(reader.TokenStartIndex), id, "failed to parse", Errors.ParseError($"Malformed content, must start with an object"));
            ParseObject(ref reader, mapping, "", trimmed, id, ref vectors, ref dynamic);
            if (reader.Read())
                throw Failure(trimmed, Offset(reader.TokenStartIndex), id, "failed to parse", Errors.IllegalArgument("Unexpected close marker or trailing content"));
        }
        catch (JsonException ex)
        {
            // The reader's message has line/byte positions relative to its span; after the vector fast path
            // resumed on a slice they would differ, so produce the error again with the general path.
            if (t_readerBase != 0)
                return Parse(mapping, source, id, fastVectors: false);
            throw Failure(trimmed, (int)Math.Min(Offset(reader.BytesConsumed), trimmed.Length), id, "failed to parse", new ElasticsearchException(400, "json_parse_exception", ex.Message));
        }
        return new ParsedDocument(trimmedMemory, vectors, dynamic);
    }

    /// <summary>
    /// Where the current reader's span starts in the document: the vector fast path resumes the reader
    /// after the array on a slice of the document, so its offsets are relative to that slice. Error
    /// positions (<see cref="Offset"/>) add this back. Parse is not re-entrant, so a thread-static is enough.
    /// </summary>
    [ThreadStatic]
    private static long t_readerBase;

    [ThreadStatic]
    private static bool t_fastVectors;

    [ThreadStatic]
    private static ChunkArena<float>? t_vectorArena;

    [ThreadStatic]
    private static bool t_base64Vectors;

    [ThreadStatic]
    private static string? t_nestedScope;

    private static long Offset(long readerOffset) => t_readerBase + readerOffset;

    /// <summary>
    /// The field names seen in each open object, one reused set per nesting depth, so duplicate keys are
    /// found (as Elasticsearch's strict duplicate detection does) without allocating per document.
    /// </summary>
    [ThreadStatic]
    private static List<HashSet<string>>? t_objectNames;

    [ThreadStatic]
    private static int t_objectDepth;

    private static void ParseObject(ref Utf8JsonReader reader, IndexMapping mapping, string prefix, ReadOnlySpan<byte> source, string? id,
        ref IReadOnlyDictionary<string, StoredVector>? vectors, ref JsonObject? dynamic)
    {
        var sets = t_objectNames ??= new List<HashSet<string>>();
        if (t_objectDepth == sets.Count)
            sets.Add(new HashSet<string>(StringComparer.Ordinal));
        var names = sets[t_objectDepth++];
        names.Clear();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                t_objectDepth--;
                return;
            }
            var name = reader.GetString()!;
            if (name.Length == 0 || name.Trim().Length == 0)
                throw Failure(source, Offset(reader.TokenStartIndex), id, "failed to parse", Errors.IllegalArgument($"field name cannot be an empty string"));
            if (!names.Add(name))
            {
                var (line, column) = Location(source, Offset(reader.TokenStartIndex));
                var reason = $"Duplicate field '{name}'\n at [Source: (byte[]); line: {line}, column: {column}]";
                throw Failure(source, Offset(reader.TokenStartIndex), id, "failed to parse: " + reason, new ElasticsearchException(400, "json_parse_exception", reason));
            }
            var path = prefix + name;
            reader.Read();
            ParseValue(ref reader, mapping, path, source, id, ref vectors, ref dynamic);
        }
    }

    private static void ParseValue(ref Utf8JsonReader reader, IndexMapping mapping, string path, ReadOnlySpan<byte> source, string? id,
        ref IReadOnlyDictionary<string, StoredVector>? vectors, ref JsonObject? dynamic)
    {
        if (mapping.Fields.TryGetValue(path, out var field))
        {
            if (field.Vector != null && field.NestedPath != t_nestedScope)
            {
                // Another scope's vector (each object of a nested array has one): checked here, kept by
                // the nested documents built from this source when a search reads them.
                var arena = t_vectorArena;
                t_vectorArena = null;
                try
                {
                    ParseVector(ref reader, field, source, id);
                }
                finally
                {
                    t_vectorArena = arena;
                }
                return;
            }
            if (field.Vector != null)
            {
                var vector = ParseVector(ref reader, field, source, id);
                // The mapping's own path string, not the one this parse built: a stored vector keeps its
                // field's name, and a copy per document is 40 B more per document held.
                if (vector != null)
                    vectors = SingleVectorMap.With(vectors, field.Path, vector);
                return;
            }
            CheckValue(ref reader, field, source, id);
            return;
        }
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            if (!mapping.ObjectDynamic.ContainsKey(path))
            {
                var objectMode = DynamicModeOf(mapping, path);
                if (objectMode == "strict")
                    CheckDynamicAllowed(mapping, path, source, Offset(reader.TokenStartIndex), id);
                if (objectMode is "false" or "runtime")
                {
                    reader.Skip();
                    return;
                }
                if (!HasDynamic(dynamic, path))
                    AddDynamic(ref dynamic, path, new JsonObject());
            }
            ParseObject(ref reader, mapping, path + ".", source, id, ref vectors, ref dynamic);
            return;
        }
        if (reader.TokenType == JsonTokenType.Null)
            return;
        var mode = DynamicModeOf(mapping, path);
        if (mode == "strict")
            CheckDynamicAllowed(mapping, path, source, Offset(reader.TokenStartIndex), id);
        if (mode is "false" or "runtime")
        {
            reader.Skip();
            return;
        }
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var lookahead = reader;
            var count = 0;
            var allNumbers = true;
            JsonTokenType? first = null;
            while (lookahead.Read() && lookahead.TokenType != JsonTokenType.EndArray)
            {
                first ??= lookahead.TokenType;
                if (lookahead.TokenType != JsonTokenType.Number)
                    allNumbers = false;
                if (lookahead.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    lookahead.Skip();
                count++;
            }
            if (allNumbers && count >= MinDynamicVectorDims && count <= DenseVectorDefinition.MaxDims && !HasDynamic(dynamic, path))
            {
                AddDynamic(ref dynamic, path, new JsonObject
                {
                    ["type"] = "dense_vector", ["dims"] = count, ["index"] = true, ["similarity"] = "cosine",
                    ["index_options"] = new JsonObject { ["type"] = "int8_hnsw", ["m"] = 16, ["ef_construction"] = 100 },
                });
                reader.Skip();
                return;
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                ParseValue(ref reader, mapping, path, source, id, ref vectors, ref dynamic);
            return;
        }
        if (!HasDynamic(dynamic, path))
            AddDynamic(ref dynamic, path, InferType(ref reader, mapping));
    }

    private static string DynamicModeOf(IndexMapping mapping, string path)
    {
        var parent = path;
        while (true)
        {
            var dot = parent.LastIndexOf('.');
            parent = dot < 0 ? "" : parent[..dot];
            if (mapping.ObjectDynamic.TryGetValue(parent, out var mode))
                return mode;
            if (parent.Length == 0)
                return "true";
        }
    }

    private static void CheckDynamicAllowed(IndexMapping mapping, string path, ReadOnlySpan<byte> source, long offset, string? id)
    {
        if (DynamicModeOf(mapping, path) != "strict")
            return;
        var dot = path.LastIndexOf('.');
        var within = dot < 0 ? "_doc" : path[..dot];
        var leaf = dot < 0 ? path : path[(dot + 1)..];
        var (line, column) = Location(source, offset);
        throw new ElasticsearchException(400, "strict_dynamic_mapping_exception", $"[{line}:{column}] mapping set to strict, dynamic introduction of [{leaf}] within [{within}] is not allowed");
    }

    private static JsonObject InferType(ref Utf8JsonReader reader, IndexMapping mapping)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonObject { ["type"] = "boolean" };
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                var isInteger = raw.IndexOfAny(".eE"u8) < 0;
                return new JsonObject { ["type"] = isInteger ? "long" : "float" };
            default:
                var text = reader.GetString() ?? "";
                var detection = mapping.Source["date_detection"]?.ToString() != "false";
                if (detection && DateLike().IsMatch(text))
                    return new JsonObject { ["type"] = "date" };
                if (mapping.Source["numeric_detection"]?.ToString() == "true" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    return new JsonObject { ["type"] = long.TryParse(text, out _) ? "long" : "float" };
                return new JsonObject
                {
                    ["type"] = "text",
                    ["fields"] = new JsonObject { ["keyword"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 256 } },
                };
        }
    }

    [GeneratedRegex(@"^\d{4}[-/]\d{2}[-/]\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex DateLike();

    private static bool HasDynamic(JsonObject? dynamic, string path)
    {
        if (dynamic == null)
            return false;
        JsonNode? node = dynamic;
        foreach (var part in path.Split('.'))
        {
            node = node?["properties"]?[part];
            if (node == null)
                return false;
        }
        return true;
    }

    private static void AddDynamic(ref JsonObject? dynamic, string path, JsonObject definition)
    {
        dynamic ??= new JsonObject();
        var node = dynamic;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var properties = node["properties"] as JsonObject ?? (JsonObject)(node["properties"] = new JsonObject());
            node = properties[parts[i]] as JsonObject ?? (JsonObject)(properties[parts[i]] = new JsonObject());
        }
        var leafProperties = node["properties"] as JsonObject ?? (JsonObject)(node["properties"] = new JsonObject());
        leafProperties[parts[^1]] ??= definition;
    }

    private static void CheckValue(ref Utf8JsonReader reader, FieldMapping field, ReadOnlySpan<byte> source, string? id)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                CheckValue(ref reader, field, source, id);
            return;
        }
        if (reader.TokenType is JsonTokenType.StartObject)
        {
            if (field.Type is "flattened" or "sparse_vector" or "geo_point" or "geo_shape" or "rank_features" or "percolator" or "join" or "completion" or "semantic_text" or "histogram" || field.Type.EndsWith("_range", StringComparison.Ordinal))
            {
                reader.Skip();
                return;
            }
            throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [{field.Type}] in document with id '{id}'. Preview of field's value: '{{}}'",
                Errors.IllegalArgument($"Can't parse [{field.Type}] value from object"));
        }
        if (reader.TokenType == JsonTokenType.Null)
            return;
        if (field.IsNumeric)
        {
            if (reader.TokenType == JsonTokenType.Number)
                return;
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString().ToLowerInvariant();
            if (reader.TokenType == JsonTokenType.String && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return;
            throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [{field.Type}] in document with id '{id}'. Preview of field's value: '{text}'",
                Errors.IllegalArgument($"For input string: \"{text}\""));
        }
        if (field.Type == "boolean" && reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            if (text is "true" or "false" or "")
                return;
            throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [boolean] in document with id '{id}'. Preview of field's value: '{text}'",
                Errors.IllegalArgument($"Failed to parse value [{text}] as only [true] or [false] are allowed."));
        }
    }

    private static StoredVector? ParseVector(ref Utf8JsonReader reader, FieldMapping field, ReadOnlySpan<byte> source, string? id)
    {
        var options = field.Vector!;
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        var start = Offset(reader.TokenStartIndex);
        if (reader.TokenType == JsonTokenType.String && options.ElementType != VectorElementType.Float)
            return ParseHexVector(reader.GetString()!, field, source, start, id);
        if (reader.TokenType == JsonTokenType.String && t_base64Vectors)
            return ParseBase64Vector(ref reader, field, source, start, id);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{ValuePreview(ref reader)}'",
                Errors.ParseError($"Failed to parse object: expecting token of type [START_ARRAY] but found [{TokenName(reader.TokenType)}]"));
        var expected = options.Dims;
        var length = options.ElementType == VectorElementType.Bit ? expected / 8 : expected;
        if (length == 0)
            length = 16;
        var isFloat = options.ElementType == VectorElementType.Float;
        var fastPath = isFloat && options.Dims > 0 && t_fastVectors;
        var arenaSlice = fastPath && t_vectorArena != null ? t_vectorArena.Allocate(length) : Memory<float>.Empty;
        var floats = isFloat && arenaSlice.IsEmpty ? new float[length] : null;
        var bytes = !isFloat ? new sbyte[length] : null;
        var count = 0;
        double squares = 0;
        // Fast path: a float vector of known dims whose elements are plain numbers is scanned straight from
        // the bytes (into the shard's arena when there is one); anything else (wrong count, non-numbers,
        // overflow) takes the general loop below, which reports Elasticsearch's errors.
        var scannedFast = false;
        if (fastPath
            && FloatVectorScanner.TryScan(source, (int)start, floats ?? arenaSlice.Span, out var scanned, out var scannedSquares, out var end)
            && scanned == length)
        {
            // Resume the reader at the ']' (the scanner validated everything before it) instead of
            // tokenizing the array again: the state at START_ARRAY plus "]" is the array's END_ARRAY.
            var state = reader.CurrentState;
            reader = new Utf8JsonReader(source[end..], isFinalBlock: true, state);
            t_readerBase = end;
            reader.Read();
            count = scanned;
            squares = scannedSquares;
            scannedFast = true;
        }
        else if (isFloat && floats == null)
        {
            // The general path grows and trims an array of its own; the arena slice is left unused.
            floats = new float[length];
            arenaSlice = Memory<float>.Empty;
        }
        if (!scannedFast)
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
                throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{ValuePreview(ref reader)}'",
                    Errors.ParseError($"Failed to parse object: expecting token of type [VALUE_NUMBER] but found [{TokenName(reader.TokenType)}]"));
            if (options.Dims > 0 && count >= length)
                throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{Encoding.UTF8.GetString(reader.ValueSpan)}'",
                    Errors.IllegalArgument($"The [dense_vector] field [{field.Path}] in doc [document with id '{id}'] has more dimensions than defined in the mapping [{options.Dims}]"));
            if (count == length)
            {
                if (floats != null) Array.Resize(ref floats, length * 2);
                else Array.Resize(ref bytes, length * 2);
                length *= 2;
            }
            if (floats != null)
            {
                // Out of float range (1e39, 1e400) reads as infinity, as Java's parser has it; rejected below.
                var value = reader.TryGetSingle(out var single) ? single
                    : (float)double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
                floats[count] = value;
                squares += (double)value * value;
            }
            else
            {
                var value = reader.GetDouble();
                if (value != Math.Floor(value))
                    throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{Encoding.UTF8.GetString(reader.ValueSpan)}'",
                        Errors.IllegalArgument($"element_type [{(options.ElementType == VectorElementType.Bit ? "bit" : "byte")}] vectors only support non-decimal values but found decimal value [{Encoding.UTF8.GetString(reader.ValueSpan)}] at dim [{count}];"));
                if (value < -128 || value > 127)
                    throw Failure(source, Offset(reader.TokenStartIndex), id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{Encoding.UTF8.GetString(reader.ValueSpan)}'",
                        Errors.IllegalArgument($"element_type [{(options.ElementType == VectorElementType.Bit ? "bit" : "byte")}] vectors only support integers between [-128, 127] but found [{Encoding.UTF8.GetString(reader.ValueSpan)}] at dim [{count}];"));
                bytes![count] = (sbyte)value;
                squares += value * value;
            }
            count++;
        }
        var actualDims = options.ElementType == VectorElementType.Bit ? count * 8 : count;
        if (options.Dims > 0 && actualDims != options.Dims)
            throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '[...]'",
                Errors.IllegalArgument($"The [dense_vector] field [{field.Path}] in doc [document with id '{id}'] has a different number of dimensions [{actualDims}] than defined in the mapping [{options.Dims}]"));
        if (isFloat && !double.IsFinite(squares))
        {
            // One sum tells whether any element is NaN or infinite; only then look for which.
            var elements = floats ?? arenaSlice.Span;
            var dim = 0;
            while (float.IsFinite(elements[dim]))
                dim++;
            var kind = float.IsNaN(elements[dim]) ? "NaN" : "infinite";
            var preview = string.Join(", ", elements[..Math.Min(5, count)].ToArray().Select(JavaFloat)) + (count >= 5 ? ", ..." : "");
            throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '[...]'",
                Errors.IllegalArgument($"element_type [float] vectors do not support {kind} values but found [{JavaFloat(elements[dim])}] at dim [{dim}]; Preview of invalid vector: [{preview}]"));
        }
        if (floats != null && floats.Length != count) Array.Resize(ref floats, count);
        if (bytes != null && bytes.Length != count) Array.Resize(ref bytes, count);
        if (squares == 0 && options.Indexed && options.Similarity == "cosine" && count > 0)
            throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '[...]'",
                Errors.IllegalArgument($"The [cosine] similarity does not support vectors with zero magnitude. Preview of invalid vector: [{string.Join(", ", Enumerable.Repeat("0.0", Math.Min(count, 10)))}{(count > 10 ? ", ..." : "")}]"));
        if (!isFloat)
            return new StoredVector(bytes!);
        if (options.IsBFloat16)
            RoundToBFloat16(floats != null ? floats.AsSpan() : arenaSlice.Span);
        return floats != null ? new StoredVector(floats) : new StoredVector(arenaSlice);
    }

    /// <summary>A float vector as Elasticsearch 9.3 takes it in a document: base64 of big-endian float32 values.</summary>
    private static StoredVector ParseBase64Vector(ref Utf8JsonReader reader, FieldMapping field, ReadOnlySpan<byte> source, long start, string? id)
    {
        var options = field.Vector!;
        // Base64 text has no escapes; decoded straight from the document's bytes into the shard's arena,
        // with no string, byte array or float array per document (the error paths build the text).
        var utf8 = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(utf8.Length / 4 * 3 + 3);
        try
        {
            var status = System.Buffers.Text.Base64.DecodeFromUtf8(utf8, rented, out _, out var written);
            if (status != System.Buffers.OperationStatus.Done || written % 4 != 0)
            {
                var text = Encoding.UTF8.GetString(utf8);
                throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{text}'",
                    Errors.IllegalArgument($"Failed to parse base64-encoded vector [{text}]: expected base64 of big-endian float32 values (4 bytes per dimension)"));
            }
            var dims = written / 4;
            if (options.Dims > 0 && dims != options.Dims)
                throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{Encoding.UTF8.GetString(utf8)}'",
                    Errors.IllegalArgument($"The [dense_vector] field [{field.Path}] in doc [document with id '{id}'] has a different number of dimensions [{dims}] than defined in the mapping [{options.Dims}]"));
            var arenaSlice = t_vectorArena != null && t_fastVectors && dims > 0 ? t_vectorArena.Allocate(dims) : Memory<float>.Empty;
            var floats = arenaSlice.IsEmpty ? new float[dims] : null;
            var elements = floats ?? arenaSlice.Span;
            double squares = 0;
            for (var i = 0; i < dims; i++)
            {
                var value = System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(rented.AsSpan(i * 4, 4));
                if (!float.IsFinite(value))
                    throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{Encoding.UTF8.GetString(utf8)}'",
                        Errors.IllegalArgument($"element_type [float] vectors do not support NaN or Infinity values but found [{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}] at dim [{i}];"));
                elements[i] = value;
                squares += (double)value * value;
            }
            if (squares == 0 && options.Indexed && options.Similarity == "cosine" && dims > 0)
                throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{Encoding.UTF8.GetString(utf8)}'",
                    Errors.IllegalArgument("The [cosine] similarity does not support vectors with zero magnitude."));
            if (options.IsBFloat16)
                RoundToBFloat16(elements);
            return floats != null ? new StoredVector(floats, sentAsBase64: true) : new StoredVector(arenaSlice, sentAsBase64: true);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>What a bfloat16 field stores (9.3+): each value rounded to bfloat16, so kNN scores see the rounding.</summary>
    private static void RoundToBFloat16(Span<float> values)
    {
        foreach (ref var value in values)
            value = BFloat16.Round(value);
    }

    private static StoredVector ParseHexVector(string hex, FieldMapping field, ReadOnlySpan<byte> source, long start, string? id)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{hex}'",
                Errors.IllegalArgument($"Failed to parse hex-encoded vector [{hex}]"));
        }
        var dims = field.Vector!.ElementType == VectorElementType.Bit ? raw.Length * 8 : raw.Length;
        if (field.Vector.Dims > 0 && dims != field.Vector.Dims)
            throw Failure(source, start, id, $"failed to parse field [{field.Path}] of type [dense_vector] in document with id '{id}'. Preview of field's value: '{hex}'",
                Errors.IllegalArgument($"The [dense_vector] field [{field.Path}] in doc [document with id '{id}'] has a different number of dimensions [{dims}] than defined in the mapping [{field.Vector.Dims}]"));
        return new StoredVector(raw.Select(b => (sbyte)b).ToArray());
    }

    /// <summary>A float as Java's Float.toString writes it (1.0, Infinity, 1.0E-5), for error messages.</summary>
    private static string JavaFloat(float value)
    {
        if (float.IsNaN(value))
            return "NaN";
        if (float.IsInfinity(value))
            return value > 0 ? "Infinity" : "-Infinity";
        var magnitude = Math.Abs(value);
        if (magnitude != 0 && (magnitude < 1e-3f || magnitude >= 1e7f))
        {
            var scientific = value.ToString("E8", CultureInfo.InvariantCulture);
            var mantissa = scientific[..scientific.IndexOf('E')].TrimEnd('0');
            var exponent = int.Parse(scientific[(scientific.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
            return (mantissa.EndsWith('.') ? mantissa + "0" : mantissa) + "E" + exponent.ToString(CultureInfo.InvariantCulture);
        }
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') ? text : text + ".0";
    }

    private static string ValuePreview(ref Utf8JsonReader reader)
        => reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString().ToLowerInvariant();

    private static string TokenName(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "VALUE_STRING",
        JsonTokenType.Number => "VALUE_NUMBER",
        JsonTokenType.True or JsonTokenType.False => "VALUE_BOOLEAN",
        JsonTokenType.Null => "VALUE_NULL",
        JsonTokenType.StartObject => "START_OBJECT",
        JsonTokenType.StartArray => "START_ARRAY",
        _ => type.ToString().ToUpperInvariant(),
    };

    public static (int Line, int Column) Location(ReadOnlySpan<byte> source, long offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == (byte)'\n') { line++; column = 1; }
            else column++;
        }
        return (line, column);
    }

    /// <summary>Jackson's wording for the first byte that breaks UTF-8.</summary>
    private static ElasticsearchException InvalidUtf8(ReadOnlySpan<byte> source, string? id)
    {
        var offset = 0;
        while (offset < source.Length && System.Text.Rune.DecodeFromUtf8(source[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        var lead = source[offset];
        var isStart = lead < 0x80 || (lead >= 0xC2 && lead <= 0xF4);
        var bad = isStart && offset + 1 < source.Length ? source[offset + 1] : lead;
        var (line, column) = Location(source, offset);
        var reason = $"Invalid UTF-8 {(isStart ? "middle" : "start")} byte 0x{bad:x2}\n at [Source: (byte[]); line: {line}, column: {column}]";
        return Failure(source, offset, id, "failed to parse: " + reason, new ElasticsearchException(400, "json_parse_exception", reason));
    }

    private static ElasticsearchException Failure(ReadOnlySpan<byte> source, long offset, string? id, string reason, ElasticsearchException? cause)
    {
        var (line, column) = Location(source, offset);
        return new ElasticsearchException(400, "document_parsing_exception", $"[{line}:{column}] {reason}", cause);
    }
}
