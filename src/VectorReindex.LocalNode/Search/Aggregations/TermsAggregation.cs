using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>
/// terms: a bucket per distinct value of a keyword, numeric or boolean field over the matched documents,
/// the top <c>size</c> by the order asked (default: count descending, then key ascending), with
/// sum_other_doc_count for the rest and sub-aggregations per bucket. The node holds each shard whole, so
/// counts are exact (doc_count_error_upper_bound 0).
/// </summary>
internal sealed class TermsAggregation : Aggregation
{
    private readonly string _field;
    private readonly int _size;
    private readonly long _minDocCount;
    private readonly (string Key, bool Ascending)[] _order;
    private readonly IReadOnlyList<Aggregation> _subs;

    private TermsAggregation(string name, string field, int size, long minDocCount, (string, bool)[] order, IReadOnlyList<Aggregation> subs)
        : base(name)
    {
        _field = field;
        _size = size;
        _minDocCount = minDocCount;
        _order = order;
        _subs = subs;
    }

    public static TermsAggregation Parse(string name, JsonObject settings, IReadOnlyList<Aggregation> subs)
    {
        foreach (var (key, _) in settings)
            if (key is not ("field" or "size" or "order" or "min_doc_count" or "shard_size" or "show_term_doc_count_error" or "execution_hint" or "collect_mode"))
                throw Errors.IllegalArgument($"[terms] option [{key}] (in aggregation [{name}]) is not supported by the local node");
        var size = settings["size"] is { } s ? s.GetValue<int>() : 10;
        if (size <= 0)
            throw Errors.IllegalArgument($"[size] must be greater than 0. Found [{size}] in [{name}]");
        var order = new List<(string, bool)>();
        foreach (var entry in settings["order"] switch { JsonObject one => new[] { one }, JsonArray many => many.OfType<JsonObject>().ToArray(), null => Array.Empty<JsonObject>(), _ => throw Errors.IllegalArgument("[order] must be an object or an array of objects") })
            foreach (var (key, direction) in entry)
            {
                if (key is not ("_count" or "_key" or "_term"))
                    throw Errors.IllegalArgument($"ordering terms by [{key}] is not supported by the local node; order by _count or _key");
                var dir = direction?.ToString();
                if (dir is not ("asc" or "desc"))
                    throw Errors.IllegalArgument($"Unknown terms order direction [{dir}]");
                order.Add((key == "_term" ? "_key" : key, dir == "asc"));
            }
        if (order.Count == 0)
            order.Add(("_count", false));
        if (!order.Any(o => o.Item1 == "_key"))
            order.Add(("_key", true));
        return new TermsAggregation(name, AggregationParser.Field(name, "terms", settings), size, settings["min_doc_count"] is { } m ? m.GetValue<long>() : 1, order.ToArray(), subs);
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Hit> hits)
    {
        var buckets = new Dictionary<BucketKey, List<Hit>>();
        var numeric = false;
        var boolean = false;
        foreach (var hit in hits)
        {
            var mapping = AggregationValues.Field(hit, _field);
            if (mapping == null)
                continue;
            numeric |= mapping.IsNumeric;
            boolean |= mapping.Type == "boolean";
            foreach (var key in Keys(hit, mapping))
            {
                if (!buckets.TryGetValue(key, out var list))
                    buckets[key] = list = new List<Hit>();
                list.Add(hit);
            }
        }
        var ordered = buckets.Where(b => b.Value.Count >= _minDocCount).ToList();
        ordered.Sort((a, b) =>
        {
            foreach (var (key, ascending) in _order)
            {
                var c = key == "_count" ? a.Value.Count.CompareTo(b.Value.Count) : a.Key.CompareTo(b.Key);
                if (c != 0)
                    return ascending ? c : -c;
            }
            return 0;
        });
        var shown = ordered.Take(_size).ToList();
        writer.WriteStartObject();
        writer.WriteNumber("doc_count_error_upper_bound", 0);
        writer.WriteNumber("sum_other_doc_count", ordered.Skip(_size).Sum(b => (long)b.Value.Count));
        writer.WritePropertyName("buckets");
        writer.WriteStartArray();
        foreach (var (key, members) in shown)
        {
            writer.WriteStartObject();
            if (key.Text != null)
                writer.WriteString("key", key.Text);
            else if (boolean)
            {
                writer.WriteNumber("key", (long)key.Number);
                writer.WriteString("key_as_string", key.Number != 0 ? "true" : "false");
            }
            else if (key.Number == Math.Floor(key.Number) && Math.Abs(key.Number) < 9.2e18 && numeric && !key.IsFloatingPoint)
                writer.WriteNumber("key", (long)key.Number);
            else
                writer.WriteNumber("key", key.Number);
            writer.WriteNumber("doc_count", members.Count);
            WriteAll(writer, _subs, members);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private IEnumerable<BucketKey> Keys(Hit hit, Mapping.FieldMapping mapping)
    {
        var keys = new HashSet<BucketKey>();
        foreach (var value in hit.Target.Values(hit.Doc, _field))
        {
            if (value.GetValueKind() == JsonValueKind.Null)
                continue;
            if (mapping.IsNumeric || mapping.Type == "boolean")
            {
                if (FieldValue.DocValueNumber(mapping, value) is { } n)
                    keys.Add(new BucketKey(null, n, mapping.Type is "double" or "float" or "half_float" or "scaled_float"));
            }
            else
            {
                keys.Add(new BucketKey(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(), 0, false));
            }
        }
        return keys;
    }

    private readonly record struct BucketKey(string? Text, double Number, bool IsFloatingPoint) : IComparable<BucketKey>
    {
        public int CompareTo(BucketKey other) =>
            Text != null && other.Text != null ? string.CompareOrdinal(Text, other.Text) : Number.CompareTo(other.Number);
    }
}
