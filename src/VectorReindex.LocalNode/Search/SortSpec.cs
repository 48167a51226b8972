using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>One sort key: a field, _score, _doc or _shard_doc, with order, missing, unmapped_type, mode, format and numeric_type.</summary>
/// <remarks><see cref="NestedPath"/> sorts a document by the values of its objects at that nested path (those <see cref="NestedFilter"/> accepts).</remarks>
internal sealed record SortKey(string Field, bool Descending, string Missing, string? UnmappedType, string? Mode, string? Format, string? NumericType = null,
    string? NestedPath = null, Query? NestedFilter = null)
{
    public bool IsScore => Field == "_score";
    public bool IsDoc => Field == "_doc";
    public bool IsShardDoc => Field == "_shard_doc";
}

/// <summary>
/// Parses sort specifications (body array/string/object, or the sort=field:order parameter) and
/// computes and compares a hit's sort values as Elasticsearch does.
/// </summary>
internal static class SortSpec
{
    public static List<SortKey>? FromParameter(string? value)
    {
        if (value == null)
            return null;
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var colon = part.LastIndexOf(':');
            var field = colon > 0 ? part[..colon] : part;
            var order = colon > 0 ? part[(colon + 1)..] : null;
            return Key(field, order, null);
        }).ToList();
    }

    public static List<SortKey>? FromJson(JsonNode? node)
    {
        if (node == null)
            return null;
        var items = node is JsonArray array ? array.ToList() : new List<JsonNode?> { node };
        var keys = new List<SortKey>();
        foreach (var item in items)
        {
            if (item is JsonObject obj)
            {
                foreach (var (field, spec) in obj)
                {
                    if (spec is JsonObject options)
                        keys.Add(Key(field, options["order"]?.ToString(), options));
                    else
                        keys.Add(Key(field, spec?.ToString(), null));
                }
            }
            else if (item != null)
            {
                keys.Add(Key(item.ToString(), null, null));
            }
        }
        return keys;
    }

    private static SortKey Key(string field, string? order, JsonObject? options)
    {
        if (order != null && order is not ("asc" or "desc"))
            throw Errors.IllegalArgument($"Unknown SortOrder [{order}]");
        var descending = order == null ? field == "_score" : order == "desc";
        var numericType = options?["numeric_type"]?.ToString();
        if (numericType is not (null or "long" or "double" or "date" or "date_nanos"))
            throw Errors.IllegalArgument($"invalid numeric_type [{numericType}] for sort on [{field}]: use one of [long, double, date, date_nanos]");
        var nested = options?["nested"] as JsonObject;
        if (options?["nested"] != null && nested?["path"] == null)
            throw Errors.IllegalArgument("[nested] requires 'path' field");
        return new SortKey(field, descending, options?["missing"]?.ToString() ?? "_last", options?["unmapped_type"]?.ToString(), options?["mode"]?.ToString(), options?["format"]?.ToString(), numericType,
            nested?["path"]?.ToString(), nested?["filter"] is { } filter ? QueryParser.Parse(filter) : null);
    }

    /// <summary>
    /// The _shard_doc value: the shard request index in the high 32 bits, as Elasticsearch's
    /// ShardDocSortField encodes it, above the document's seq_no in that shard (where Elasticsearch
    /// has the Lucene doc id). Built on seq_no rather than the position in the snapshot, so an unchanged
    /// document keeps its value across points in time and a resumed scan (a new PIT, the old
    /// search_after) neither skips nor repeats it.
    /// </summary>
    public static long ShardDoc(SearchTarget target, int doc) => ((long)target.ShardIndex << 32) | target.Doc(doc).SeqNo;

    /// <summary>The sort value of a hit for one key (null when the document has no value and missing is _first/_last for keywords).</summary>
    public static object? Value(SortKey key, SearchTarget target, int doc, float score)
    {
        if (key.IsScore)
            return score;
        if (key.IsDoc)
            return doc;
        if (key.IsShardDoc)
            return ShardDoc(target, doc);
        if (key.NestedPath != null && key.NestedPath != target.NestedScope)
            return NestedValue(key, target, doc);
        var field = target.Field(key.Field);
        if (field == null)
        {
            if (target.Mapping.Fields.TryGetValue(key.Field, out var nested) && nested.NestedPath != null)
                throw new ElasticsearchException(400, "query_shard_exception", $"it is mandatory to set the [nested] context on the nested sort field: [{key.Field}].").WithIndex(target.Index.Name, target.Index.Uuid);
            return UnmappedValue(key, target);
        }
        if (field.IsText)
            throw Errors.FielddataDisabled(key.Field, target.Index.Name);
        var path = SourcePath(target, key.Field);
        if (FieldValue.IsDate(field))
            return DateValue(key, field, target.Values(doc, path));
        var integral = FieldValue.IsIntegral(field) || field.Type == "boolean";
        var int32 = SortsAsInt32(field, target);
        var useMax = key.Mode == "max" || (key.Mode == null && key.Descending);
        if (target.UseFieldIndexes && FieldIndex.KindOf(field) == FieldIndexKind.Numeric)
        {
            // A number's or boolean's sort value comes from the segment's doc values rather than the sources.
            var (view, segmentDoc) = target.Snapshot.SegmentDocOf(doc);
            if (NumericSortValues.For(view.Segment, field, path, useMax).Of(segmentDoc) is not double number)
                return MissingValue(key, numeric: true, integral, int32);
            return integral ? (long)number : number;
        }
        return Chosen(key, field, target.Values(doc, path), int32);
    }

    /// <summary>The sort value among a document's values: the smallest (or with mode max or descending, the largest), or the missing value.</summary>
    private static object? Chosen(SortKey key, FieldMapping field, IEnumerable<System.Text.Json.Nodes.JsonNode> sourceValues, bool int32)
    {
        var numeric = FieldValue.IsNumericOrDate(field) || field.Type == "boolean";
        var integral = FieldValue.IsIntegral(field) || field.Type == "boolean";
        var values = sourceValues.Select(v => FieldValue.Comparable(field, v)).Where(v => v != null).ToList();
        if (values.Count == 0)
            return MissingValue(key, numeric, integral, int32);
        var chosen = key.Mode == "max" || (key.Mode == null && key.Descending) ? values.Max() : values.Min();
        return numeric && integral ? (long)(double)chosen! : chosen;
    }

    /// <summary>A document's sort value from the values of its objects at the key's nested path (those its filter accepts), mode choosing among them.</summary>
    private static object? NestedValue(SortKey key, SearchTarget target, int doc)
    {
        if (!target.Mapping.NestedObjects.ContainsKey(key.NestedPath!))
            throw new ElasticsearchException(400, "query_shard_exception", $"[nested] failed to find nested object under path [{key.NestedPath}]").WithIndex(target.Index.Name, target.Index.Uuid);
        var children = target.Nested(key.NestedPath!);
        var field = children.Field(key.Field);
        if (field == null)
            return UnmappedValue(key, target);
        if (field.IsText)
            throw Errors.FielddataDisabled(key.Field, target.Index.Name);
        key.NestedFilter?.Prepare(children);
        var path = SourcePath(children, key.Field);
        var (start, end) = children.Parent!.Value.Join.ChildrenOf(doc);
        var sourceValues = new List<System.Text.Json.Nodes.JsonNode>();
        for (var child = start; child < end; child++)
            if (key.NestedFilter == null || key.NestedFilter.Matches(children, child, out _))
                sourceValues.AddRange(children.Values(child, path));
        if (FieldValue.IsDate(field))
            return DateValue(key, field, sourceValues);
        return Chosen(key, field, sourceValues, SortsAsInt32(field, target));
    }

    /// <summary>An unmapped field sorts as missing when unmapped_type is given, and is refused without it.</summary>
    private static object? UnmappedValue(SortKey key, SearchTarget target)
    {
        if (key.UnmappedType == null)
            throw new ElasticsearchException(400, "query_shard_exception", $"No mapping found for [{key.Field}] in order to sort on").WithIndex(target.Index.Name, target.Index.Uuid);
        return MissingValue(key, numeric: key.UnmappedType is not ("keyword" or "text"), integral: true);
    }

    /// <summary>Where a sort field's values are read in the source: a multi-field (name.keyword) reads its parent's.</summary>
    private static string SourcePath(SearchTarget target, string field)
    {
        var dot = field.LastIndexOf('.');
        return dot > 0 && target.Field(field[..dot]) is { Vector: null } ? field[..dot] : field;
    }

    private static bool SortsAsInt32(FieldMapping field, SearchTarget target) => field.Type is "integer" or "short" or "byte" && target.Index.Settings.SortsIntegersAsInt;

    /// <summary>
    /// A date's sort value: epoch milliseconds for date fields and nanoseconds for date_nanos, as
    /// Elasticsearch's doc values hold them, or the unit numeric_type asks for (to sort both types together).
    /// </summary>
    private static object? DateValue(SortKey key, FieldMapping field, IEnumerable<System.Text.Json.Nodes.JsonNode?> sourceValues)
    {
        var format = DateFormat.ForField(field);
        var nanos = InNanos(key, field);
        var values = new List<long>();
        foreach (var node in sourceValues)
            if (node != null && format.TryParse(node.ToString(), out var instant))
                values.Add(nanos ? instant.EpochNanos : instant.Millis);
        if (values.Count == 0)
            return MissingValue(key, numeric: true, integral: true);
        return key.Mode == "max" || (key.Mode == null && key.Descending) ? values.Max() : values.Min();
    }

    private static bool InNanos(SortKey key, FieldMapping field) => key.NumericType == "date_nanos" || (key.NumericType == null && field.Type == "date_nanos");

    /// <summary>
    /// search_after values as the sort compares them: a date given as text is parsed with the sort's format
    /// (else the field's mapping format) into the sort's unit; a value that does not parse is a parse_exception.
    /// </summary>
    public static object?[] ResolveAfter(object?[] after, IReadOnlyList<SortKey> keys, IReadOnlyList<SearchTarget> targets)
    {
        var resolved = (object?[])after.Clone();
        for (var i = 0; i < after.Length && i < keys.Count; i++)
        {
            if (after[i] is not string text || keys[i].IsScore || keys[i].IsDoc || keys[i].IsShardDoc)
                continue;
            var field = targets.Select(t => t.Field(keys[i].Field)).FirstOrDefault(f => f != null);
            if (!FieldValue.IsDate(field))
                continue;
            var format = keys[i].Format != null ? DateFormat.Parse(keys[i].Format!) : DateFormat.ForField(field!);
            var instant = format.ParseOrThrow(text);
            resolved[i] = InNanos(keys[i], field!) ? instant.EpochNanos : instant.Millis;
        }
        return resolved;
    }

    /// <summary>A hit's sort value as the response shows it: a date in the sort's format when it names one.</summary>
    public static object? Display(SortKey key, SearchTarget target, object? value)
    {
        if (key.Format == null || value is not long number || key.IsScore || key.IsDoc || key.IsShardDoc)
            return value;
        var field = target.Field(key.Field);
        if (!FieldValue.IsDate(field) || number is long.MaxValue or long.MinValue)
            return value;
        var instant = InNanos(key, field!) ? DateInstant.FromNanos(number) : DateInstant.FromMillis(number);
        return DateFormat.Parse(key.Format).Format(instant);
    }

    private static object? MissingValue(SortKey key, bool numeric, bool integral, bool int32 = false)
    {
        var last = key.Missing == "_last";
        if (key.Missing is not ("_last" or "_first"))
        {
            if (!numeric)
                return key.Missing;
            var d = double.Parse(key.Missing, System.Globalization.CultureInfo.InvariantCulture);
            return integral ? (long)d : d;
        }
        if (!numeric)
            return null;
        // Elasticsearch sorts a missing number as the extreme value on the side it goes to, and shows that value.
        var high = last != key.Descending;
        if (int32)
            return high ? (long)int.MaxValue : int.MinValue;
        if (integral)
            return high ? long.MaxValue : long.MinValue;
        return high ? double.PositiveInfinity : double.NegativeInfinity;
    }

    /// <summary>Compares two sort tuples under the keys (nulls go last, or first with missing=_first).</summary>
    public static int Compare(IReadOnlyList<SortKey> keys, object?[] a, object?[] b)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var c = CompareValues(a[i], b[i], keys[i]);
            if (c != 0)
                return keys[i].Descending ? -c : c;
        }
        return 0;
    }

    private static int CompareValues(object? a, object? b, SortKey key)
    {
        if (a == null || b == null)
        {
            if (a == null && b == null)
                return 0;
            // Nulls (missing keywords) sort last regardless of order unless missing=_first.
            var nullFirst = key.Missing == "_first";
            var result = a == null ? (nullFirst ? -1 : 1) : (nullFirst ? 1 : -1);
            return key.Descending ? -result : result;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is long la && b is long lb)
                return la.CompareTo(lb);
            return Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture));
        }
        return string.CompareOrdinal(a.ToString(), b.ToString());
    }

    private static bool IsNumber(object o) => o is long or int or double or float;

    /// <summary>Reads search_after values into the sort tuple's types.</summary>
    public static object?[] ReadAfter(JsonArray after, IReadOnlyList<SortKey> keys)
    {
        if (after.Count != keys.Count)
            throw Errors.IllegalArgument($"search_after has {after.Count} value(s) but sort has {keys.Count}.");
        var result = new object?[after.Count];
        for (var i = 0; i < after.Count; i++)
        {
            var node = after[i];
            result[i] = node switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : v.GetValue<double>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? 1L : 0L,
                _ => node.ToString(),
            };
            if (keys[i].IsScore && result[i] is long ls)
                result[i] = (double)ls;
        }
        return result;
    }

    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case float f: w.WriteNumberValue(f); break;
            case double d when double.IsPositiveInfinity(d): w.WriteStringValue("Infinity"); break;
            case double d when double.IsNegativeInfinity(d): w.WriteStringValue("-Infinity"); break;
            case double d: w.WriteNumberValue(d); break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }
}
