using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>
/// The reverse_nested aggregation, inside a nested one: its sub-aggregations run over the documents
/// holding the objects (the root documents, or those of an enclosing nested path), each counted once.
/// </summary>
internal sealed class ReverseNestedAggregation : Aggregation
{
    private readonly string? _path;
    private readonly IReadOnlyList<Aggregation> _subs;

    private ReverseNestedAggregation(string name, string? path, IReadOnlyList<Aggregation> subs) : base(name)
    {
        _path = path;
        _subs = subs;
    }

    public static ReverseNestedAggregation Parse(string name, JsonObject settings, IReadOnlyList<Aggregation> subs)
        => new(name, settings["path"]?.ToString(), subs);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Hit> hits)
    {
        var parents = new List<Hit>();
        var seen = new HashSet<(SearchTarget, int)>();
        foreach (var hit in hits)
        {
            if (hit.Target.Parent == null)
                throw Errors.IllegalArgument($"Reverse nested aggregation [{Name}] can only be used inside a [nested] aggregation");
            var (target, doc) = (hit.Target, hit.Doc);
            while (target.NestedScope != _path)
            {
                if (target.Parent is not { } parent)
                    throw Errors.IllegalArgument($"[reverse_nested] nested path [{_path}] is not a parent of the nested objects of [{hit.Target.NestedScope}]");
                doc = parent.Join.ParentOf(doc);
                target = parent.Target;
            }
            if (seen.Add((target, doc)))
                parents.Add(new Hit(target, doc, hit.Score, null));
        }
        writer.WriteStartObject();
        writer.WriteNumber("doc_count", parents.Count);
        WriteAll(writer, _subs, parents);
        writer.WriteEndObject();
    }
}
