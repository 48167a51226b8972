using Xunit;

namespace VectorReindex.LocalNode.Tests.Structure;

/// <summary>
/// The local node is laid out in floors, each depending only on the ones below it. A type may refer
/// to types on its own floor or lower; a reference upwards fails here, naming both types.
/// </summary>
public sealed class FloorLayeringTests
{
    private const string Root = "VectorReindex.LocalNode";

    /// <summary>The floors from the bottom up, each a set of namespaces under the node's root.</summary>
    private static readonly string[][] Floors =
    {
        new[] { "Foundation" },                // errors, small utilities
        new[] { "Compatibility", "Faults" },   // the presented version's behaviour; fault injection settings
        new[] { "Mapping" },
        new[] { "Metadata" },                  // cluster metadata: settings, aliases, names, routing
        new[] { "Shards" },                    // documents, field indexes, vectors, the index over its shards
        new[] { "Durability" },                // the data directory and log: codecs of the models below
        new[] { "Search" },
        new[] { "Engine" },                    // the write path and the engine that holds the node together
        new[] { "Tasks" },
        new[] { "Http" },                      // the only floors that know HTTP
        new[] { "Handlers" },
    };

    /// <summary>
    /// The public API stays in the root namespace, so its types are placed one by one: the start-up
    /// error is node-wide, the options are what the engine is built from; the rest (the server, the
    /// command line) is the top floor.
    /// </summary>
    private static readonly Dictionary<string, string> RootTypes = new(StringComparer.Ordinal)
    {
        [nameof(LocalNodeStartupException)] = "Foundation",
        [nameof(LocalNodeOptions)] = "Engine",
    };

    private static readonly int TopFloor = Floors.Length;

    [Fact]
    public void NodeTypes_ReferToHigherFloor_Never()
    {
        var upward = NodeTypes()
            .SelectMany(type => TypeReferences.Of(type)
                .Where(IsNodeType)
                .Where(target => FloorOf(target) > FloorOf(type))
                .Select(target => $"{Describe(type)} refers to {Describe(target)}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(upward.Count == 0, "Lower floors refer to higher ones:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void NodeNamespaces_EachOnAFloor()
    {
        var unplaced = NodeTypes()
            .Select(t => t.Namespace!)
            .Where(ns => ns != Root && !Floors.Any(f => f.Contains(ns[(Root.Length + 1)..].Split('.')[0])))
            .Distinct()
            .ToList();

        Assert.True(unplaced.Count == 0, "Namespaces on no floor (add them to Floors): " + string.Join(", ", unplaced));
    }

    [Fact]
    public void TypeReferences_OfAHandler_FindTypesItUsesOnlyInMethodBodies()
    {
        // The scan must see inside method bodies, lambdas and async state machines, or the layering
        // check above would pass vacuously: handlers throw Foundation's errors from async handlers.
        var handler = typeof(LocalNodeServer).Assembly.GetType(Root + ".Handlers.SearchHandlers", throwOnError: true)!;

        var references = TypeReferences.Of(handler).Select(t => t.FullName).ToList();

        Assert.Contains(Root + ".Foundation.Errors", references);
        Assert.Contains(Root + ".Search.SearchExecutor", references);
    }

    private static IEnumerable<Type> NodeTypes()
        => typeof(LocalNodeServer).Assembly.GetTypes().Where(t => !t.IsNested && IsNodeType(t));

    private static bool IsNodeType(Type type)
        => type.Assembly == typeof(LocalNodeServer).Assembly
           && type.Namespace is { } ns && (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal));

    private static int FloorOf(Type type)
    {
        while (type.DeclaringType != null)
            type = type.DeclaringType;
        var floorName = type.Namespace == Root
            ? RootTypes.GetValueOrDefault(type.Name)
            : type.Namespace![(Root.Length + 1)..].Split('.')[0];
        var floor = floorName == null ? -1 : Array.FindIndex(Floors, f => f.Contains(floorName));
        return floor < 0 ? TopFloor : floor;
    }

    private static string Describe(Type type)
    {
        while (type.DeclaringType != null)
            type = type.DeclaringType;
        return $"{type.Namespace![Root.Length..].TrimStart('.')}.{type.Name} (floor {FloorOf(type)})".TrimStart('.');
    }
}
