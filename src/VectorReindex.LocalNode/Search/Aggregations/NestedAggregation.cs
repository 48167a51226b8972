using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>
/// The nested aggregation: its sub-aggregations run over the objects at a nested path of the matched
/// documents, each object a document of its own (doc_count counts objects). An unmapped path counts none.
/// </summary>
internal sealed class NestedAggregation : Aggregation
{
    private readonly string _path;
    private readonly IReadOnlyList<Aggregation> _subs;

    private NestedAggregation(string name, string path, IReadOnlyList<Aggregation> subs) : base(name)
    {
        _path = path;
        _subs = subs;
    }

    public static NestedAggregation Parse(string name, JsonObject settings, IReadOnlyList<Aggregation> subs)
        => new(name, settings["path"]?.ToString() ?? throw Errors.IllegalArgument($"[nested] aggregation [{name}] requires a [path]"), subs);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Hit> hits)
    {
        var objects = new List<Hit>();
        foreach (var hit in hits)
        {
            var mapping = hit.Target.Mapping;
            if (!mapping.NestedObjects.ContainsKey(_path))
            {
                if (mapping.ObjectDynamic.ContainsKey(_path))
                    throw new ElasticsearchException(400, "aggregation_execution_exception", $"[nested] nested path [{_path}] is not nested");
                continue;
            }
            var children = hit.Target.Nested(_path);
            var (start, end) = children.Parent!.Value.Join.ChildrenOf(hit.Doc);
            for (var child = start; child < end; child++)
                objects.Add(new Hit(children, child, hit.Score, null));
        }
        writer.WriteStartObject();
        writer.WriteNumber("doc_count", objects.Count);
        WriteAll(writer, _subs, objects);
        writer.WriteEndObject();
    }
}
